import 'reflect-metadata';
import http, { type Server } from 'node:http';
import { loadConfig, ConfigError, type Config } from './common/config.js';
import { createLogger, errorFields, logFormatFromEnv, type Logger } from './common/log.js';
import { fromRoot } from './common/paths.js';
import { connect } from './db/connect.js';
import { EmbeddedDatabaseError } from './db/embedded.js';
import { createApp } from './http/app.js';
import { gracefulClose } from './http/graceful-close.js';
import { currentRequestId } from './http/request-log.js';
import { createSchema } from './http/schema.js';
import { schedulePurge } from './modules/audit/retention.service.js';
import { createServices } from './modules/context.js';
import { documentFiles, formatProblem, type InterchangeService } from './modules/interchange/interchange.service.js';

// Until the configuration has been read (a bad value is itself logged), lines take the format the
// raw environment asks for; loadConfig applies the same rule.
let logger: Logger = createLogger({ format: logFormatFromEnv(process.env) });

/** On an empty database, loads the case profiles in seeds/. A database with content is never touched. */
async function seedIfEmpty(profiles: InterchangeService): Promise<void> {
  if (!(await profiles.isEmpty())) return;
  const files = await documentFiles(fromRoot('seeds'));
  logger.info(`The database is empty: loading ${files.length} document(s) from seeds/…`);
  const reports = await profiles.importFiles(files, { publish: true });
  const invalid = reports.filter((r) => r.status === 'invalid');
  for (const r of invalid) for (const p of r.problems) logger.error(formatProblem(r.file, p));
  if (invalid.length) logger.error('The seeds are invalid; nothing was loaded. Fix them and run `npm run seed`.');
  else logger.info(`Loaded ${reports.filter((r) => r.status === 'published').length} document(s).`);
}

/** After the grace period, how long stopping the GraphQL server, the watcher and the database may take. */
const STOPPING_MS = 15_000;

function fail(message: string, exitCode: number): never {
  logger.error(message);
  process.exit(exitCode);
}

async function start(config: Config): Promise<void> {
  // No SQL statement of a request may run longer than the request itself may.
  const db = await connect(config, (message) => logger.info(message), {
    statementTimeoutMs: config.queryTimeoutMs,
    // An embedded PostgreSQL that dies is started again; one that cannot be ends the server, with
    // the data folder named, for a supervisor to restart it.
    supervise: {
      log: (level, message, fields) => logger[level](message, fields),
      failed: (error) => {
        logger.error(`Database error: ${error.message} Exiting so that the server can be started again.`, {
          event: 'embedded_postgres_lost',
        });
        process.exit(1);
      },
    },
  });
  // The services are made once, here, and shared by every request.
  const services = createServices(db.dataSource);
  await seedIfEmpty(services.profiles);
  const schema = await createSchema();
  const app = await createApp({
    config,
    dataSource: db.dataSource,
    services,
    schema,
    logger,
    cacheBytes: config.responseCacheMb * 1024 * 1024,
    rateLimits: config.rateLimits,
  });

  // A request gets 30 s; headers 20 s; idle keep-alive connections close after 5 s. Node checks the
  // first two every connectionsCheckingInterval (30 s by default, which would let a slow client keep
  // a connection for up to 60 s): every second here.
  const server: Server = http.createServer(
    { requestTimeout: 30_000, headersTimeout: 20_000, connectionsCheckingInterval: 1_000 },
    app.express,
  );
  server.keepAliveTimeout = 5_000;
  const closer = gracefulClose(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  logger.info(`Reform Casebook is running at http://${shownHost}:${port}`, { port });
  // Every instance purges on its own timer; the purge itself lets one run at a time.
  const stopPurging = schedulePurge(
    () => services.retention.purge(config.retention),
    config.retention.purgeIntervalMinutes,
    logger,
  );

  const graceMs = config.shutdownGraceMs;
  const seconds = (ms: number) => `${ms / 1000} s`;
  // While stopping, new connections are refused and every answer closes its connection.
  const shutdown = async (signal: string) => {
    if (closer.closing) return;
    logger.info(`${signal} received: finishing requests in flight (for up to ${seconds(graceMs)}), then stopping.`);
    // The last resort: should stopping hang (a database that does not answer), the process still ends.
    const deadlineMs = graceMs + STOPPING_MS;
    setTimeout(() => {
      logger.error(`Stopping took more than ${seconds(deadlineMs)}: exiting without finishing.`);
      process.exit(1);
    }, deadlineMs).unref();
    const destroyed = await closer.close(graceMs);
    if (destroyed > 0) logger.warn(`${destroyed} connection(s) still open after ${seconds(graceMs)} were closed.`);
    await stopPurging();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

// An error nothing else caught is logged with its stack (and the request being handled, when
// known); then the process ends as Node would end it, since its state can no longer be trusted.
process.on('uncaughtException', (error) => {
  logger.error(`Uncaught exception: ${error.message}`, { requestId: currentRequestId(), ...errorFields(error) });
  process.exit(1);
});
process.on('unhandledRejection', (reason) => {
  logger.error(`Unhandled promise rejection: ${reason instanceof Error ? reason.message : String(reason)}`, {
    requestId: currentRequestId(),
    ...errorFields(reason),
  });
  process.exit(1);
});

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(`Configuration error: ${error.message}`, 2);
  throw error;
}
logger = createLogger({ format: config.logFormat });

start(config).catch((error: unknown) => {
  if (error instanceof EmbeddedDatabaseError) fail(`Database error: ${error.message}`, 1);
  logger.error(
    `Reform Casebook could not start: ${error instanceof Error ? error.message : String(error)}`,
    errorFields(error),
  );
  process.exit(1);
});
