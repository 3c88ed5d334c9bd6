import { IsOptional, MaxLength } from 'class-validator';
import { Args, ArgsType, Authorized, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { Capability } from '../../common/capability.js';
import type { Context } from '../context.js';
import { ConnectionType, PageArgs, pageWindow, toConnection } from '../pagination.js';
import { AuditEvent } from './audit.entity.js';

@ArgsType()
class AuditLogArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Only this action, e.g. `signIn` or `publishDraft`.' })
  @IsOptional()
  @MaxLength(100)
  action?: string;

  @Field(() => String, { nullable: true, description: 'Only `ok`, `refused` or `failed`.' })
  @IsOptional()
  @MaxLength(20)
  outcome?: string;

  @Field(() => String, { nullable: true, description: 'Only events by this actor (email or `token:NAME`).' })
  @IsOptional()
  @MaxLength(300)
  actor?: string;
}

@ObjectType({ description: 'A page of the audit log.' })
class AuditEventConnection extends ConnectionType(AuditEvent, 'AuditEvent') {}

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: 'The audit log, newest first (admins).' })
  @Authorized<Capability>('admin')
  async auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: Context): Promise<AuditEventConnection> {
    const window = pageWindow(args);
    const [items, total] = await ctx.services.audit.list(args, window);
    return toConnection(items, total, window);
  }
}
