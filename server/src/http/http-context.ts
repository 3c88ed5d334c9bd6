import type { Response } from 'express';
import type { Context } from '../modules/context.js';
import type { RequestBudget } from './rate-budget.js';

/** The context of a request that came over HTTP: the resolvers' context, plus the response for the HTTP layer's own plugins. */
export interface HttpContext extends Context {
  /** The HTTP response; absent outside HTTP. */
  res?: Response;
  /** What this request spends of its caller's rate budget; absent outside the /graphql handler. */
  budget?: RequestBudget;
}
