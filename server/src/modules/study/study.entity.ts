import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { StudyDoc } from '@casebook/schema';
import { ClaimEntity, NodeEntity } from '../../common/node.js';
import { PartialDate, partialDate } from '../partial-date.js';

/** The research the cases serve. One row. */
@Entity({ name: 'study' })
@ObjectType({
  description: 'The research the case studies serve: its question, purpose, strands, reports and findings.',
})
export class Study {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('idx_study_singleton', { unique: true })
  @Column({ type: 'boolean', default: true })
  singleton: boolean;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'Title of the research.' })
  title: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'The overarching research question.' })
  question: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'What the research is for.' })
  purpose: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When the study record last changed.' })
  updatedAt: Date;

  /** The study document as loaded; exports serialise it. */
  @Column({ type: 'jsonb' })
  document: StudyDoc;
}

/** A strand of the research. */
@Entity({ name: 'study_strand' })
@ObjectType({ implements: [NodeEntity, ClaimEntity], description: 'A strand of the research.' })
export class StudyStrand extends ClaimEntity {
  @Column({ type: 'integer' })
  @Field(() => Int, { description: 'Strand number.' })
  number: number;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'Title.' })
  title: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Who led it.' })
  lead: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What it did.' })
  description: string | null;
}

/** A published report of the research. */
@Entity({ name: 'study_report' })
@ObjectType({ implements: [NodeEntity, ClaimEntity], description: 'A published report of the research.' })
export class StudyReport extends ClaimEntity {
  @Column({ name: 'strand_key', type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Key of the strand it reports.' })
  strandKey: string | null;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'Title.' })
  title: string;

  @Column({ name: 'published', type: 'text', nullable: true })
  publishedText: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What it covers.' })
  description: string | null;

  @Field(() => PartialDate, { nullable: true, description: 'When it was published.' })
  get published(): PartialDate | null {
    return partialDate(this.publishedText);
  }
}

/** A finding of the research. */
@Entity({ name: 'study_finding' })
@ObjectType({
  implements: [NodeEntity, ClaimEntity],
  description: 'A finding of the research, e.g. a cross-cutting finding on implementation.',
})
export class StudyFinding extends ClaimEntity {
  @Column({ name: 'strand_key', type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Key of the strand it comes from.' })
  strandKey: string | null;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'The finding.' })
  text: string;
}
