import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What one editor has typed in one open form of a draft and not saved: kept as they type, shown
 * only to them, offered back after a reload. Never a revision, never part of the draft.
 */
@Entity({ name: 'pending_change' })
@ObjectType({ description: "An editor's unsaved input in one form of a draft, kept for them alone as they type." })
export class PendingChange {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @PrimaryColumn({ type: 'text' })
  @Field(() => String, { description: 'Which form, as the app names it (the part and where it sits).' })
  form: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'What the form is about, in words, e.g. "the lesson Keep directors in post".' })
  label: string;

  @Column({ type: 'jsonb' })
  @Field(() => GraphQLJSONObject, {
    description: "The form's state as the app kept it: its values and the version they were typed against.",
  })
  state: Record<string, unknown>;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When it was last kept.' })
  updatedAt: Date;
}
