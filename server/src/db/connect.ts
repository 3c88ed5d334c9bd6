import type { EventEmitter } from 'node:events';
import type { DataSource } from 'typeorm';
import type { Config } from '../common/config.js';
import { openDatabase, type DataSourceOptions } from './data-source.js';
import { openEmbeddedDatabase, type EmbeddedDatabase } from './embedded.js';

export interface Connection {
  dataSource: DataSource;
  /** The embedded server, when DATABASE_URL is unset. */
  embedded?: EmbeddedDatabase;
  /** Closes the pool, then stops the embedded server if this process started it. */
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or to the embedded PostgreSQL in the data folder (joining a running
 * instance or starting one), and applies pending migrations. The server gives its pool a
 * statement timeout; the command-line tool does not.
 */
export async function connect(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  log?: (message: string) => void,
  options: Pick<DataSourceOptions, 'statementTimeoutMs'> = {},
): Promise<Connection> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await openEmbeddedDatabase({ dataDir: config.dataDir, log });
    url = embedded.url;
  }
  let dataSource: DataSource;
  try {
    dataSource = await openDatabase(url, options);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    embedded,
    async close() {
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
