import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { CasePartEntity, ClaimEntity, NodeEntity } from '../../common/node.js';
import { EvidenceStrength } from '../vocabulary/vocabulary.enums.js';

/** A lesson a reform programme teaches. */
@Entity({ name: 'reform_lesson' })
@Index('idx_reform_lesson_edition', ['editionId', 'key'], { unique: true })
@ObjectType({
  implements: [NodeEntity, ClaimEntity],
  description: 'A lesson a reform programme teaches, under a theme.',
})
export class ReformLesson extends CasePartEntity {
  @Index('idx_lesson_theme')
  @Column({ name: 'theme_id', type: 'uuid' })
  themeId: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'The lesson in one line.' })
  title: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'The lesson in full.' })
  detail: string;

  @Column({
    name: 'evidence_strength',
    type: 'enum',
    enum: EvidenceStrength,
    enumName: 'evidence_strength',
    nullable: true,
  })
  @Field(() => EvidenceStrength, {
    nullable: true,
    description: 'How strongly the sources support it; null when they do not say.',
  })
  evidenceStrength: keyof typeof EvidenceStrength | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'How the lesson may apply elsewhere; null means "not recorded": the sources give none.',
  })
  transferability: string | null;
}
