import type { EventEmitter } from 'node:events';
import type { DataSource } from 'typeorm';
import type { Config } from '../common/config.js';
import { openDatabase, type DataSourceOptions } from './data-source.js';
import { openEmbeddedDatabase, type EmbeddedDatabase, type SuperviseOptions } from './embedded.js';

export interface Connection {
  dataSource: DataSource;
  /** The embedded server, when DATABASE_URL is unset. */
  embedded?: EmbeddedDatabase;
  /** Closes the pool, then stops the embedded server if this process started it. */
  close(): Promise<void>;
}

/** Supervision of an embedded database (the server's; a short-lived command needs none). */
export type Supervision = Pick<SuperviseOptions, 'log' | 'failed' | 'intervalMs'>;

/**
 * Sends the pool's new connections (and the publication watcher's, which reads the data source's
 * URL) to `url`; connections to the old address have already failed and left the pool. TypeORM's
 * pool keeps its options where pg-pool reads them for each new client.
 */
function repoint(dataSource: DataSource, url: string): void {
  dataSource.setOptions({ url } as Parameters<DataSource['setOptions']>[0]);
  const pool = (dataSource.driver as unknown as { master?: { options: Record<string, unknown> } }).master;
  if (pool) {
    pool.options.connectionString = url;
    pool.options.port = Number(new URL(url).port);
  }
}

/**
 * Connects to DATABASE_URL, or to the embedded PostgreSQL in the data folder (joining a running
 * instance or starting one), and applies pending migrations. The server gives its pool a
 * statement timeout; the command-line tool does not.
 */
export async function connect(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  log?: (message: string) => void,
  options: Pick<DataSourceOptions, 'statementTimeoutMs'> & {
    /** Given, an embedded database is watched: restarted when it dies (owner), followed when it moves (joined). */
    supervise?: Supervision;
  } = {},
): Promise<Connection> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await openEmbeddedDatabase({ dataDir: config.dataDir, log });
    url = embedded.url;
  }
  let dataSource: DataSource;
  try {
    dataSource = await openDatabase(url, { statementTimeoutMs: options.statementTimeoutMs });
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const supervision = options.supervise;
  const unwatch =
    embedded && supervision
      ? embedded.supervise({ ...supervision, moved: (moved) => repoint(dataSource, moved) })
      : undefined;
  return {
    dataSource,
    embedded,
    async close() {
      unwatch?.();
      if (dataSource.isInitialized) await closePool(dataSource);
      await embedded?.stop();
    },
  };
}

/**
 * Closes the pool and waits until each of its connections has ended. The pool reports itself
 * closed once it has asked its connections to end; stopping PostgreSQL before they have would cut
 * them off (a FATAL line each in its log).
 */
async function closePool(dataSource: DataSource): Promise<void> {
  const pool = (dataSource.driver as unknown as { master?: EventEmitter & { totalCount: number } }).master;
  let open = pool?.totalCount ?? 0;
  const ended = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool?.on('remove', () => {
      open -= 1;
      if (open === 0) resolve();
    });
  });
  await dataSource.destroy();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5_000)))]);
  clearTimeout(timer);
}
