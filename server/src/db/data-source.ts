import { DataSource, MigrationExecutor, type Logger } from 'typeorm';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';

/** Creates (but does not open) the TypeORM data source for a PostgreSQL URL. Never synchronises. */
export interface DataSourceOptions {
  poolSize?: number;
  /** Receives every SQL statement (tests count them). */
  logger?: Logger;
  /**
   * PostgreSQL's `statement_timeout` for every connection of the pool, in milliseconds (none when
   * absent): sent when each connection opens, so it costs no round trip. Migrations are exempt.
   */
  statementTimeoutMs?: number;
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
    extra: {
      connectionTimeoutMillis: 5000,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    },
  });
}

/** The advisory lock held while migrating, so instances starting together migrate one at a time. */
export const MIGRATION_LOCK = 7_410_301;

/** Whether an error (or the driver error it wraps) is PostgreSQL cancelling a statement at `statement_timeout`. */
export function isStatementTimeout(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code, message, driverError } = error as Record<string, unknown>;
  if (code === '57014' && typeof message === 'string' && /statement timeout/.test(message)) return true;
  return driverError !== undefined && driverError !== error && isStatementTimeout(driverError);
}

/**
 * Opens the data source and applies pending migrations in one transaction. Several instances
 * starting at once take turns: the first applies them, the others then find nothing to do. The
 * wait for the lock and the migrations run on one connection, without the statement timeout.
 */
export async function openDatabase(url: string, options: DataSourceOptions = {}): Promise<DataSource> {
  const dataSource = createDataSource(url, options);
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    if (options.statementTimeoutMs) await lock.query('SET statement_timeout = 0');
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const executor = new MigrationExecutor(dataSource, lock);
      executor.transaction = 'all';
      await executor.executePendingMigrations();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
    // The connection goes back to the pool, and serves requests, with the pool's timeout.
    if (options.statementTimeoutMs) await lock.query('RESET statement_timeout');
  } catch (error) {
    await lock.release();
    await dataSource.destroy();
    throw error;
  }
  await lock.release();
  return dataSource;
}
