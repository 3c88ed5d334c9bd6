import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { COVERAGE_DEFAULT, type ExtentDoc } from '@casebook/schema';
import { CasePartEntity, ClaimEntity, NodeEntity } from '../../common/node.js';
import { PartialDate, partialDate } from '../partial-date.js';
import { BodyType, ResponsibilityFunction, Tier } from '../vocabulary/vocabulary.enums.js';
import { PeriodCoverage } from './coverage.types.js';
import { Extent, extentOf } from './extent.types.js';

/** A span of time over which a case's structure held, e.g. before and after a reform. */
@Entity({ name: 'structure_period' })
@Index('idx_structure_period_edition', ['editionId', 'key'], { unique: true })
@ObjectType({
  implements: NodeEntity,
  description: 'A span of time over which a structure held, e.g. before or after a reform.',
})
export class StructurePeriod extends NodeEntity {
  @Column({ name: 'edition_id', type: 'uuid' })
  editionId: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'Stable key, unique within the case.' })
  key: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'A label such as "Eight regional forces (before 1 April 2013)".' })
  label: string;

  @Column({ name: 'valid_from', type: 'text', nullable: true })
  validFromText: string | null;

  @Column({ name: 'valid_to', type: 'text', nullable: true })
  validToText: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What characterises the period.' })
  description: string | null;

  /** When the period was last reviewed, as the file writes it ("2026-12"); null when it does not say. */
  @Column({ name: 'reviewed', type: 'text', nullable: true })
  reviewedText: string | null;

  @Field(() => PartialDate, {
    nullable: true,
    description: 'When what the profile says of this period was last reviewed; null when it does not say.',
  })
  get reviewed(): PartialDate | null {
    return partialDate(this.reviewedText);
  }

  /** Per section, whether the period records all of it, some or none; partial unless the profile says. */
  @Column({ type: 'jsonb', default: () => `'${JSON.stringify(COVERAGE_DEFAULT)}'` })
  @Field(() => PeriodCoverage, {
    description:
      'How much of its levels and bodies, responsibilities and connections the period records. A part missing from a COMPLETE section is absent; from a PARTIAL or NOT_RECORDED one, not recorded.',
  })
  coverage: PeriodCoverage;

  @Field(() => PartialDate, { nullable: true, description: 'When the period began; null when unknown.' })
  get validFrom(): PartialDate | null {
    return partialDate(this.validFromText);
  }

  @Field(() => PartialDate, { nullable: true, description: 'When the period ended; null while it is current.' })
  get validTo(): PartialDate | null {
    return partialDate(this.validToText);
  }

  @Field(() => Boolean, { description: 'Whether the period is open-ended (current).' })
  get current(): boolean {
    return this.validToText === null;
  }
}

/** A governance level in a period: a tier and what sits at it. */
@Entity({ name: 'governance_level' })
@Index('idx_governance_level_period', ['periodId', 'key'], { unique: true })
@ObjectType({
  implements: [NodeEntity, ClaimEntity],
  description: 'A level of governance in a period, such as "21 wellbeing services counties".',
})
export class GovernanceLevel extends CasePartEntity {
  @Column({ name: 'period_id', type: 'uuid' })
  periodId: string;

  @Column({ type: 'enum', enum: Tier, enumName: 'tier' })
  @Field(() => Tier, { description: 'The tier this level sits at. Several levels may share a tier.' })
  tier: keyof typeof Tier;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'Name of the level, e.g. "21 wellbeing services counties".' })
  name: string;

  @Column({ name: 'unit_count', type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'How many units the level has, when known.' })
  unitCount: number | null;

  @Column({ type: 'boolean', default: false })
  @Field(() => Boolean, {
    description: 'True when the record says this tier has no body here ("none", as opposed to "no data").',
  })
  absent: boolean;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What the level does.' })
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

/** An organisation at a level. */
@Entity({ name: 'body' })
@Index('idx_body_period', ['periodId', 'key'], { unique: true })
@ObjectType({
  implements: [NodeEntity, ClaimEntity],
  description: 'An organisation at a level: a ministry, agency, board, council...',
})
export class Body extends CasePartEntity {
  @Column({ name: 'period_id', type: 'uuid' })
  periodId: string;

  @Column({ name: 'level_id', type: 'uuid' })
  levelId: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'Name of the body.' })
  name: string;

  @Column({ type: 'enum', enum: BodyType, enumName: 'body_type' })
  @Field(() => BodyType, { description: 'What kind of organisation it is.' })
  type: keyof typeof BodyType;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What the body does.' })
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

/** A function a body holds for a service area. */
@Entity({ name: 'responsibility' })
@Index('idx_responsibility_period', ['periodId', 'key'], { unique: true })
@ObjectType({
  implements: [NodeEntity, ClaimEntity],
  description: 'A function a body holds for a service area, e.g. the ministry sets policy for child welfare.',
})
export class Responsibility extends CasePartEntity {
  @Column({ name: 'period_id', type: 'uuid' })
  periodId: string;

  @Column({ name: 'body_id', type: 'uuid' })
  bodyId: string;

  @Column({ type: 'enum', enum: ResponsibilityFunction, enumName: 'responsibility_function' })
  @Field(() => ResponsibilityFunction, { description: 'The function held.' })
  function: keyof typeof ResponsibilityFunction;

  @Column({ name: 'service_area_id', type: 'uuid' })
  serviceAreaId: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Detail of the responsibility.' })
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

/** Tier order used wherever levels are listed. */
export const TIER_ORDER: Record<keyof typeof Tier, number> = { NATIONAL: 0, REGIONAL: 1, LOCAL: 2 };
