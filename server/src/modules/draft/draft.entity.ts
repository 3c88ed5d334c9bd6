import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseProfileDoc } from '@casebook/schema';
import { DraftPartKind } from './draft.inputs.js';

export enum DraftStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
}
registerEnumType(DraftStatus, {
  name: 'DraftStatus',
  description: 'Where a draft is in review. Publishing ends the draft.',
  valuesConfig: {
    DRAFT: { description: 'Being edited.' },
    IN_REVIEW: { description: 'Sent for review; editing is closed until changes are requested.' },
  },
});

export enum RevisionKind {
  CREATE = 'CREATE',
  EDIT = 'EDIT',
  IMPORT = 'IMPORT',
  RESTORE = 'RESTORE',
  PUBLISH = 'PUBLISH',
}
registerEnumType(RevisionKind, { name: 'RevisionKind', description: 'How a revision came about.' });

/** The one draft a case may have: a profile document beside the published edition. */
@Entity({ name: 'case_draft' })
@ObjectType({ description: 'The draft of a case: a profile document being edited beside the published edition.' })
export class CaseDraft {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'enum', enum: DraftStatus, enumName: 'draft_status', default: DraftStatus.DRAFT })
  @Field(() => DraftStatus, { description: 'Being edited, or in review.' })
  status: DraftStatus;

  @Column({ type: 'integer' })
  @Field(() => Int, { description: 'Changes with every save; send it back as `expectedVersion`.' })
  version: number;

  @Column({ type: 'jsonb' })
  @Field(() => GraphQLJSONObject, { description: 'The draft profile document (docs/CASE-PROFILE-FORMAT.md).' })
  document: CaseProfileDoc;

  /** The draft's read model, so that the draft can be read as readers will see it. */
  @Column({ name: 'edition_id', type: 'uuid', nullable: true })
  editionId: string | null;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;

  @Column({ name: 'updated_by_label', type: 'text' })
  @Field(() => String, { description: 'Who saved it last.' })
  updatedByLabel: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When it was saved last.' })
  updatedAt: Date;

  @Column({ name: 'changes_requested_by_label', type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Who last sent the draft back for changes; null once it is sent for review again, or never sent back.',
  })
  changesRequestedBy: string | null;

  @Column({ name: 'changes_requested_at', type: 'timestamptz', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'When the draft was sent back for changes (see changesRequestedBy).',
  })
  changesRequestedAt: Date | null;
}

/** The whole document after one saved change. */
@Entity({ name: 'revision' })
@ObjectType({ description: 'A saved change: the whole document as it stood, who saved it, when and why.' })
export class Revision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'integer' })
  @Field(() => Int, { description: 'Revision number within the case, from 1.' })
  number: number;

  @Column({ type: 'enum', enum: RevisionKind, enumName: 'revision_kind' })
  @Field(() => RevisionKind, { description: 'How it came about.' })
  kind: RevisionKind;

  @Column({ type: 'jsonb' })
  @Field(() => GraphQLJSONObject, { description: 'The whole document at this revision.' })
  document: CaseProfileDoc;

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ name: 'author_label', type: 'text' })
  @Field(() => String, { description: 'Who saved it.' })
  authorLabel: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Why, in the author’s words.' })
  message: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When.' })
  createdAt: Date;
}

@Entity({ name: 'review_comment' })
@ObjectType({
  description:
    'A review comment: about the whole draft, a part or one field of a part; a reply belongs to the thread its `parentId` opened. Kept with the edition it was published with.',
})
export class ReviewComment {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Identifier.' })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ name: 'part_key', type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'The key of the part commented on; null for the whole draft or the headline.',
  })
  partKey: string | null;

  @Column({ name: 'part_kind', type: 'text', nullable: true })
  @Field(() => DraftPartKind, {
    nullable: true,
    description:
      'The kind of part commented on; null for the whole draft (and for comments written before parts had kinds, which name a lesson or a source by `partKey`).',
  })
  partKind: DraftPartKind | null;

  @Column({ name: 'period_key', type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'For a level, body, responsibility or connection: the key of its period.',
  })
  periodKey: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'The field of the part commented on, as the file format names it (`name`, `cite`); null for the whole part.',
  })
  field: string | null;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  @Field(() => ID, {
    nullable: true,
    description: 'The comment that opened the thread this one answers; null for one that opens a thread.',
  })
  parentId: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'When the thread this comment opened was resolved; null while it is open.',
  })
  resolvedAt: Date | null;

  @Column({ name: 'resolved_by_label', type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Who resolved the thread.' })
  resolvedBy: string | null;

  @Column({ type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'The edition the comment was published with; null while its draft is open.',
  })
  edition: number | null;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'The comment.' })
  body: string;

  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @Column({ name: 'author_label', type: 'text' })
  @Field(() => String, { description: 'Who wrote it.' })
  authorLabel: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When.' })
  createdAt: Date;
}

@ObjectType({ description: 'A part added, removed or changed between two documents, matched by key.' })
export class DocumentChange {
  @Field(() => String, {
    description:
      'Kind of part: period, level, body, responsibility, connection, event, lesson, source, or case for the headline.',
  })
  part: string;

  @Field(() => String, { description: 'ADDED, REMOVED or CHANGED.' })
  change: string;

  @Field(() => String, { description: 'Where the part is: e.g. `from-2013/spa` for a body in a period, or its key.' })
  path: string;

  @Field(() => String, { description: 'Its name or title.' })
  label: string;

  @Field(() => [String], { description: 'For a change: the fields that differ.' })
  fields: string[];

  @Field(() => [String], { description: 'For a change: each field before, as text, in the order of `fields`.' })
  before: string[];

  @Field(() => [String], { description: 'For a change: each field after, as text, in the order of `fields`.' })
  after: string[];
}

@Entity({ name: 'publication' })
@ObjectType({ description: 'A publication of a case: the new edition and what it changed.' })
export class Publication {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Identifier.' })
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'integer' })
  @Field(() => Int, { description: 'The edition published.' })
  edition: number;

  @Column({ name: 'published_at', type: 'timestamptz', default: () => 'now()' })
  @Field(() => Date, { description: 'When.' })
  publishedAt: Date;

  @Column({ name: 'published_by_label', type: 'text' })
  @Field(() => String, {
    description: 'Who published it: their display name (never an email address), "a reviewer" without one, or "cli".',
  })
  publishedByLabel: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'What changed, in one line.' })
  summary: string;

  @Column({ type: 'jsonb' })
  @Field(() => [DocumentChange], { description: 'Every change from the previous edition.' })
  changes: DocumentChange[];
}
