import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum NotificationKind {
  REVIEW_REQUESTED = 'REVIEW_REQUESTED',
  SUBMISSION_WITHDRAWN = 'SUBMISSION_WITHDRAWN',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  COMMENTED = 'COMMENTED',
  REPLIED = 'REPLIED',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description: 'What a notification tells of.',
  valuesConfig: {
    REVIEW_REQUESTED: { description: 'A draft was sent for review (told to those who review).' },
    SUBMISSION_WITHDRAWN: { description: 'A draft was taken back out of review (told to those who review).' },
    CHANGES_REQUESTED: { description: 'A reviewer sent a draft back for changes (told to its editors).' },
    COMMENTED: { description: 'Someone commented on a draft the recipient works on.' },
    REPLIED: { description: 'Someone answered a thread the recipient wrote in.' },
    PUBLISHED: { description: 'A draft the recipient worked on was published.' },
  },
});

/** One thing told to one person: a request, a comment or a publication in a case they work on. */
@Entity({ name: 'notification' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Identifier.' })
  id: string;

  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Column({ type: 'text' })
  kind: NotificationKind;

  @Column({ name: 'actor_label', type: 'text' })
  actorLabel: string;

  @Column({ type: 'text', nullable: true })
  excerpt: string | null;

  @Column({ name: 'comment_id', type: 'uuid', nullable: true })
  commentId: string | null;

  @Column({ type: 'integer', nullable: true })
  edition: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;
}

@ObjectType('Notification', { description: 'One thing told to the viewer, in a case they work on.' })
export class NotificationItem {
  @Field(() => ID, { description: 'Identifier.' })
  id: string;

  @Field(() => NotificationKind, { description: 'What it tells of.' })
  kind: NotificationKind;

  @Field(() => String, { description: 'The case slug.' })
  slug: string;

  @Field(() => String, { description: 'The case name.' })
  caseName: string;

  @Field(() => String, { description: 'Who did it.' })
  actorLabel: string;

  @Field(() => String, {
    nullable: true,
    description: "The start of the comment, for a comment or a reviewer's request.",
  })
  excerpt: string | null;

  @Field(() => ID, { nullable: true, description: 'The comment it tells of, for a comment or a reply.' })
  commentId: string | null;

  @Field(() => Int, { nullable: true, description: 'The edition published, for a publication.' })
  edition: number | null;

  @Field(() => Date, { description: 'When.' })
  createdAt: Date;

  @Field(() => Boolean, { description: 'True once the viewer has read it.' })
  read: boolean;
}

@ObjectType({ description: "The viewer's notifications: how many are unread, and the latest." })
export class NotificationList {
  @Field(() => Int, { description: 'How many are unread.' })
  unread: number;

  @Field(() => [NotificationItem], { description: 'The latest, newest first (at most `limits.notifications.shown`).' })
  items: NotificationItem[];
}
