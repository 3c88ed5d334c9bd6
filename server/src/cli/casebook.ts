import 'reflect-metadata';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fieldLabelBeside } from '@casebook/schema';
import { caseProfileJsonSchema, studyJsonSchema } from '@casebook/schema/document';
import { loadConfig, ConfigError, parseRetention } from '../common/config.js';
import { fromRoot } from '../common/paths.js';
import { connect } from '../db/connect.js';
import { EmbeddedDatabaseError, hasCluster, runningDataFolders } from '../db/embedded.js';
import { createSchema, printSdl } from '../http/schema.js';
import { auditActor } from '../modules/account/access.js';
import { AppUser, UserRole } from '../modules/account/account.entity.js';
import { AccountService } from '../modules/account/account.service.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { RetentionService } from '../modules/audit/retention.service.js';
import {
  InterchangeService,
  canonicalText,
  documentFiles,
  formatProblem,
  readDocumentFiles,
  readDocumentText,
  type ImportChange,
  type ImportReport,
} from '../modules/interchange/interchange.service.js';

const USAGE = `Usage: npm run casebook -- <command> [options]

Commands:
  validate FILE...                   check profile files, without a database: every problem of
                                     each file at once, as FILE:LINE:COLUMN: path: message
  import FILE... [--publish] [--force] [--dry-run]
                                     validate profile files; each changed case becomes a revision
                                     and its draft, published at once with --publish; a case with
                                     edits in the app the file was not exported from is refused
                                     unless --force; --dry-run lists what each part would become
  export SLUG... | --all [--out DIR] write published profiles as YAML (to DIR, or to the screen)
  seed [--publish] [--force] [--dry-run]
                                     import every file in seeds/ (unchanged files change nothing)
  user add --email E --role R [--name N] [--password P]
                                     make an account (ADMIN, EDITOR, REVIEWER or VIEWER); without
                                     --password it asks, or prints a generated one when there is
                                     no terminal
  user list                          list accounts
  user disable --email E             disable an account and end its sessions
  user reset-password --email E [--password P]
                                     set a new password (asked, or generated and printed when
                                     there is no terminal), end every session of the account and
                                     clear its sign-in limit
  user clear-sign-in --email E       clear the sign-in failures counted for an email
  format FILE...                     rewrite profile files in canonical form (after validating them)
  migrate                            apply pending database migrations
  status                             show which database is used and how many case studies it holds
  purge                              delete what is past retention now (CASEBOOK_*_RETENTION_DAYS)
  emit-schema [--dir D]              write the GraphQL SDL and the document JSON Schemas (default: schema/)
`;

/** Errors a command reports to the user in one line, exit code 1. */
class CommandError extends Error {}

/** Asks a yes-or-no question on the terminal (on standard error); no is the answer by default. */
async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  return /^\s*y(es)?\s*$/i.test(answer);
}

/**
 * The data folder of the embedded database a command uses. Without CASEBOOK_DATA_DIR, a default
 * folder that holds no database is never made silently: the database of a server started in this
 * working folder is used when there is one; otherwise the command asks before making a new, empty
 * one (on a terminal) or refuses (without one), naming the folder and the setting to use.
 */
async function chooseDataFolder(dataDir: string): Promise<string> {
  const named = (process.env.CASEBOOK_DATA_DIR ?? '').trim() !== '';
  // With the setting, the folder it names is the one to use: no other is looked for.
  const running = named ? [] : await runningDataFolders(process.cwd());
  if (hasCluster(dataDir)) {
    const elsewhere = running.filter((folder) => folder !== dataDir);
    if (elsewhere.length > 0)
      console.error(
        `Using the database in ${dataDir}; a server started in this folder uses ${elsewhere.join(', ')} (set CASEBOOK_DATA_DIR to use its database).`,
      );
    return dataDir;
  }
  if (named) return dataDir;
  if (running.length === 1) {
    console.error(`Using the database of the server started in this folder, kept in ${running[0]}.`);
    return running[0]!;
  }
  if (running.length > 1)
    throw new CommandError(
      `There is no database in ${dataDir}, and servers started in this folder keep theirs in ${running.join(', ')}: ` +
        'set CASEBOOK_DATA_DIR to the one to use. Nothing was created.',
    );
  const where = `There is no database in ${dataDir} (CASEBOOK_DATA_DIR is unset, and no server started in this folder is running).`;
  if (!process.stdin.isTTY)
    throw new CommandError(
      `${where} Nothing was created. To use a server's database, set CASEBOOK_DATA_DIR to its data folder ` +
        `(or DATABASE_URL to its PostgreSQL); to make a new, empty database in ${dataDir}, set CASEBOOK_DATA_DIR=${dataDir} ` +
        'or run the command in a terminal and answer y.',
    );
  if (!(await confirm(`${where}\nMake a new, empty database in ${dataDir}? [y/N] `)))
    throw new CommandError(
      "Nothing was created. To use a server's database, set CASEBOOK_DATA_DIR to its data folder (or DATABASE_URL to its PostgreSQL).",
    );
  return dataDir;
}

