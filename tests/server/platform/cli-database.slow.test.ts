import { spawnSync } from 'node:child_process';
import { statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildsToRun } from '../../../scripts/casebook.mjs';
import { repoRoot } from './processes.js';

// Whether `npm run casebook` rebuilds what is already built.
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
