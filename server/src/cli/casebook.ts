import 'reflect-metadata';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig, ConfigError } from '../config.js';
import { connect } from '../db/connect.js';
import { EmbeddedDatabaseError } from '../db/embedded.js';
import { createSchema, printSdl } from '../schema.js';
import { fromRoot } from '../common/paths.js';
import { caseProfileJsonSchema, studyJsonSchema } from '../modules/profile/profile.schema.js';
import { ProfileService, canonicalText, documentFiles, formatProblem, readDocumentText, type ImportReport } from '../modules/profile/profile.service.js';

const USAGE = `Usage: npm run casebook -- <command> [options]

Commands:
  import FILE... [--dry-run]         validate profile files, then publish the changed ones
  export SLUG... | --all [--out DIR] write published profiles as YAML (to DIR, or to the screen)
  seed [--dry-run]                   import every file in seeds/ (unchanged files change nothing)
  format FILE...                     rewrite profile files in canonical form (after validating them)
  migrate                            apply pending database migrations
  status                             show which database is used and how many case studies it holds
  emit-schema [--dir D]              write the GraphQL SDL and the document JSON Schemas (default: schema/)
`;

/** Errors a command reports to the user in one line, exit code 1. */
class CommandError extends Error {}

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof connect>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await connect(config, (message) => console.error(message));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new CommandError(`${name} needs a value`);
  return value;
}

/** Prints an import's per-file lines and summary; returns whether everything succeeded. */
function printImport(reports: ImportReport[], dryRun: boolean): boolean {
  const invalid = reports.filter((r) => r.status === 'invalid');
  for (const r of invalid) for (const p of r.problems) console.error(formatProblem(path.relative(process.cwd(), r.file) || r.file, p));
  const count = (status: ImportReport['status']) => reports.filter((r) => r.status === status).length;
  if (invalid.length) {
    console.error(`${reports.length} file(s): ${invalid.length} invalid; nothing was written.`);
    return false;
  }
  const parts = dryRun ? [`${count('would-publish')} would be published`, `${count('unchanged')} unchanged`] : [`${count('published')} published`, `${count('unchanged')} unchanged`];
  console.log(`${reports.length} file(s): ${parts.join(', ')}, 0 failed${dryRun ? ' (dry run: nothing was written)' : ''}.`);
  return true;
}

function progress(total: number) {
  let done = 0;
  return (r: ImportReport) => {
    done += 1;
    const what = r.status === 'published' ? `published${r.edition ? ` edition ${r.edition}` : ''}` : r.status === 'would-publish' ? 'would be published' : 'unchanged';
    console.log(`[${done}/${total}] ${r.label}: ${what}`);
  };
}

async function runImport(files: string[], dryRun: boolean): Promise<void> {
  if (files.length === 0) throw new CommandError('Name one or more profile files to import.');
  console.log(`Validating ${files.length} file(s)…`);
  const ok = await withDatabase(async (db) => {
    const reports = await new ProfileService(db.dataSource).importFiles(files, { dryRun, onProgress: progress(files.length) });
    return printImport(reports, dryRun);
  });
  if (!ok) process.exitCode = 1;
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
  async import(args) {
    await runImport(
      args.filter((a) => !a.startsWith('--')),
      args.includes('--dry-run'),
    );
  },
  async seed(args) {
    await runImport(await documentFiles(fromRoot('seeds')), args.includes('--dry-run'));
  },
  async export(args) {
    const out = option(args, '--out');
    const slugs = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--out');
    const all = args.includes('--all');
    if (!all && slugs.length === 0) throw new CommandError('Name the cases to export, or use --all.');
    const failed = await withDatabase(async (db) => {
      const service = new ProfileService(db.dataSource);
      const wanted = all ? await service.publishedSlugs() : slugs;
      if (out) await mkdir(out, { recursive: true });
      let failures = 0;
      const total = wanted.length + (all ? 1 : 0);
      for (const [i, slug] of wanted.entries()) {
        const doc = await service.exportCase(slug, 'yaml');
        if (!doc) {
          failures += 1;
          console.error(`[${i + 1}/${total}] ${slug}: no published case with this slug`);
          continue;
        }
        if (out) {
          await writeFile(path.join(out, `${slug}.yaml`), doc.text);
          console.error(`[${i + 1}/${total}] ${slug}: written to ${path.join(out, `${slug}.yaml`)}`);
        } else process.stdout.write(wanted.length > 1 ? `---\n${doc.text}` : doc.text);
      }
      if (all) {
        const study = await service.exportStudy('yaml');
        if (study && out) {
          await writeFile(path.join(out, 'study.yaml'), study.text);
          console.error(`[${total}/${total}] study: written to ${path.join(out, 'study.yaml')}`);
        } else if (study) process.stdout.write(`---\n${study.text}`);
      }
      console.error(`${total} document(s): ${total - failures} exported, ${failures} failed.`);
      return failures;
    });
    if (failed) process.exitCode = 1;
  },
  async format(args) {
    const files = args.filter((a) => !a.startsWith('--'));
    let bad = 0;
    for (const file of files) {
      const read = readDocumentText(await readFile(file, 'utf8'), file);
      const text = canonicalText(read);
      if (text === undefined) {
        bad += 1;
        for (const p of read.problems) console.error(formatProblem(file, p));
        continue;
      }
      await writeFile(file, text);
      console.log(`${file}: canonical`);
    }
    if (bad) {
      console.error(`${bad} file(s) invalid; left unchanged.`);
      process.exitCode = 1;
    }
  },
  async migrate() {
    await withDatabase(async (db) => {
      const applied = await db.dataSource.query(`SELECT name FROM migration ORDER BY id`);
      console.log(`Database is up to date: ${(applied as unknown[]).length} migration(s) applied.`);
    });
  },
  async status() {
    await withDatabase(async (db) => {
      const [row] = (await db.dataSource.query('SELECT count(*)::int AS n FROM case_study')) as { n: number }[];
      const where = db.embedded ? `embedded PostgreSQL on port ${db.embedded.port}${db.embedded.owned ? '' : ' (shared with the running server)'}` : 'DATABASE_URL';
      console.log(`Database: ${where}. Case studies: ${row?.n ?? 0}.`);
    });
  },
  async 'emit-schema'(args) {
    const dir = option(args, '--dir') ?? fromRoot('schema');
    await mkdir(dir, { recursive: true });
    const files: [string, string][] = [
      ['schema.graphql', printSdl(await createSchema())],
      ['case-profile.schema.json', `${JSON.stringify(caseProfileJsonSchema, null, 2)}\n`],
      ['study.schema.json', `${JSON.stringify(studyJsonSchema, null, 2)}\n`],
    ];
    for (const [name, text] of files) {
      await writeFile(path.join(dir, name), text);
      console.log(`Wrote ${path.join(dir, name)}`);
    }
  },

};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === 'help') {
    console.log(USAGE);
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 1;
  }
  await command(args);
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    if (error instanceof CommandError || error instanceof EmbeddedDatabaseError) {
      console.error(error.message);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  },
);
