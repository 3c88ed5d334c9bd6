import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { closeEncoding, openEncode, type Coding, type OpenEncoding } from './open-coding.js';

export { CODINGS, type Coding } from './open-coding.js';

/** The channel the publication counter's trigger notifies on (migration 1764130000000). */
export const PUBLICATION_CHANNEL = 'casebook_publication';

export interface PublicationWatcherOptions {
  /** How often the counter is read again, in case a notification was missed. */
  pollMs?: number;
  /** The longest wait between attempts to reconnect. */
  maxRetryMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/**
 * Follows the publication counter in PostgreSQL on one connection of its own: reads it when asked
 * (`refresh()`, before each answer the cache could give), LISTENs for the
 * notification each publish sends when it commits, and reads it every few seconds and after each
 * reconnect. While that connection is down the counter is unknown (`current()` is null) and
 * nothing may be served from a cache keyed by it.
 */
export class PublicationWatcher {
  private client: pg.Client | null = null;
  private counter: string | null = null;
  private stopped = false;
  private retryMs = 250;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private readonly listeners = new Set<(counter: string | null) => void>();
  private readonly pollMs: number;
  private readonly maxRetryMs: number;
  private readonly log: (message: string, error?: unknown) => void;

  constructor(
    /** The database's URL, or where to read it on each connection (an embedded database may move). */
    private readonly url: string | (() => string),
    options: PublicationWatcherOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 5000;
    this.maxRetryMs = options.maxRetryMs ?? 5000;
    this.log = options.log ?? (() => {});
  }

  /** A watcher for the database behind a TypeORM data source; connects before resolving when it can. */
  static async start(dataSource: DataSource, options: PublicationWatcherOptions = {}): Promise<PublicationWatcher> {
    const url = (dataSource.options as { url?: string }).url;
    if (!url) throw new Error('The publication watcher needs the data source to be configured with a URL.');
    const watcher = new PublicationWatcher(() => (dataSource.options as { url?: string }).url ?? url, options);
    await watcher.connect();
    return watcher;
  }

  /** The counter as last read; null while it cannot be known. */
  current(): string | null {
    return this.counter;
  }

  /** Calls `listener` whenever the counter changes or becomes unknown. */
  onChange(listener: (counter: string | null) => void): void {
    this.listeners.add(listener);
  }

  /**
   * Reads the counter now. One read at a time runs on the connection: a call made while one is
   * running waits for the next, which starts after the call (so after anything committed before
   * it), and is shared by every call made meanwhile.
   */
  refresh(): Promise<void> {
    if (!this.reading) {
      this.reading = this.read().finally(() => (this.reading = null));
      return this.reading;
    }
    this.next ??= this.reading.then(() => {
      this.next = null;
      return this.refresh();
    });
    return this.next;
  }

  private async read(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const { rows } = await client.query<{ counter: string }>(
        'SELECT "counter"::text AS "counter" FROM "publication_state"',
      );
      this.set(rows[0]?.counter ?? null);
    } catch (error) {
      this.lost(client, error);
    }
  }

  /** Runs a read on this connection of its own, off the request pool; refused while it is down. */
  async query<T>(sql: string): Promise<T[]> {
    const client = this.client;
    if (!client) throw new Error('The connection that follows publications is down.');
    return (await client.query(sql)).rows as T[];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    this.set(null);
    await client?.end().catch(() => {});
  }

  private set(counter: string | null): void {
    if (counter === this.counter) return;
    this.counter = counter;
    for (const listener of this.listeners) listener(counter);
  }

