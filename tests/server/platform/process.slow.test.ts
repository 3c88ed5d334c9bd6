import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../../server/src/common/paths.js';
import { withoutBudget } from '../../support/http.js';
import {
  databaseUrl,
  isRunning,
  readInstance,
  runCli,
  serverUrl,
  DataFolderProcesses,
  waitUntilGone,
  type NodeProcess,
} from './processes.js';

// The compiled server as a user runs it, on one data folder through its life: first start,
// a CLI alongside, a crash (SIGKILL), a restart, a clean stop and a start after that.
// The steps build on each other and run in order.
let dataDir: string;
let env: NodeJS.ProcessEnv;
let server: NodeProcess | undefined;
let url: string;
/** What the API answered once the row below was written; it must answer the same after restarts. */
let countAfterInsert: unknown;
const STORED = `SELECT slug, name FROM case_study WHERE slug = 'unpublished-case'`;
const UNPUBLISHED = [{ slug: 'unpublished-case', name: 'An unpublished case' }];
/** The first start loads the case profiles in seeds/ (every file but the study record). */
const SEEDED = readdirSync(fromRoot('seeds')).filter((f) => f.endsWith('.yaml') && f !== 'study.yaml').length;
const folder = new DataFolderProcesses();

const start = (): NodeProcess => folder.start();

const currentPostmaster = (): number => folder.currentPostmaster();

async function caseCount(): Promise<unknown> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ caseStudies(first: 5) { totalCount } }' }),
  });
  expect(response.status).toBe(200);
  return withoutBudget((await response.json()) as Record<string, unknown>);
}

/** Runs SQL on the data folder's database directly, as an operator with psql would. */
async function sql(text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: databaseUrl(dataDir) });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

async function healthStatus(): Promise<number> {
  return (await fetch(`${url}/healthz`)).status;
}

beforeAll(async () => {
  ({ dataDir, env } = await folder.open('casebook-process-'));
});

afterAll(async () => {
  await folder.cleanUp();
});

describe('the compiled server on an embedded database', () => {
  it('starts on an empty data folder and serves health, GraphQL and the schema', async () => {
    server = start();
    url = await serverUrl(server);

    expect(await healthStatus()).toBe(200);
    expect(server.output).toContain('The database is empty: loading');
    expect(await caseCount()).toEqual({ data: { caseStudies: { totalCount: SEEDED } } });
    const sdl = await fetch(`${url}/schema.graphql`);
    expect(sdl.status).toBe(200);
    expect(await sdl.text()).toContain('type CaseStudy');
    expect(isRunning(currentPostmaster())).toBe(true);
  });

  it('lets the CLI share its running database, and keeps it running afterwards', async () => {
    const before = readInstance(dataDir);
    const cli = runCli(['status'], env);
    folder.track(cli);
    expect(await cli.exited, cli.output).toEqual({ code: 0, signal: null });
    expect(cli.stderr).toContain(`Using the running database on port ${before?.port}`);
    expect(cli.stdout).toContain(
      `embedded PostgreSQL on port ${before?.port} (shared with the running server). Case studies: ${SEEDED}.`,
    );

    expect(readInstance(dataDir)).toEqual(before);
    expect(isRunning(before!.postmasterPid)).toBe(true);
    expect(await healthStatus()).toBe(200);
    expect(await caseCount()).toEqual({ data: { caseStudies: { totalCount: SEEDED } } });
  });

  it('after a crash, a new start stops the PostgreSQL left running and keeps the data', async () => {
    await sql(
      `INSERT INTO case_study (slug, name, kind) VALUES ('unpublished-case', 'An unpublished case', 'COUNTRY')`,
    );
    countAfterInsert = await caseCount();
    expect(countAfterInsert).toEqual({ data: { caseStudies: { totalCount: expect.any(Number) } } });

    const crashed = server!;
    const leftover = currentPostmaster();
    expect(await crashed.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(isRunning(leftover), 'PostgreSQL outlives a killed server').toBe(true);

    server = start();
    url = await serverUrl(server);
    expect(server.output).toContain(
      `Stopping the PostgreSQL server (pid ${leftover}) left running by process ${crashed.pid}, which has ended.`,
    );
    expect(isRunning(leftover)).toBe(false);
    expect(currentPostmaster()).not.toBe(leftover);
    expect(await healthStatus()).toBe(200);
    expect(await sql(STORED)).toEqual(UNPUBLISHED);
    expect(await caseCount()).toEqual(countAfterInsert);
  });

  it('stops on SIGTERM with exit code 0, taking its PostgreSQL with it', async () => {
    const postmaster = currentPostmaster();
    const port = readInstance(dataDir)!.port;
    const exit = await server!.stop('SIGTERM');
    expect(exit, server!.output).toEqual({ code: 0, signal: null });
    expect(server!.stdout).toContain('SIGTERM received');
    expect(await waitUntilGone(postmaster, 2_000)).toBe(true);
    expect(readInstance(dataDir)).toBeUndefined();

    const client = new pg.Client({ host: '127.0.0.1', port, connectionTimeoutMillis: 2_000 });
    client.on('error', () => undefined);
    await expect(client.connect()).rejects.toThrow(/ECONNREFUSED/);
  });

  it('starts again on the same data folder with the data kept', async () => {
    server = start();
    url = await serverUrl(server);
    expect(server.output).not.toContain('Creating a new PostgreSQL cluster');
    expect(server.output).not.toContain('left running');
    expect(server.output, 'a database with content is never reseeded').not.toContain('The database is empty');
    currentPostmaster();
    expect(await sql(STORED)).toEqual(UNPUBLISHED);
    expect(await caseCount()).toEqual(countAfterInsert);
  });
});
