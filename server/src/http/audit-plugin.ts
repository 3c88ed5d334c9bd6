import type { ApolloServerPlugin } from '@apollo/server';
import { auditActor } from '../modules/account/access.js';
import type { HttpContext } from './http-context.js';

/**
 * Collects the refusals of each request (requireCapability adds to `refusals`) and writes them to
 * the audit log once, when the answer is sent: one row per request, or for anonymous callers a
 * count on the row of their address and minute (AuditService.recordRefusals). A failure to write
 * is logged, never turned into the caller's answer.
 */
export function auditRefusalsPlugin(log: (message: string, error?: unknown) => void): ApolloServerPlugin<HttpContext> {
  return {
    async requestDidStart({ contextValue }) {
      contextValue.refusals = [];
      return {
        async willSendResponse({ contextValue: ctx }) {
          const refusals = ctx.refusals ?? [];
          if (refusals.length === 0) return;
          ctx.refusals = [];
          try {
            await ctx.services.audit.recordRefusals(auditActor({ viewer: ctx.viewer, address: ctx.address }), refusals);
          } catch (error) {
            log('could not write refusals to the audit log', error);
          }
        },
      };
    },
  };
}
