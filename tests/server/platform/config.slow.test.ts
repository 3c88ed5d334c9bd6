import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/src/common/config.js';
import { openTempDir, runCli, startServer, stopLeftoverPostgres, userEnv, type NodeProcess } from './processes.js';

describe('loadConfig', () => {
  it('listens on localhost:4000 with an embedded database in ./.data by default', () => {
    expect(loadConfig({}, '/srv/casebook')).toEqual({
      port: 4000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: path.join('/srv/casebook', '.data'),
      nodeEnv: 'development',
      introspection: true,
      trustProxy: 0,
      corsOrigins: [],
      logFormat: 'text',
      responseCacheMb: 64,
      rateLimits: { address: 2_000_000, account: 5_000_000, token: 5_000_000, syncMs: 1000 },
      shutdownGraceMs: 10_000,
      queryTimeoutMs: 10_000,
      maxResponseMb: 8,
      retention: { auditDays: 365, tokenDays: 90, purgeIntervalMinutes: 60 },
    });
  });

  it('treats blank variables as unset and resolves a relative data folder against the working folder', () => {
    const config = loadConfig({ PORT: ' ', HOST: '', CASEBOOK_DATA_DIR: 'var/db' }, '/srv/casebook');
    expect(config).toMatchObject({ port: 4000, host: '127.0.0.1', dataDir: '/srv/casebook/var/db' });
  });

  it('turns introspection off in production unless CASEBOOK_INTROSPECTION=true', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', CASEBOOK_INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', CASEBOOK_INTROSPECTION: 'false' }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).introspection).toBe(true);
  });

  it('logs JSON lines in production and text elsewhere, unless CASEBOOK_LOG_FORMAT says otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'development' }).logFormat).toBe('text');
    expect(loadConfig({ NODE_ENV: 'production', CASEBOOK_LOG_FORMAT: 'text' }).logFormat).toBe('text');
    expect(loadConfig({ NODE_ENV: 'test', CASEBOOK_LOG_FORMAT: 'JSON' }).logFormat).toBe('json');
  });

  it('keeps 64 MiB of published answers unless CASEBOOK_RESPONSE_CACHE_MB says otherwise (0 turns it off)', () => {
    expect(loadConfig({}).responseCacheMb).toBe(64);
    expect(loadConfig({ CASEBOOK_RESPONSE_CACHE_MB: '0' }).responseCacheMb).toBe(0);
    expect(loadConfig({ CASEBOOK_RESPONSE_CACHE_MB: '256' }).responseCacheMb).toBe(256);
  });

  it('gives each address, account and API token an hourly budget of points, shared every second, unless told otherwise', () => {
    const config = loadConfig({
      CASEBOOK_RATE_LIMIT_ADDRESS: '1000',
      CASEBOOK_RATE_LIMIT_ACCOUNT: '20000',
      CASEBOOK_RATE_LIMIT_TOKEN: '300000',
      CASEBOOK_RATE_LIMIT_SYNC_MS: '250',
    });
    expect(config.rateLimits).toEqual({ address: 1000, account: 20000, token: 300000, syncMs: 250 });
  });

  it('gives requests in flight 10 s after SIGTERM unless CASEBOOK_SHUTDOWN_GRACE_MS says otherwise', () => {
    expect(loadConfig({}).shutdownGraceMs).toBe(10_000);
    expect(loadConfig({ CASEBOOK_SHUTDOWN_GRACE_MS: '0' }).shutdownGraceMs).toBe(0);
    expect(loadConfig({ CASEBOOK_SHUTDOWN_GRACE_MS: '25000' }).shutdownGraceMs).toBe(25_000);
  });

  it('gives a request 10 s and an answer 8 MiB unless CASEBOOK_QUERY_TIMEOUT_MS and CASEBOOK_MAX_RESPONSE_MB say otherwise', () => {
    expect(loadConfig({ CASEBOOK_QUERY_TIMEOUT_MS: '2500', CASEBOOK_MAX_RESPONSE_MB: '32' })).toMatchObject({
      queryTimeoutMs: 2500,
      maxResponseMb: 32,
    });
  });

  it('trusts no proxy by default, one with CASEBOOK_TRUST_PROXY=true, or as many as it names', () => {
    expect(loadConfig({ CASEBOOK_TRUST_PROXY: 'false' }).trustProxy).toBe(0);
    expect(loadConfig({ CASEBOOK_TRUST_PROXY: 'TRUE' }).trustProxy).toBe(1);
    expect(loadConfig({ CASEBOOK_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ CASEBOOK_TRUST_PROXY: '0' }).trustProxy).toBe(0);
  });

  it('accepts a PostgreSQL URL that names a database', () => {
    const url = 'postgresql://casebook:secret@db:5432/casebook';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['HOST', 'local host'],
    ['DATABASE_URL', 'mysql://x/y'],
    ['DATABASE_URL', 'postgres://db:5432'],
    ['DATABASE_URL', 'not a url'],
    ['NODE_ENV', 'staging'],
    ['CASEBOOK_INTROSPECTION', 'maybe'],
    ['CASEBOOK_TRUST_PROXY', 'yes'],
    ['CASEBOOK_TRUST_PROXY', '-1'],
    ['CASEBOOK_TRUST_PROXY', '1.5'],
    ['CASEBOOK_TRUST_PROXY', '11'],
    ['CASEBOOK_CORS_ORIGINS', 'tools.example.org'],
    ['CASEBOOK_LOG_FORMAT', 'xml'],
    ['CASEBOOK_RESPONSE_CACHE_MB', 'lots'],
    ['CASEBOOK_RESPONSE_CACHE_MB', '-5'],
    ['CASEBOOK_RATE_LIMIT_ADDRESS', '0'],
    ['CASEBOOK_RATE_LIMIT_ACCOUNT', 'many'],
    ['CASEBOOK_RATE_LIMIT_TOKEN', '1.5'],
    ['CASEBOOK_RATE_LIMIT_SYNC_MS', '10'],
    ['CASEBOOK_SHUTDOWN_GRACE_MS', '10s'],
    ['CASEBOOK_SHUTDOWN_GRACE_MS', '600001'],
    ['CASEBOOK_QUERY_TIMEOUT_MS', '10s'],
    ['CASEBOOK_QUERY_TIMEOUT_MS', '0'],
    ['CASEBOOK_QUERY_TIMEOUT_MS', '600001'],
    ['CASEBOOK_MAX_RESPONSE_MB', '0'],
    ['CASEBOOK_MAX_RESPONSE_MB', 'big'],
  ])('refuses %s=%s with an error naming the variable', (variable, value) => {
    let thrown: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(variable);
    expect((thrown as ConfigError).message).toMatch(new RegExp(`^${variable}: \\S`));
  });
});

describe('the compiled server and CLI with a bad variable', () => {
  // Were the variable accepted, they would go on to start a database: keep that in a temp folder.
  let dataDir: string;
  const started: NodeProcess[] = [];

  beforeAll(async () => {
    dataDir = await openTempDir('casebook-config-');
  });

  afterAll(async () => {
    await Promise.all(started.map((child) => child.stop('SIGKILL')));
    await stopLeftoverPostgres(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the server prints one line naming PORT and exits with code 2', async () => {
    const server = startServer(userEnv({ PORT: 'abc', CASEBOOK_DATA_DIR: dataDir }));
    started.push(server);
    const exit = await server.exited;
    expect(exit).toEqual({ code: 2, signal: null });
    expect(server.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^Configuration error: PORT: .*"abc"/)]);
    expect(server.stdout).toBe('');
  });

  it('the CLI refuses the same way before touching a database', async () => {
    const cli = runCli(['status'], userEnv({ DATABASE_URL: 'mysql://x/y', CASEBOOK_DATA_DIR: dataDir }));
    started.push(cli);
    const exit = await cli.exited;
    expect(exit).toEqual({ code: 2, signal: null });
    expect(cli.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^Configuration error: DATABASE_URL: /)]);
  });
});
