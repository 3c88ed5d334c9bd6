import type { DataSource } from 'typeorm';
import { SIGN_IN_FORGET_SECONDS } from '../../common/forget.js';
import type { Logger } from '../../common/log.js';

/** How long each kind of row is kept; see docs/DEPLOYMENT.md (CASEBOOK_*_RETENTION_DAYS). */
export interface Retention {
  /** Days an audit row is kept. */
  auditDays: number;
  /** Days an expired or revoked API token stays listed before it is deleted. */
  tokenDays: number;
}

/** What one purge deleted, per table; `skipped` when another instance was purging. */
export interface PurgeResult {
  skipped: boolean;
  auditEvents: number;
  sessions: number;
  signInFailures: number;
  apiTokens: number;
}

/** Rows deleted per statement, so a purge never holds many row locks or one long transaction. */
export const PURGE_BATCH = 5000;
/** Statements per table and purge at most; what is left waits for the next purge. */
const PURGE_BATCHES_MAX = 200;
/** One number for every instance: only the one holding it purges. */
const PURGE_LOCK = 1764170000;

/**
 * Deletes what is past its retention: audit rows older than `auditDays`, expired sessions,
 * sign-in failure counters long forgotten, and API tokens expired or revoked more than `tokenDays`
 * ago. Every instance may run it: a session-level advisory lock lets one purge at a time (the
 * others skip), and each statement deletes a bounded batch, so it is safe to run at once anyway.
 */
export class RetentionService {
  constructor(private readonly dataSource: DataSource) {}

  async purge(retention: Retention): Promise<PurgeResult> {
    const result: PurgeResult = { skipped: false, auditEvents: 0, sessions: 0, signInFailures: 0, apiTokens: 0 };
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [lock] = (await runner.query(`SELECT pg_try_advisory_lock($1) AS "locked"`, [PURGE_LOCK])) as {
        locked: boolean;
      }[];
      if (!lock?.locked) return { ...result, skipped: true };
      try {
        const batches = async (sql: string, params: unknown[]) => {
          let total = 0;
          for (let i = 0; i < PURGE_BATCHES_MAX; i++) {
            // For a DELETE, TypeORM's PostgreSQL driver answers [rows, affected row count].
            const [, deleted] = (await runner.query(sql, [...params, PURGE_BATCH])) as [unknown[], number];
            total += deleted;
            if (deleted < PURGE_BATCH) break;
          }
          return total;
        };
        result.auditEvents = await batches(
          `DELETE FROM "audit_event" WHERE "id" IN (
             SELECT "id" FROM "audit_event" WHERE "at" < now() - make_interval(days => $1) LIMIT $2
           )`,
          [retention.auditDays],
        );
        result.sessions = await batches(
          `DELETE FROM "user_session" WHERE "id" IN (
             SELECT "id" FROM "user_session" WHERE "expires_at" <= now() LIMIT $1
           )`,
          [],
        );
        result.signInFailures = await batches(
          `DELETE FROM "sign_in_failure" WHERE "key" IN (
             SELECT "key" FROM "sign_in_failure"
             WHERE "last_failure_at" < now() - make_interval(secs => $1) LIMIT $2
           )`,
          // Counters are forgotten this long after their last failure (each new failure also deletes
          // those): the purge deletes the ones left.
          [SIGN_IN_FORGET_SECONDS],
        );
        result.apiTokens = await batches(
          `DELETE FROM "api_token" WHERE "id" IN (
             SELECT "id" FROM "api_token"
             WHERE least("expires_at", coalesce("revoked_at", 'infinity')) < now() - make_interval(days => $1) LIMIT $2
           )`,
          [retention.tokenDays],
        );
        return result;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [PURGE_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }
}

/**
 * Runs `purge` every `intervalMinutes` (the first one minute after start) until stopped; one run
 * at a time, each logged as one line with what it deleted. A failed run is logged and retried at
 * the next interval. The timer does not keep the process alive.
 */
export function schedulePurge(
  purge: () => Promise<PurgeResult>,
  intervalMinutes: number,
  log: Pick<Logger, 'info' | 'warn'>,
): () => Promise<void> {
  if (intervalMinutes <= 0) return async () => {};
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const next = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = purge()
        .then((deleted) => log.info('purge', { ...deleted }))
        .catch((error: unknown) =>
          log.warn('purge failed', { error: error instanceof Error ? error.message : String(error) }),
        )
        .finally(() => {
          running = undefined;
          next(intervalMinutes * 60_000);
        });
    }, ms);
    timer.unref();
  };
  next(60_000);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