async function withDatabase<T>(work: (db: Awaited<ReturnType<typeof connect>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const dataDir = config.databaseUrl ? config.dataDir : await chooseDataFolder(config.dataDir);
  const db = await connect({ ...config, dataDir }, (message) => console.error(message));
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/**
 * A command's arguments, parsed strictly by node:util: an unknown option, an option without its
 * value, or a positional argument where the command takes none is a CommandError.
 */
function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>({
      args,
      options,
      allowPositionals,
      strict: true,
    });
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS_'))
      throw new CommandError(`${error.message}\nSee \`npm run casebook -- --help\`.`);
    throw error;
  }
}

/** The options `import` and `seed` take. */
const IMPORT_OPTIONS = {
  publish: { type: 'boolean' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
} as const;

/** A file's name as the user would type it here: relative to the working folder. */
const shown = (file: string) => path.relative(process.cwd(), file) || file;

/** Prints an import's per-file lines and summary; returns whether everything succeeded. */
function printImport(reports: ImportReport[], dryRun: boolean): boolean {
  const bad = reports.filter((r) => r.status === 'invalid' || r.status === 'refused');
  for (const r of bad) for (const p of r.problems) console.error(formatProblem(shown(r.file), p));
  const count = (status: ImportReport['status']) => reports.filter((r) => r.status === status).length;
  // Drafts and refusals are named only when there are some, so the common lines stay short.
  const some = (n: number, text: string) => (n ? [`${n} ${text}`] : []);
  if (bad.length) {
    console.error(
      `${reports.length} file(s): ${[`${count('invalid')} invalid`, ...some(count('refused'), 'refused')].join(', ')}; nothing was written.`,
    );
    return false;
  }
  const parts = dryRun
    ? [
        `${count('would-publish')} would be published`,
        ...some(count('would-draft'), 'would become drafts'),
        `${count('unchanged')} unchanged`,
      ]
    : [`${count('published')} published`, ...some(count('drafted'), 'drafted'), `${count('unchanged')} unchanged`];
  console.log(
    `${reports.length} file(s): ${parts.join(', ')}, 0 failed${dryRun ? ' (dry run: nothing was written)' : ''}.`,
  );
  return true;
}

const WHAT_HAPPENED: Record<ImportReport['status'], string> = {
  published: 'published',
  drafted: 'saved as a draft',
  unchanged: 'unchanged',
  'would-publish': 'would be published',
  'would-draft': 'would become a draft',
  invalid: 'invalid',
  refused: 'refused',
};

function progress(total: number, dryRun: boolean) {
  let done = 0;
  return (r: ImportReport) => {
    done += 1;
    const detail =
      r.status === 'published' && r.edition
        ? ` edition ${r.edition}`
        : r.status === 'drafted' && r.revision
          ? ` (revision ${r.revision})`
          : '';
    console.log(`[${done}/${total}] ${r.label}: ${WHAT_HAPPENED[r.status]}${detail}`);
    // A dry run lists every part the import would change; an import, the edits made in the app it replaced.
    const listed = dryRun ? (r.changes ?? []) : (r.changes ?? []).filter((c) => c.origin !== 'file');
    for (const change of listed) console.log(`  ${changeLine(change, dryRun || r.status === 'refused')}`);
  };
}

const CHANGE_VERB: Record<ImportChange['change'], [string, string]> = {
  ADDED: ['adds', 'would add'],
  REMOVED: ['removes', 'would remove'],
  CHANGED: ['changes', 'would change'],
};
const WHOSE_EDIT: Record<ImportChange['origin'], [string, string]> = {
  file: ['', ''],
  app: [': undoes an edit made in the app', ': would undo an edit made in the app'],
  both: [': replaces an edit made in the app', ': would replace an edit made in the app'],
  unknown: [': the app may have edited it', ': the app may have edited it'],
};

/**
 * One part an import changes, in words: `would change lesson pooled-budgets "Pool budgets" (title,
 * note “Why it is uncertain”)`: each field by its name in the file, and its form's words where they say more.
 */
export function changeLine(change: ImportChange, wouldBe: boolean): string {
  const tense = wouldBe ? 1 : 0;
  const what =
    change.part === 'case' ? `the headline of ${change.label}` : `${change.part} ${change.path} "${change.label}"`;
  const named = change.fields.map((field) => {
    const label = fieldLabelBeside(change.part, field);
    return label ? `${field} “${label}”` : field;
  });
  const fields = named.length ? ` (${named.join(', ')})` : '';
  const whose = WHOSE_EDIT[change.origin][tense];
  const verb = CHANGE_VERB[change.change][tense];
  return `${verb} ${what}${fields}${whose}`;
}

async function runImport(
  files: string[],
  options: { publish?: boolean; force?: boolean; 'dry-run'?: boolean },
): Promise<void> {
  if (files.length === 0) throw new CommandError('Name one or more profile files to import.');
  const dryRun = options['dry-run'] ?? false;
  console.log(`Validating ${files.length} file(s)…`);
  const ok = await withDatabase(async (db) => {
    const reports = await new InterchangeService(db.dataSource).importFiles(files, {
      dryRun,
      publish: options.publish ?? false,
      force: options.force ?? false,
      onProgress: progress(files.length, dryRun),
    });
    return printImport(reports, dryRun);
  });
  if (!ok) process.exitCode = 1;
}

/** Asks for a password without echoing it; undefined when there is no terminal. */
async function askPassword(): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const muted = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write('Password (at least 12 characters): ');
  muted._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function userCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const roles = Object.values(UserRole) as string[];
  if (sub === 'add') {
    const { values } = parse(rest, {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
    });
    const email = values.email;
    const role = values.role?.toUpperCase();
    if (!email || !role) throw new CommandError('Usage: user add --email E --role R [--name N] [--password P]');
    if (!roles.includes(role)) throw new CommandError(`--role must be one of ${roles.join(', ')}`);
    const given = values.password ?? (await askPassword());
    await withDatabase(async (db) => {
      const result = await new AccountService(db.dataSource).createUser({
        email,
        role: role as UserRole,
        name: values.name,
        password: given,
      });
      if ('problems' in result)
        throw new CommandError(result.problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
      await new AuditService(db.dataSource).record(
        auditActor({ viewer: { kind: 'cli' } }),
        'createUser',
        'ok',
        email,
        role,
      );
      console.log(`Made ${role} account ${result.user.email}.`);
      if (given === undefined) console.log(`Generated password (shown once): ${result.password}`);
    });
    return;
  }
  if (sub === 'list') {
    parse(rest, {});
    await withDatabase(async (db) => {
      const users = await db.dataSource.getRepository(AppUser).find({ order: { email: 'ASC' } });
      if (users.length === 0)
        console.log(
          'No accounts yet: make the first admin with `npm run casebook -- user add --email you@example.org --role ADMIN`.',
        );
      for (const u of users) console.log(`${u.email}\t${u.role}${u.disabled ? '\tdisabled' : ''}`);
    });
    return;
  }
  if (sub === 'disable') {
    const email = parse(rest, { email: { type: 'string' } }).values.email;
    if (!email) throw new CommandError('Usage: user disable --email E');
    await withDatabase(async (db) => {
      const repo = db.dataSource.getRepository(AppUser);
      const user = await repo.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
      if (!user) throw new CommandError(`There is no account ${email}.`);
      user.disabled = true;
      await repo.save(user);
      await db.dataSource.query(`DELETE FROM "user_session" WHERE "user_id" = $1`, [user.id]);
      await new AuditService(db.dataSource).record(
        auditActor({ viewer: { kind: 'cli' } }),
        'updateUser',
        'ok',
        email,
        'disabled',
      );
      console.log(`Disabled ${user.email}; its sessions have ended.`);
    });
    return;
  }
  if (sub === 'reset-password') {
    const { values } = parse(rest, { email: { type: 'string' }, password: { type: 'string' } });
    if (!values.email) throw new CommandError('Usage: user reset-password --email E [--password P]');
    const email = values.email;
    await withDatabase(async (db) => {
      const accounts = new AccountService(db.dataSource);
      const user = await accounts.userByEmail(email);
      if (!user) throw new CommandError(`There is no account ${email}.`);
      const given = values.password ?? (await askPassword());
      const audit = new AuditService(db.dataSource);
      const result = await accounts.resetPassword(user.id, given, (u, ended, manager) =>
        audit.record(
          auditActor({ viewer: { kind: 'cli' } }),
          'resetPassword',
          'ok',
          u.email,
          `${ended} sessions ended`,
          manager,
        ),
      );
      if ('problems' in result)
        throw new CommandError(
          result.problems.map((p) => `${p.field === 'id' ? 'email' : p.field}: ${p.message}`).join('\n'),
        );
      console.log(`Set a new password for ${user.email}; ${result.ended} sessions ended.`);
      if (given === undefined) console.log(`Generated password (shown once): ${result.password}`);
    });
    return;
  }
  if (sub === 'clear-sign-in') {
    const email = parse(rest, { email: { type: 'string' } }).values.email;
    if (!email) throw new CommandError('Usage: user clear-sign-in --email E');
    await withDatabase(async (db) => {
      const cleared = await new AccountService(db.dataSource).clearSignInLimit(email);
      await new AuditService(db.dataSource).record(
        auditActor({ viewer: { kind: 'cli' } }),
        'clearSignInLimit',
        'ok',
        email,
        cleared ? 'cleared' : 'nothing counted',
      );
      console.log(
        cleared ? `Cleared the sign-in failures of ${email}.` : `No sign-in failures were counted for ${email}.`,
      );
    });
    return;
  }
  throw new CommandError('Usage: user add|list|disable|reset-password|clear-sign-in (see --help)');
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
  async validate(args) {
    const files = parse(args, {}, true).positionals;
    if (files.length === 0) throw new CommandError('Name one or more profile files to validate.');
    const read = await readDocumentFiles(files);
    const bad = read.filter((r) => r.problems.length > 0);
    for (const r of bad) for (const p of r.problems) console.error(formatProblem(shown(r.file), p));
    if (bad.length) {
      console.error(`${read.length} file(s): ${bad.length} invalid.`);
      process.exitCode = 1;
    } else console.log(`${read.length} file(s): all valid.`);
  },
  async import(args) {
    const { values, positionals } = parse(args, IMPORT_OPTIONS, true);
    await runImport(positionals, values);
  },
  async seed(args) {
    const { values } = parse(args, IMPORT_OPTIONS);
    await runImport(await documentFiles(fromRoot('seeds')), values);
  },
  user: userCommand,
  async export(args) {
    const { values, positionals: slugs } = parse(args, { all: { type: 'boolean' }, out: { type: 'string' } }, true);
    const { out, all = false } = values;
    if (!all && slugs.length === 0) throw new CommandError('Name the cases to export, or use --all.');
    const failed = await withDatabase(async (db) => {
      const service = new InterchangeService(db.dataSource);
      const wanted = all ? await service.publishedSlugs() : slugs;
      if (out) await mkdir(out, { recursive: true });
      let failures = 0;
      const total = wanted.length + (all ? 1 : 0);
      for (const [i, slug] of wanted.entries()) {
        const doc = await service.exportCase(slug, 'yaml', { withRevision: true });
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
    const files = parse(args, {}, true).positionals;
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
  async migrate(args) {
    parse(args, {});
    await withDatabase(async (db) => {
      const applied = await db.dataSource.query(`SELECT name FROM migration ORDER BY id`);
      console.log(`Database is up to date: ${(applied as unknown[]).length} migration(s) applied.`);
    });
  },
  async status(args) {
    parse(args, {});
    await withDatabase(async (db) => {
      const [row] = (await db.dataSource.query('SELECT count(*)::int AS n FROM case_study')) as { n: number }[];
      const where = db.embedded
        ? `embedded PostgreSQL on port ${db.embedded.port}${db.embedded.owned ? '' : ' (shared with the running server)'}`
        : 'DATABASE_URL';
      console.log(`Database: ${where}. Case studies: ${row?.n ?? 0}.`);
    });
  },
  async purge(args) {
    parse(args, {});
    const retention = parseRetention(process.env);
    await withDatabase(async (db) => {
      const result = await new RetentionService(db.dataSource).purge(retention);
      console.log(
        result.skipped
          ? 'Another purge is running; nothing was deleted.'
          : `Purged ${result.auditEvents} audit row(s), ${result.sessions} session(s), ${result.signInFailures} sign-in failure counter(s), ${result.apiTokens} API token(s).`,
      );
    });
  },
  async 'emit-schema'(args) {
    const dir = parse(args, { dir: { type: 'string' } }).values.dir ?? fromRoot('schema');
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
