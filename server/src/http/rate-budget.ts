import type pg from 'pg';
import type { DataSource } from 'typeorm';

/** What a budget is kept for: a client address, a signed-in account, or an API token. */
export type BudgetKind = 'address' | 'account' | 'token';

/** Whose budget a request spends: its kind and its key in the counts. */
export interface Caller {
  kind: BudgetKind;
  key: string;
}

/** One request's spending: what it was charged, and the standing its answer reports. */
export interface RequestBudget {
  caller: Caller;
  /** Points charged; null until then. */
  cost: number | null;
  /** The standing after the charge, as every part of the answer reports it. */
  standing: BudgetStanding | null;
  /**
   * How `extensions.rateLimit` gets into the answer, as the GraphQL plugin saw it: `insert` when the
   * answer has no top-level extensions (the text gets the member before its closing brace),
   * `written` when the plugin wrote it, null when the plugin never saw the answer.
   */
  inBody: 'insert' | 'written' | null;
}

/** Points per window for each kind of caller. */
export type BudgetLimits = Record<BudgetKind, number>;

export interface RateBudgetOptions {
  limits: BudgetLimits;
  /** Length of a budget's window, in seconds; windows are aligned to the clock (default: an hour). */
  windowSeconds?: number;
  /** Milliseconds between exchanges of counts with PostgreSQL (default 1000). */
  syncMs?: number;
  /** At most this many callers are remembered; the least recently seen, once shared, go first. */
  maxKeys?: number;
  /** The clock, in milliseconds (tests move it). */
  now?: () => number;
  log?: (message: string, error?: unknown) => void;
}

/** A caller's budget as it stands: points allowed and left in the current window, and when it ends. */
export interface BudgetStanding {
  kind: BudgetKind;
  limit: number;
  remaining: number;
  resetAt: Date;
  /** Whole seconds until `resetAt` (at least 1). */
  resetSeconds: number;
}

interface Entry {
  /** The window the counts belong to (its start, in seconds since the epoch). */
  window: number;
  /** Every instance's total as PostgreSQL last returned it (this one's flushed points included). */
  shared: number;
  /** Points spent here and not yet sent. */
  pending: number;
  /** Points being sent now. */
  sending: number;
  /** Asked about since the last exchange: its total is read back at the next one. */
  asked: boolean;
}

/**
 * Hourly budgets, counted in memory and shared by every instance through PostgreSQL. A request
 * pays no database round trip for its budget: each instance adds what its callers spent to the
 * `rate_budget` table and reads back the totals of the callers it saw, in one statement on its
 * own timer (every `syncMs`). So an instance knows another's spending within one interval, and a
 * caller spreading requests over several instances can overspend by at most what those
 * instances admit in that interval. Windows are aligned to the clock (the hour from :00), so every
 * instance agrees on them without asking; the rows of windows that have ended are deleted.
 */
export class RateBudgets {
  readonly limits: BudgetLimits;
  readonly windowSeconds: number;
  readonly syncMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  private readonly log: (message: string, error?: unknown) => void;
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  /** The window whose predecessors were last deleted from the table. */
  private pruned = 0;
  private failing = false;

  constructor(
    private readonly dataSource: DataSource,
    options: RateBudgetOptions,
  ) {
    this.limits = { ...options.limits };
    this.windowSeconds = options.windowSeconds ?? 3600;
    this.syncMs = options.syncMs ?? 1000;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
  }

  /** Starts exchanging counts with PostgreSQL every `syncMs`. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sync(), this.syncMs);
    this.timer.unref();
  }

  /** Stops the timer and sends what is still unsent (after an exchange already under way). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.syncing;
    await this.sync();
  }

  private currentWindow(): number {
    const seconds = Math.floor(this.now() / 1000);
    return seconds - (seconds % this.windowSeconds);
  }

  private entry(key: string): Entry {
    const window = this.currentWindow();
    let entry = this.entries.get(key);
    if (!entry || entry.window !== window) {
      // A window that has ended counts for nothing: its unsent points are dropped with it.
      entry = { window, shared: 0, pending: 0, sending: 0, asked: true };
      this.entries.delete(key);
    } else {
      // Seen again: it moves to the back of the eviction order.
      this.entries.delete(key);
      entry.asked = true;
    }
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * The standing of the budget `key` (of kind `kind`), after `points` more are spent (0 to only
   * look; a fraction counts as the next whole point).
   */
  spend(kind: BudgetKind, key: string, points: number): BudgetStanding {
    const entry = this.entry(key);
    // Whole points only (the column is a bigint): a fraction, as a cost can be when a variable is
    // not a whole number, would make every exchange fail.
    entry.pending += Number.isFinite(points) && points > 0 ? Math.ceil(points) : 0;
    const limit = this.limits[kind];
    const resetMs = (entry.window + this.windowSeconds) * 1000;
    return {
      kind,
      limit,
      remaining: Math.max(0, limit - (entry.shared + entry.sending + entry.pending)),
      resetAt: new Date(resetMs),
      resetSeconds: Math.max(1, Math.ceil((resetMs - this.now()) / 1000)),
    };
  }

