import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { openDatabase } from './data-source.js';
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
 * instance or starting one), and applies pending migrations.
 */
export async function connect(config: Pick<Config, 'databaseUrl' | 'dataDir'>, log?: (message: string) => void): Promise<Connection> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await openEmbeddedDatabase({ dataDir: config.dataDir, log });
    url = embedded.url;
  }
  let dataSource: DataSource;
  try {
    dataSource = await openDatabase(url);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    embedded,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
