import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Something that happened: a sign-in, a refusal, an edit, a review, a publication, token use. */
@Entity({ name: 'audit_event' })
@ObjectType({ description: 'An entry of the audit log.' })
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Identifier.' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  @Field(() => Date, { description: 'When it happened.' })
  at: Date;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'What was done, e.g. `signIn`, `saveDraftPart`, `publishDraft`, `token.use`.' })
  action: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: '`ok`, `refused` or `failed`.' })
  outcome: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ name: 'actor_token_id', type: 'uuid', nullable: true })
  actorTokenId: string | null;

  @Column({ name: 'actor_label', type: 'text' })
  @Field(() => String, { description: 'Who: an email, `token:NAME`, `anonymous` or `cli`.' })
  actorLabel: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What it was done to, e.g. a case slug.' })
  target: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'More detail, e.g. the reason for a refusal.' })
  detail: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The network address of the request.' })
  address: string | null;

  @Column({ type: 'integer', default: 1 })
  @Field(() => Int, {
    description:
      'How many times it happened: 1, except for `anonymous.refused`, which counts the refused requests of one address in one minute.',
  })
  count: number;

  /** For rows that count (anonymous refusals): the address and minute they count, unique. */
  @Column({ type: 'text', nullable: true })
  bucket: string | null;
}
