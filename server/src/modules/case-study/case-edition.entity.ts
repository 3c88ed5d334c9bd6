import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseProfileDoc, NotModelledDoc } from '@casebook/schema';
import { CaseKind } from './case-study.entity.js';

/** One published edition of a case: its headline and the document it was loaded from. */
@Entity({ name: 'case_edition' })
@ObjectType({ description: 'A published edition of a case study.' })
export class CaseEdition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'integer' })
  @Field(() => Int, { description: 'Edition number, from 1.' })
  edition: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: CaseKind, enumName: 'case_kind' })
  kind: CaseKind;

  @Column({ type: 'text' })
  jurisdiction: string;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'boolean' })
  baseline: boolean;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** When the profile was last reviewed, as the file writes it ("2026-12"); null when it does not say. */
  @Column({ name: 'reviewed', type: 'text', nullable: true })
  reviewedText: string | null;

  /** Record URLs the profile does not cite, each with the reason. */
  @Column({ name: 'not_modelled', type: 'jsonb', default: () => `'[]'` })
  notModelled: NotModelledDoc[];

  @Column({ name: 'published_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When this edition was published.' })
  publishedAt: Date;

  /** A draft's read model (never published): lets editors see a draft exactly as readers will. */
  @Column({ name: 'is_draft', type: 'boolean', default: false })
  isDraft: boolean;

  /** The profile document exactly as published; exports serialise it. */
  @Column({ type: 'jsonb' })
  document: CaseProfileDoc;
}
