import { spawnSync } from 'node:child_process';
import { existsSync, statSync, utimesSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildsToRun } from '../../../scripts/casebook.mjs';
import {
  openTempDir,
  readInstance,
  repoRoot,
  runCli,
  startServer,
  stopLeftoverPostgres,
  userEnv,
  type NodeProcess,
} from './processes.js';

// Which database the command-line tool uses when CASEBOOK_DATA_DIR is unset, and whether
// `npm run casebook` rebuilds what is already built.
const children: NodeProcess[] = [];
let workDir: string;
let dataDir: string;

beforeAll(async () => {
  // The folder a user runs the tool in; its default data folder (.data) holds no database.
  workDir = await openTempDir('casebook-cli-folder-');
  dataDir = await openTempDir('casebook-cli-data-');
});

afterAll(async () => {
  await Promise.all(children.map((child) => child.stop('SIGKILL')));
  await stopLeftoverPostgres(dataDir);
  await rm(dataDir, { recursive: true, force: true });
  await rm(workDir, { recursive: true, force: true });
});

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<NodeProcess> {
  const run = runCli(args, env, workDir);
  children.push(run);
  await run.exited;
  return run;
}

describe('the CLI without CASEBOOK_DATA_DIR', () => {
  it('refuses without a terminal to make a new, empty database, naming the folder and the setting', async () => {
    const run = await cli(['status'], userEnv({}));
    const folder = path.join(workDir, '.data');
    expect(run.exit, run.output).toEqual({ code: 1, signal: null });
    expect(run.stderr).toContain(`There is no database in ${folder}`);
    expect(run.stderr).toContain('Nothing was created.');
    expect(run.stderr).toContain('set CASEBOOK_DATA_DIR to its data folder (or DATABASE_URL to its PostgreSQL)');
    expect(run.stderr).toContain(`set CASEBOOK_DATA_DIR=${folder}`);
    expect(run.stdout).toBe('');
    expect(existsSync(folder)).toBe(false);
  });

  it('uses the database of a server started in the same folder with another data folder', async () => {
    const server = startServer(
      userEnv({ CASEBOOK_DATA_DIR: dataDir, PORT: '0', CASEBOOK_PURGE_INTERVAL_MINUTES: '0' }),
      workDir,
    );
    children.push(server);
    await server.waitFor(/Reform Casebook is running at http:\/\/localhost:(\d+)/, 100_000);
    const port = readInstance(dataDir)!.port;

    const run = await cli(['status'], userEnv({}));
    expect(run.exit, run.output).toEqual({ code: 0, signal: null });
    expect(run.stderr).toContain(`Using the database of the server started in this folder, kept in ${dataDir}.`);
    expect(run.stdout).toMatch(
      new RegExp(`embedded PostgreSQL on port ${port} \\(shared with the running server\\)\\. Case studies: [1-9]`),
    );
    expect(existsSync(path.join(workDir, '.data'))).toBe(false);
  });

  it('still makes the database a set CASEBOOK_DATA_DIR names, saying where', async () => {
    const named = path.join(workDir, 'named');
    const run = await cli(['migrate'], userEnv({ CASEBOOK_DATA_DIR: named }));
    try {
      expect(run.exit, run.output).toEqual({ code: 0, signal: null });
      expect(run.stderr).toContain(`Creating a new PostgreSQL cluster in ${path.join(named, 'pg')}.`);
      expect(run.stdout).toMatch(/Database is up to date: \d+ migration\(s\) applied\./);
    } finally {
      await stopLeftoverPostgres(named);
    }
  });
});

describe('npm run casebook', () => {
  const cliBuild = path.join(repoRoot, 'server', 'dist', 'cli', 'casebook.js');
  const source = path.join(repoRoot, 'server', 'src', 'main.ts');

  it('runs the built tool without building again when the build is fresh', () => {
    expect(buildsToRun()).toEqual([]);
    const before = statSync(cliBuild).mtimeMs;
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'casebook.mjs'), '--help'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Usage: npm run casebook -- <command>');
    expect(run.stderr).not.toContain('Building');
    expect(statSync(cliBuild).mtimeMs).toBe(before);
  });

  it('builds the server again once one of its sources is newer than the build', () => {
    const { atime, mtime } = statSync(source);
    const later = new Date(statSync(path.join(repoRoot, 'server', 'dist', 'main.js')).mtimeMs + 60_000);
    try {
      utimesSync(source, later, later);
      expect(buildsToRun()).toEqual(['server']);
    } finally {
      utimesSync(source, atime, mtime);
    }
    expect(buildsToRun()).toEqual([]);
  });

  it('is what the casebook, seed and db:migrate scripts run', async () => {
    const { default: pkg } = (await import('../../../package.json', { with: { type: 'json' } })) as {
      default: { scripts: Record<string, string> };
    };
    expect(pkg.scripts).toMatchObject({
      casebook: 'node scripts/casebook.mjs',
      seed: 'node scripts/casebook.mjs seed',
      'db:migrate': 'node scripts/casebook.mjs migrate',
    });
  });
});
