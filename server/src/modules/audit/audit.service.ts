import type { DataSource, EntityManager } from 'typeorm';
import { limits } from '@casebook/schema';
import type { PageWindow } from '../pagination.js';
import { AuditEvent } from './audit.entity.js';

/** Who did something, and from where, as the log records it (accounts build it from a viewer). */
export interface AuditActor {
  /** An email, `token:NAME`, `anonymous` or `cli`. */
  label: string;
  userId: string | null;
  tokenId: string | null;
  address: string | null;
}

/** A field refused to a caller, and the capability it needed. */
export interface Refusal {
  action: string;
  capability: string;
}

/** How many different field names (and capabilities) one refusal row lists at most. */
export const REFUSAL_NAMES_MAX = 20;
/** The action of the rows that count anonymous refusals per address and minute. */
export const ANONYMOUS_REFUSED = 'anonymous.refused';

const distinct = (names: string[]) => [...new Set(names)].sort().slice(0, REFUSAL_NAMES_MAX);

/** Whether an actor is a caller who is not signed in (nor using a token): their rows are counted. */
const isAnonymous = (actor: AuditActor) =>
  actor.userId === null && actor.tokenId === null && actor.label === 'anonymous';

/** Writes the audit log: sign-ins, refusals, edits, reviews, publications, token use. */
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(
    actor: AuditActor,
    action: string,
    outcome: 'ok' | 'refused' | 'failed',
    target?: string | null,
    detail?: string | null,
    manager?: EntityManager,
  ): Promise<void> {
    await (manager ?? this.dataSource.manager).insert(AuditEvent, {
      action,
      outcome,
      actorUserId: actor.userId,
      actorTokenId: actor.tokenId,
      actorLabel: actor.label,
      target: target ?? null,
      detail: detail ?? null,
      address: actor.address,
    });
  }

  /**
   * Writes the refusals of one request. A signed-in caller or token gets one row: the first
   * refused field as its action, `needs CAPABILITY, …` as its detail and, when more than one field
   * was refused, their names as its target. An anonymous caller's refusals are counted instead: one
   * `anonymous.refused` row per address and minute (of the database clock), whose count is the
   * number of refused requests and whose target and detail list the fields and capabilities (at
   * most REFUSAL_NAMES_MAX of each), so a flood of refused requests writes a row a minute.
   */
  async recordRefusals(actor: AuditActor, refusals: Refusal[]): Promise<void> {
    const first = refusals[0];
    if (!first) return;
    const fields = distinct(refusals.map((r) => r.action));
    const needs = distinct(refusals.map((r) => r.capability));
    if (!isAnonymous(actor)) {
      await this.record(
        actor,
        first.action,
        'refused',
        fields.length > 1 ? fields.join(', ') : null,
        `needs ${needs.join(', ')}`,
      );
      return;
    }
    await this.count(actor, {
      action: ANONYMOUS_REFUSED,
      outcome: 'refused',
      bucket: 'refused',
      targets: fields,
      detailPrefix: 'needs ',
      details: needs,
    });
  }

  /**
   * Writes a sign-in that failed (a wrong email or password) or was refused (a wait runs), for
   * `email` as typed. Those of a caller who is not signed in are counted, as their refusals are:
   * one row per address, minute and outcome, whose target lists the emails tried (at most
   * REFUSAL_NAMES_MAX, each cut at the longest email an account may have), so a flood of guesses
   * writes a row a minute. A signed-in caller's get a row each.
   */
  async recordSignIn(actor: AuditActor, outcome: 'failed' | 'refused', email: string, detail: string): Promise<void> {
    if (!isAnonymous(actor)) return this.record(actor, 'signIn', outcome, email, detail);
    const cut = email.length > limits.email.max ? `${email.slice(0, limits.email.max)}…` : email;
    await this.count(actor, {
      action: 'signIn',
      outcome,
      bucket: `signIn.${outcome}`,
      targets: [cut],
      detailPrefix: '',
      details: [detail],
    });
  }

  /**
   * Counts one event of an anonymous caller on the row of its `bucket`, address and minute (of
   * the database clock), made by the first: the row's count goes up, and its target and detail
   * (after `detailPrefix`) list the names seen in that minute, at most REFUSAL_NAMES_MAX of each.
   */
  private async count(
    actor: AuditActor,
    event: {
      action: string;
      outcome: 'refused' | 'failed';
      bucket: string;
      targets: string[];
      detailPrefix: string;
      details: string[];
    },
  ): Promise<void> {
    await this.dataSource.query(
      `WITH "minute" AS (SELECT to_char(date_trunc('minute', now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI"Z"') AS "m")
       INSERT INTO "audit_event" ("action", "outcome", "actor_label", "target", "detail", "address", "count", "bucket")
       SELECT $1, $2, 'anonymous', $3, $4 || $5, $6, 1, $7 || ':' || coalesce($6, '') || '@' || "m" FROM "minute"
       ON CONFLICT ("bucket") WHERE "bucket" IS NOT NULL DO UPDATE SET
         "count" = "audit_event"."count" + 1,
         "target" = (SELECT string_agg("n", ', ' ORDER BY "n") FROM (SELECT DISTINCT "n" FROM unnest(
           string_to_array("audit_event"."target", ', ') || string_to_array(EXCLUDED."target", ', ')) "n" ORDER BY "n" LIMIT $8) "t"),
         "detail" = $4 || (SELECT string_agg("n", ', ' ORDER BY "n") FROM (SELECT DISTINCT "n" FROM unnest(
           string_to_array(substr("audit_event"."detail", length($4) + 1), ', ') ||
           string_to_array(substr(EXCLUDED."detail", length($4) + 1), ', ')) "n" ORDER BY "n" LIMIT $8) "d")`,
      [
        event.action,
        event.outcome,
        distinct(event.targets).join(', '),
        event.detailPrefix,
        distinct(event.details).join(', '),
        actor.address,
        event.bucket,
        REFUSAL_NAMES_MAX,
      ],
    );
  }

  /** One page of the log, newest first, optionally only one action, outcome or actor; and the total. */
  list(
    filter: { action?: string; outcome?: string; actor?: string },
    window: PageWindow,
  ): Promise<[AuditEvent[], number]> {
    const query = this.dataSource.getRepository(AuditEvent).createQueryBuilder('a');
    if (filter.action) query.andWhere('a.action = :action', { action: filter.action });
    if (filter.outcome) query.andWhere('a.outcome = :outcome', { outcome: filter.outcome });
    if (filter.actor) query.andWhere('a.actor_label = :actor', { actor: filter.actor });
    return query
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .offset(window.offset)
      .limit(window.limit)
      .getManyAndCount();
  }
}