  /**
   * Sends the points spent here since the last exchange and reads back the totals of every caller
   * asked about meanwhile, in one statement. One exchange runs at a time; a call made during one
   * waits for it. A failure keeps the points to send next time.
   */
  sync(): Promise<void> {
    if (!this.syncing) this.syncing = this.exchange().finally(() => (this.syncing = null));
    return this.syncing;
  }

  private async exchange(): Promise<void> {
    const window = this.currentWindow();
    const keys: string[] = [];
    const points: number[] = [];
    const sent: Entry[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.window !== window) {
        this.entries.delete(key);
        continue;
      }
      if (!entry.asked && entry.pending === 0) continue;
      keys.push(key);
      points.push(entry.pending);
      entry.sending += entry.pending;
      entry.pending = 0;
      entry.asked = false;
      sent.push(entry);
    }
    const prune = this.pruned !== window;
    if (!keys.length && !prune) return;
    const start = new Date(window * 1000);
    try {
      const rows = (await this.query(
        `WITH "input" AS (
           SELECT * FROM unnest($1::text[], $2::bigint[]) AS i("key", "points")
         ), "added" AS (
           INSERT INTO "rate_budget" ("key", "window_start", "points")
           SELECT "key", $3, "points" FROM "input" WHERE "points" > 0
           ON CONFLICT ("key", "window_start") DO UPDATE SET "points" = "rate_budget"."points" + EXCLUDED."points"
           RETURNING "key", "points"
         ), "ended" AS (
           DELETE FROM "rate_budget" WHERE $4 AND "window_start" < $3
         )
         SELECT "key", "points"::text AS "points" FROM "added"
         UNION ALL
         SELECT b."key", b."points"::text FROM "rate_budget" b JOIN "input" i ON i."key" = b."key" AND i."points" = 0
         WHERE b."window_start" = $3`,
        [keys, points, start, prune],
      )) as { key: string; points: string }[];
      const totals = new Map(rows.map((row) => [row.key, Number(row.points)]));
      keys.forEach((key, i) => {
        const entry = sent[i]!;
        // The total includes what was just sent; what was spent meanwhile stays pending.
        entry.shared = totals.get(key) ?? entry.shared + entry.sending;
        entry.sending = 0;
      });
      if (prune) this.pruned = window;
      if (this.failing) this.log('Rate budgets are shared through the database again.');
      this.failing = false;
    } catch (error) {
      for (const entry of sent) {
        entry.pending += entry.sending;
        entry.sending = 0;
        entry.asked = true;
      }
      if (!this.failing)
        this.log('Could not share rate budgets through the database; counting on this instance meanwhile.', error);
      this.failing = true;
    }
    this.evict();
  }

  /**
   * Runs the exchange on the data source's pool directly, beside TypeORM: it is the instance's
   * bookkeeping, not a statement of any request (whose statements TypeORM's logger counts).
   */
  private async query(sql: string, parameters: unknown[]): Promise<unknown[]> {
    const pool = (this.dataSource.driver as unknown as { master?: pg.Pool }).master;
    if (!pool) return (await this.dataSource.query(sql, parameters)) as unknown[];
    return (await pool.query(sql, parameters)).rows as unknown[];
  }

  /** Forgets the least recently seen callers beyond `maxKeys`, once nothing of theirs is unsent. */
  private evict(): void {
    let excess = this.entries.size - this.maxKeys;
    if (excess <= 0) return;
    for (const [key, entry] of this.entries) {
      if (excess <= 0) break;
      if (entry.pending === 0 && entry.sending === 0) {
        this.entries.delete(key);
        excess -= 1;
      }
    }
  }
}
