import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { runCli, userEnv } from '../platform/processes.js';
import { alphaFile, readText, rel, seedFiles } from '../profile/helpers.js';

// A backup with the compiled CLI and a restore into an empty database: `export --all --out DIR`
// from a seeded database with later publications, `import DIR/*.yaml --publish` into a fresh
// one, and `export --all` from that gives the same files, byte for byte.
let source: TestDatabase;
let target: TestDatabase;
let tempDir: string;
let backupDir: string;

const CHANGED_SUMMARY = 'A summary published after the seeds were loaded, to be carried by the backup.';

async function cli(database: TestDatabase, ...args: string[]) {
  const run = runCli(args, userEnv({ DATABASE_URL: database.url }));
  expect(await run.exited, run.output).toEqual({ code: 0, signal: null });
  return run;
}

/** Every file of a folder, by name, with its bytes. */
async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(dir)).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name))] as const)));
}

async function publishedCases(database: TestDatabase): Promise<unknown[]> {
  return database.dataSource.query(
    `SELECT slug, name, summary FROM case_study WHERE current_edition_id IS NOT NULL ORDER BY slug`,
  );
}

beforeAll(async () => {
  [source, target] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'casebook-backup-'));
  backupDir = path.join(tempDir, 'backup');
});

afterAll(async () => {
  await Promise.all([source?.drop(), target?.drop()]);
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('backing up with export --all and restoring with import --publish', () => {
  it('exports every published case and the study record of a seeded database', async () => {
    await cli(source, 'seed', '--publish');
    await cli(source, 'import', rel(alphaFile), '--publish');
    // A second edition of one seeded case, so the backup holds more than the seeds say.
    const [firstSeed] = seedFiles();
    const changed = path.join(tempDir, path.basename(firstSeed!));
    await writeFile(changed, stringify({ ...(parse(readText(firstSeed!)) as object), summary: CHANGED_SUMMARY }));
    const republished = await cli(source, 'import', changed, '--publish');
    expect(republished.stdout).toMatch(/published edition 2/);

    const run = await cli(source, 'export', '--all', '--out', backupDir);
    const slugs = ((await publishedCases(source)) as { slug: string }[]).map((c) => c.slug);
    const files = await filesOf(backupDir);
    expect([...files.keys()]).toEqual([...slugs.map((slug) => `${slug}.yaml`), 'study.yaml'].sort());
    expect(run.stderr).toContain(`${slugs.length + 1} document(s): ${slugs.length + 1} exported, 0 failed.`);
    expect((parse(files.get(path.basename(firstSeed!))!.toString('utf8')) as { summary: string }).summary).toBe(
      CHANGED_SUMMARY,
    );
  });

  it('restores into an empty database, which exports the very same files, each from its first revision there', async () => {
    expect(await publishedCases(target)).toEqual([]);
    const backup = await filesOf(backupDir);
    const restored = await cli(
      target,
      'import',
      ...[...backup.keys()].map((name) => path.join(backupDir, name)),
      '--publish',
    );
    expect(restored.stdout).toContain(`${backup.size} file(s): ${backup.size} published, 0 unchanged, 0 failed.`);
    expect(await publishedCases(target)).toEqual(await publishedCases(source));

    const again = path.join(tempDir, 'again');
    await cli(target, 'export', '--all', '--out', again);
    const exported = await filesOf(again);
    expect([...exported.keys()]).toEqual([...backup.keys()]);
    // The same content (the digest of each case's content included); only the revision each file
    // names is the new database's own.
    const revisionLine = /^( {2}revision: )\d+$/m;
    for (const [name, bytes] of backup) {
      const text = exported.get(name)?.toString('utf8');
      if (name !== 'study.yaml') expect(text, name).toMatch(/^exportedFrom:\n {2}revision: 1\n/m);
      expect(text?.replace(revisionLine, '$1N'), name).toBe(bytes.toString('utf8').replace(revisionLine, '$1N'));
    }
  });
});