  private schedule(ms: number, work: () => void): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(work, ms);
    this.timer.unref();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: typeof this.url === 'function' ? this.url() : this.url,
      connectionTimeoutMillis: 5000,
      query_timeout: 5000,
      keepAlive: true,
      application_name: 'casebook-publication-watcher',
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === PUBLICATION_CHANNEL && message.payload) this.set(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PUBLICATION_CHANNEL}`);
      this.client = client;
      this.retryMs = 250;
      await this.refresh();
      this.poll();
    } catch (error) {
      this.lost(client, error);
    }
  }

  private poll(): void {
    this.schedule(this.pollMs, () => {
      void this.refresh().then(() => {
        if (this.client) this.poll();
      });
    });
  }

  /** The connection failed: forget the counter and reconnect, waiting a little longer each time. */
  private lost(client: pg.Client, error?: unknown): void {
    if (this.client !== null && this.client !== client) return;
    const wasConnected = this.client === client;
    this.client = null;
    this.set(null);
    client.removeAllListeners('end');
    client.end().catch(() => {});
    if (this.stopped) return;
    if (wasConnected)
      this.log(
        'Lost the connection that follows publications; published reads are not cached until it is back.',
        error,
      );
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.maxRetryMs);
    this.schedule(wait, () => void this.connect());
  }
}

/**
 * One stored response: the body, and compressed copies made when first asked for. Each answer may
 * get bytes of its own inserted at `insertAt` (a GraphQL answer: its caller's `extensions`, before
 * the closing brace); the compressed copies hold the body up to there, left open for them.
 */
export interface CachedResponse {
  key: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  insertAt: number;
  encoded: Partial<Record<Coding, Promise<OpenEncoding>>>;
  encodedBytes: number;
}

/**
 * Serialised answers to published reads, keyed by what was asked and the publication counter it
 * was answered at. A change of counter empties it; beyond `maxBytes` (counting bodies and their
 * compressed copies) lru-cache lets the least recently used answers go first. An answer is
 * compressed (off the event loop) the first time it is sent again to a client that accepts
 * compression, so a stream of one-off queries costs no compression. `maxBytes` 0 turns it off.
 */
export class ResponseCache {
  /** Null when the cache is off. */
  private readonly entries: LRUCache<string, CachedResponse> | null;
  private counter: string | null = null;
  hits = 0;
  misses = 0;

  constructor(
    private readonly watcher: Pick<PublicationWatcher, 'current' | 'onChange' | 'refresh'>,
    readonly maxBytes = 64 * 1024 * 1024,
  ) {
    this.entries =
      maxBytes > 0
        ? new LRUCache({
            maxSize: maxBytes,
            sizeCalculation: (entry) => Math.max(1, entry.body.length + entry.encodedBytes),
          })
        : null;
    this.counter = watcher.current();
    watcher.onChange((counter) => this.reset(counter));
  }

  /** The counter reads are keyed by as last read; null when the cache must not be used. */
  generation(): string | null {
    return this.entries ? this.counter : null;
  }

  /**
   * The counter as it stands now, read after the request arrived (one read serves every request
   * waiting meanwhile), so a publish committed through any instance, the CLI or SQL before the
   * request is never answered from an older entry; null when the cache must not be used.
   */
  async current(): Promise<string | null> {
    if (!this.entries) return null;
    await this.watcher.refresh();
    return this.generation();
  }

  /** The cache key for `parts` at `generation`. */
  static key(generation: string, parts: readonly unknown[]): string {
    const hash = createHash('sha256').update(generation);
    for (const part of parts) hash.update('\u0000').update(typeof part === 'string' ? part : stableJson(part));
    return hash.digest('base64url');
  }

  get(key: string): CachedResponse | undefined {
    const found = this.entries?.get(key);
    if (found) this.hits += 1;
    else this.misses += 1;
    return found;
  }

  /** Stores an answer made at `generation`, unless the counter has moved on since. */
  set(
    generation: string,
    key: string,
    response: { status: number; headers: Record<string, string>; body: string | Buffer; insertAt?: number },
  ): void {
    if (!this.entries || generation !== this.generation()) return;
    const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
    if (body.length > this.maxBytes / 4) return;
    this.entries.set(key, {
      key,
      status: response.status,
      headers: response.headers,
      body,
      insertAt: Math.min(body.length, Math.max(0, response.insertAt ?? body.length)),
      encoded: {},
      encodedBytes: 0,
    });
  }

  /** The answer's body up to `insertAt` in `coding`, compressed (left open) on first use and kept with it. */
  encoded(entry: CachedResponse, coding: Coding): Promise<OpenEncoding> {
    let pending = entry.encoded[coding];
    if (!pending) {
      pending = openEncode(coding, entry.body.subarray(0, entry.insertAt)).then((encoding) => {
        const buffer = encoding.open;
        entry.encodedBytes += buffer.length;
        // Stored again, so its size counts the copy (and older answers make room for it); lru-cache
        // measures a value only when it is added.
        if (this.entries?.peek(entry.key) === entry) {
          this.entries.delete(entry.key);
          this.entries.set(entry.key, entry);
        }
        return encoding;
      });
      entry.encoded[coding] = pending;
    }
    return pending;
  }

  /**
   * The bytes to send for a stored answer: in `coding` (null: as stored), with `insert` at
   * `insertAt`. Only the bytes after the insertion point are added to the compressed copy.
   */
  async bytes(entry: CachedResponse, coding: Coding | null, insert: Buffer = Buffer.alloc(0)): Promise<Buffer> {
    const before = entry.body.subarray(0, entry.insertAt);
    const after = entry.body.subarray(entry.insertAt);
    if (!coding) return insert.length ? Buffer.concat([before, insert, after]) : entry.body;
    return closeEncoding(await this.encoded(entry, coding), Buffer.concat([insert, after]));
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  private reset(counter: string | null): void {
    this.counter = counter;
    this.entries?.clear();
  }
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` key the same answer. */
export function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
