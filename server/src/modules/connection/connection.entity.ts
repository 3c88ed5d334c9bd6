import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import type { ExtentDoc } from '@casebook/schema';
import { CasePartEntity, ClaimEntity, NodeEntity } from '../../common/node.js';
import { Extent, extentOf } from '../governance/extent.types.js';
import { Mechanism, Tier } from '../vocabulary/vocabulary.enums.js';

/** How two service areas are connected in a period. */
@Entity({ name: 'service_connection' })
@Index('idx_service_connection_period', ['periodId', 'key'], { unique: true })
@ObjectType({
  implements: [NodeEntity, ClaimEntity],
  description:
    "How two service areas are connected in a period, e.g. children's social work and health through structural integration.",
})
export class ServiceConnection extends CasePartEntity {
  @Column({ name: 'period_id', type: 'uuid' })
  periodId: string;

  @Column({ name: 'area_a_id', type: 'uuid' })
  areaAId: string;

  @Column({ name: 'area_b_id', type: 'uuid' })
  areaBId: string;

  @Column({ type: 'text', array: true })
  @Field(() => [Mechanism], {
    description: 'The mechanisms that connect them; NONE records that they are not connected.',
  })
  mechanisms: (keyof typeof Mechanism)[];

  @Column({ type: 'enum', enum: Tier, enumName: 'tier', nullable: true })
  @Field(() => Tier, { nullable: true, description: 'The tier at which the connection is made, when known.' })
  tier: keyof typeof Tier | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'How the connection works.' })
  description: string | null;

  /** Where in the case it holds, when only in part of it (the profile's `extent`). */
  @Column({ name: 'extent', type: 'jsonb', nullable: true })
  extentDoc: ExtentDoc | null;

  @Field(() => Extent, {
    nullable: true,
    description: 'Where in the case this holds, when only in part of it; null when throughout.',
  })
  get extent(): Extent | null {
    return extentOf(this.extentDoc);
  }
}
