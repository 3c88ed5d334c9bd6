import 'reflect-metadata';
import type { Server } from 'node:http';
import { loadConfig, ConfigError, type Config } from './config.js';
import { connect } from './db/connect.js';
import { EmbeddedDatabaseError } from './db/embedded.js';
import { createSchema } from './schema.js';
import { createApp } from './app.js';
import { fromRoot } from './common/paths.js';
import { ProfileService, documentFiles, formatProblem } from './modules/profile/profile.service.js';

/** On an empty database, loads the case profiles in seeds/. A database with content is never touched. */
async function seedIfEmpty(profiles: ProfileService): Promise<void> {
  if (!(await profiles.isEmpty())) return;
  const files = await documentFiles(fromRoot('seeds'));
  console.log(`The database is empty: loading ${files.length} document(s) from seeds/…`);
  const reports = await profiles.importFiles(files, { publish: true });
  const invalid = reports.filter((r) => r.status === 'invalid');
  for (const r of invalid) for (const p of r.problems) console.error(formatProblem(r.file, p));
  if (invalid.length) console.error('The seeds are invalid; nothing was loaded. Fix them and run `npm run seed`.');
  else console.log(`Loaded ${reports.filter((r) => r.status === 'published').length} document(s).`);
}

function fail(message: string, exitCode: number): never {
  console.error(message);
  process.exit(exitCode);
}

async function start(config: Config): Promise<void> {
  const db = await connect(config);
  await seedIfEmpty(new ProfileService(db.dataSource));
  const schema = await createSchema();
  const app = await createApp({ config, dataSource: db.dataSource, schema });

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.express.listen(config.port, config.host, () => resolve(s));
    s.on('error', reject);
  });
  // A request gets 30 s; headers 20 s; idle keep-alive connections close after 5 s.
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;
  server.keepAliveTimeout = 5_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  console.log(`Reform Casebook is running at http://${shownHost}:${port}`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal} received: finishing requests in flight, then stopping.`);
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await app.apollo.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(`Configuration error: ${error.message}`, 2);
  throw error;
}

start(config).catch((error: unknown) => {
  if (error instanceof EmbeddedDatabaseError) fail(`Database error: ${error.message}`, 1);
  console.error('Reform Casebook could not start:', error);
  process.exit(1);
});
