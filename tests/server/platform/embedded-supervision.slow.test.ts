import { rename } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// The compiled server on an embedded database whose postmaster is killed (kill -9) under it: the
// server that started it starts it again on the same data folder, a second server that joined it
// follows it to its new port, and the data is kept. Each step is one JSON log line.
const folder = new DataFolderProcesses();
/** A folder of its own for the failed restart, so that it never meets the other test's processes. */
const failing = new DataFolderProcesses();
let dataDir: string;
let env: NodeJS.ProcessEnv;
const STORED = `SELECT slug, name FROM case_study WHERE slug = 'kept-case'`;
const KEPT = [{ slug: 'kept-case', name: 'A case written before the crash' }];

beforeAll(async () => {
  ({ dataDir, env } = await folder.open('casebook-supervise-'));
  env = { ...env, CASEBOOK_LOG_FORMAT: 'json' };
  folder.env = env;
  await failing.open('casebook-supervise-fail-');
  failing.env = { ...failing.env, CASEBOOK_LOG_FORMAT: 'json' };
});

afterAll(async () => {
  await folder.cleanUp();
  await failing.cleanUp();
});

async function sql(text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: databaseUrl(dataDir) });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

async function health(url: string): Promise<number> {
  try {
    return (await fetch(`${url}/healthz`)).status;
  } catch {
    return 0;
  }
}

async function caseCount(url: string): Promise<unknown> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ caseStudies(first: 5) { totalCount } }' }),
  });
  expect(response.status).toBe(200);
  return withoutBudget((await response.json()) as Record<string, unknown>);
}

/** Polls `check` until it holds; the timeout is only a guard against waiting for ever. */
async function until(what: string, check: () => Promise<boolean> | boolean, guardMs = 90_000): Promise<void> {
  const deadline = Date.now() + guardMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Still not ${what} after ${guardMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The process's log lines carrying `event`, each of which is one JSON object. */
function events(server: NodeProcess, event: string): Record<string, unknown>[] {
  return server.output
    .split('\n')
    .filter((line) => line.includes(`"event":"${event}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('an embedded PostgreSQL killed under the server', () => {
  it('is started again on the same data folder, the data kept, and a joined server follows it', async () => {
    const owner = folder.start();
    const ownerUrl = await serverUrl(owner);
    const second = folder.start();
    const secondUrl = await serverUrl(second);
    const before = readInstance(dataDir)!;
    expect(before.ownerPid).toBe(owner.pid);
    expect(second.output).toContain(`Using the running database on port ${before.port}`);
    folder.currentPostmaster();

    await sql(
      `INSERT INTO case_study (slug, name, kind) VALUES ('kept-case', 'A case written before the crash', 'COUNTRY')`,
    );
    const count = await caseCount(ownerUrl);
    expect(await caseCount(secondUrl)).toEqual(count);

    process.kill(before.postmasterPid, 'SIGKILL');
    expect(await waitUntilGone(before.postmasterPid, 10_000)).toBe(true);

    // The owner notices, starts PostgreSQL again and records where.
    await until('restarted', () => {
      const now = readInstance(dataDir);
      return now !== undefined && now.postmasterPid !== before.postmasterPid && isRunning(now.postmasterPid);
    });
    const after = readInstance(dataDir)!;
    folder.currentPostmaster();
    expect(after.ownerPid).toBe(owner.pid);
    expect(after.port).not.toBe(before.port);
    await until('healthy (owner)', async () => (await health(ownerUrl)) === 200);
    expect(await sql(STORED)).toEqual(KEPT);
    expect(await caseCount(ownerUrl)).toEqual(count);

    // The joined server reads the instance file and its pool reconnects to the new port.
    await until('healthy (joined)', async () => (await health(secondUrl)) === 200);
    expect(await caseCount(secondUrl)).toEqual(count);

    expect(events(owner, 'embedded_postgres_stopped')).toEqual([
      expect.objectContaining({ level: 'warn', pid: before.postmasterPid, port: before.port, dataDir }),
    ]);
    expect(events(owner, 'embedded_postgres_restarted')).toEqual([
      expect.objectContaining({ level: 'info', pid: after.postmasterPid, port: after.port, dataDir }),
    ]);
    expect(events(second, 'embedded_postgres_followed')).toEqual([
      expect.objectContaining({ level: 'info', port: after.port, from: before.port, pid: after.postmasterPid }),
    ]);

    // A command run now shares the restarted database.
    const cli = runCli(['status'], env);
    folder.track(cli);
    expect(await cli.exited, cli.output).toEqual({ code: 0, signal: null });
    expect(cli.stderr).toContain(`Using the running database on port ${after.port}`);

    // Stopping the owner stops the PostgreSQL it restarted.
    expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await owner.stop('SIGTERM'), owner.output).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone(after.postmasterPid, 10_000)).toBe(true);
    expect(readInstance(dataDir)).toBeUndefined();
  }, 240_000);

  it('when it cannot be started again, the server exits with a message naming the data folder', async () => {
    const owner = failing.start();
    const dataDir = failing.dataDir;
    await serverUrl(owner);
    const before = readInstance(dataDir)!;
    failing.currentPostmaster();
    // The cluster is gone from under it (a disk unmounted, a folder moved): no restart can work.
    process.kill(before.postmasterPid, 'SIGKILL');
    expect(await waitUntilGone(before.postmasterPid, 10_000)).toBe(true);
    await rename(path.join(dataDir, 'pg'), path.join(dataDir, 'pg-moved'));
    try {
      const exit = await owner.exited;
      expect(exit, owner.output).toEqual({ code: 1, signal: null });
      const lost = events(owner, 'embedded_postgres_lost');
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatchObject({ level: 'error' });
      expect(String(lost[0]!.msg)).toContain(
        `The embedded PostgreSQL in ${dataDir} stopped and could not be restarted`,
      );
    } finally {
      await rename(path.join(dataDir, 'pg-moved'), path.join(dataDir, 'pg'));
    }
  }, 240_000);
});
