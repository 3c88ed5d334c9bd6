import type { AuthCheckerFn } from 'type-graphql';
import type { Capability } from '../../common/capability.js';
import type { Context } from '../context.js';
import { auditActor, can, refusal } from './access.js';

/**
 * Lets the viewer do `action` if they have `capability`; otherwise records the refusal for the
 * audit log (`needs CAPABILITY`) and throws UNAUTHENTICATED (nobody signed in) or FORBIDDEN.
 * Either way the answer is private: what a capability guards is not for everyone, and the
 * shared response cache must not store it.
 * The authChecker below calls it for every `@Authorized` field; a resolver calls it itself only
 * where the check depends on the arguments (e.g. `caseStudy(draft: true)`).
 */
export async function requireCapability(
  ctx: Pick<Context, 'viewer' | 'address' | 'services' | 'privacy' | 'refusals'>,
  capability: Capability,
  action: string,
): Promise<void> {
  ctx.privacy.markPrivate(`${action} (needs ${capability})`);
  if (can(ctx.viewer, capability)) return;
  // Over HTTP the request's refusals are written together when it is answered (http/audit-plugin.ts).
  if (ctx.refusals) ctx.refusals.push({ action, capability });
  else
    await ctx.services.audit.recordRefusals(auditActor({ viewer: ctx.viewer, address: ctx.address }), [
      { action, capability },
    ]);
  throw refusal(ctx.viewer, capability);
}

/**
 * The one authChecker, given to buildSchema: `@Authorized<Capability>('admin')` on a field means
 * the viewer needs that capability (every one listed, in order) to resolve it; the audit log calls
 * the refusal by the field's name. It throws the project's own refusal (an AppError with its code)
 * rather than returning false, so type-graphql's generic errors never reach a caller.
 */
export const authChecker: AuthCheckerFn<Context, Capability> = async ({ context, info }, capabilities) => {
  // A bare @Authorized() would name nothing to refuse with; it is a mistake, not "signed in".
  if (capabilities.length === 0)
    throw new Error(`@Authorized on ${info.parentType.name}.${info.fieldName} names no capability.`);
  for (const capability of capabilities) await requireCapability(context, capability, info.fieldName);
  return true;
};
