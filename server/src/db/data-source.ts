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

/** Opens the data source and applies pending migrations in one transaction. */
export async function openDatabase(url: string, options: DataSourceOptions = {}): Promise<DataSource> {
  const dataSource = createDataSource(url, options);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'all' });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
