import { ArrayMaxSize, IsUUID } from 'class-validator';
import {
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  UseMiddleware,
} from 'type-graphql';
import { limits } from '@casebook/schema';
import type { Capability } from '../../common/capability.js';
import { InvalidArgsInPayload, UserError } from '../../common/errors.js';
import type { Context } from '../context.js';
import { NotificationList } from './notification.entity.js';

@ArgsType()
class MarkNotificationsReadArgs {
  @Field(() => [ID], { nullable: true, description: 'The notifications to mark read (the viewer’s own).' })
  @ArrayMaxSize(limits.notifications.perUser, {
    message: `Name at most ${limits.notifications.perUser} notifications at once.`,
  })
  @IsUUID('all', { each: true, message: 'A notification is named by its id.' })
  ids: string[] | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Mark every notification of the viewer read.' })
  all: boolean;
}

@ObjectType({ description: 'The result of marking notifications read.' })
class MarkNotificationsReadPayload {
  @Field(() => Int, {
    nullable: true,
    description:
      'How many of the viewer’s notifications are still unread; null when the input was refused as malformed.',
  })
  unread: number | null;

  @Field(() => [UserError], { description: 'Problems with the input; nothing was marked.' })
  userErrors: UserError[];
}

@Resolver(() => NotificationList)
export class NotificationResolver {
  @Query(() => NotificationList, {
    description:
      'The signed-in person’s notifications, the latest first: drafts sent for review (to reviewers), changes requested, comments and replies, publications of drafts they worked on.',
  })
  @Authorized<Capability>('ownAccount')
  notifications(@Ctx() ctx: Context): Promise<NotificationList> {
    return ctx.services.notifications.forViewer(ctx.viewer);
  }

  @Mutation(() => MarkNotificationsReadPayload, {
    description: 'Marks the signed-in person’s notifications read: those named, or all (`all: true`).',
  })
  @Authorized<Capability>('ownAccount')
  @UseMiddleware(InvalidArgsInPayload())
  markNotificationsRead(
    @Args() { ids, all }: MarkNotificationsReadArgs,
    @Ctx() ctx: Context,
  ): Promise<MarkNotificationsReadPayload> {
    return ctx.services.notifications.markRead(ctx.viewer, ids, all);
  }
}
