import { DataSource, type Logger } from 'typeorm';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';

/** Creates (but does not open) the TypeORM data source for a PostgreSQL URL. Never synchronises. */
export interface DataSourceOptions {
  poolSize?: number;
  /** Receives every SQL statement (tests count them). */
  logger?: Logger;
}

export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migration',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    logger: options.logger,
    poolSize: options.poolSize ?? 10,
    extra: { connectionTimeoutMillis: 5000 },
  });
}

/** The advisory lock held while migrating, so instances starting together migrate one at a time. */
export const MIGRATION_LOCK = 7_410_301;

/**
 * Opens the data source and applies pending migrations in one transaction. Several instances
 * starting at once take turns: the first applies them, the others then find nothing to do.
 */
export async function openDatabase(url: string, options: DataSourceOptions = {}): Promise<DataSource> {
  const dataSource = createDataSource(url, options);
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } catch (error) {
    await lock.release();
    await dataSource.destroy();
    throw error;
  }
  await lock.release();
  return dataSource;
}
