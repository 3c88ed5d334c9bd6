import { Field, Int, ObjectType } from 'type-graphql';
import { DraftStatus } from '../draft/draft.entity.js';

@ObjectType({ description: "A case's draft as the work list shows it: where it stands and who touched it last." })
export class WorkItem {
  @Field(() => String, { description: 'The case slug.' })
  slug: string;

  @Field(() => String, { description: 'The case name, as the draft has it.' })
  name: string;

  @Field(() => DraftStatus, { description: 'Being edited, or in review.' })
  status: DraftStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Who sent it back for changes, while it waits on its editors; null otherwise.',
  })
  changesRequestedBy: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was sent back for changes.' })
  changesRequestedAt: Date | null;

  @Field(() => String, { description: 'Who saved it last.' })
  updatedByLabel: string;

  @Field(() => Date, { description: 'When it was saved last.' })
  updatedAt: Date;

  @Field(() => Boolean, { description: 'True when the viewer saved it last.' })
  mine: boolean;

  @Field(() => Boolean, { description: 'True when the case has a published edition.' })
  published: boolean;

  @Field(() => Boolean, {
    description:
      'True when the draft waits on the viewer: in review and the viewer reviews, or sent back for changes and the viewer saved it last.',
  })
  waitsOnMe: boolean;

  @Field(() => Int, { description: 'Review threads on the draft not yet resolved.' })
  openThreads: number;
}

@ObjectType({ description: 'A publication, as the work list shows the latest ones.' })
export class RecentPublication {
  @Field(() => String, { description: 'The case slug.' })
  slug: string;

  @Field(() => String, { description: 'The case name.' })
  name: string;

  @Field(() => Int, { description: 'The edition published.' })
  edition: number;

  @Field(() => Date, { description: 'When.' })
  publishedAt: Date;

  @Field(() => String, { description: 'Who published it.' })
  publishedBy: string;

  @Field(() => String, { description: 'What changed, in one line.' })
  summary: string;
}

@ObjectType({
  description: "The casebook's work for the viewer: every draft, what waits on them, the latest publications.",
})
export class WorkList {
  @Field(() => [WorkItem], { description: 'Every draft, the latest saved first.' })
  drafts: WorkItem[];

  @Field(() => Int, { description: 'How many drafts wait on the viewer (see WorkItem.waitsOnMe).' })
  waitingOnMe: number;

  @Field(() => [RecentPublication], {
    description: 'The latest publications, newest first (at most 10).',
  })
  recentlyPublished: RecentPublication[];
}
