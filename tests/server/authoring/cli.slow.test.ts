import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  databaseUrl,
  openTempDir,
  readInstance,
  runCli,
  startServer,
  stopLeftoverPostgres,
  userEnv,
  type NodeProcess,
} from '../platform/processes.js';
import { alphaFile, betaFile, readText, rel, seedCaseFiles } from '../profile/helpers.js';
import {
  anonymous,
  caller,
  dataOf,
  errorCodes,
  GET_DRAFT,
  PASSWORD,
  REVISIONS,
  SAVE_PART,
  signIn,
  type Caller,
  type Json,
} from './helpers.js';

// An administrator manages accounts and imports profiles with the CLI while the compiled server
// runs: the CLI joins the server's embedded PostgreSQL, and the server sees its work at once.
let dataDir: string;
let env: NodeJS.ProcessEnv;
let url: string;
let db: pg.Client;
let editor: Caller;
const children: NodeProcess[] = [];
const postmasters = new Set<number>();

/** Runs the CLI to the end and returns it (output and exit). */
async function cli(...args: string[]): Promise<NodeProcess> {
  const run = runCli(args, env);
  children.push(run);
  await run.exited;
  return run;
}

const VIEWER = `{ viewer { email role disabled } }`;
const BETA = 'beta-police';
let changedBeta: string;

beforeAll(async () => {
  dataDir = await openTempDir('casebook-cli-authoring-');
  // The server's own purge stays off, so what `purge` deletes is the command's doing alone.
  env = userEnv({ CASEBOOK_DATA_DIR: dataDir, PORT: '0', CASEBOOK_PURGE_INTERVAL_MINUTES: '0' });
  const server = startServer(env);
  children.push(server);
  // The first start creates the cluster and loads seeds/ before it listens: allow for a slow machine.
  const [, port] = await server.waitFor(/Reform Casebook is running at http:\/\/localhost:(\d+)/, 100_000);
  url = `http://127.0.0.1:${port}`;
  postmasters.add(readInstance(dataDir)!.postmasterPid);
  db = new pg.Client({ connectionString: databaseUrl(dataDir) });
  await db.connect();
  changedBeta = path.join(dataDir, 'beta-changed.yaml');
  const beta = parse(readText(betaFile)) as Json;
  await writeFile(
    changedBeta,
    stringify({ ...beta, summary: 'A fictional national police service, as the file now describes it.' }),
  );
});

afterAll(async () => {
  await db?.end();
  await Promise.all(children.map((child) => child.stop('SIGTERM')));
  if (dataDir) {
    await stopLeftoverPostgres(dataDir, postmasters);
    await rm(dataDir, { recursive: true, force: true });
  }
});

describe('casebook user, beside the running server', () => {
  it('`user add` without --password and without a terminal prints a generated password that signs in', async () => {
    const run = await cli('user', 'add', '--email', 'ed@example.org', '--role', 'EDITOR');
    expect(run.exit, run.output).toEqual({ code: 0, signal: null });
    expect(run.stderr).toContain(`Using the running database on port ${readInstance(dataDir)!.port}`);
    const [, password] = run.stdout.match(/^Generated password \(shown once\): (\S+)$/m) ?? [];
    expect(run.stdout).toContain('Made EDITOR account ed@example.org.');
    expect(password, run.stdout).toBeDefined();
    expect(password!.length).toBeGreaterThanOrEqual(12);

    const { reply, cookie } = await signIn(url, 'ed@example.org', password!);
    expect(dataOf(reply).signIn).toMatchObject({ user: { email: 'ed@example.org', role: 'EDITOR' }, userErrors: [] });
    editor = caller(url, 'ed@example.org', { cookie: cookie! });
    expect(dataOf(await editor.graphql(VIEWER)).viewer).toEqual({
      email: 'ed@example.org',
      role: 'EDITOR',
      disabled: false,
    });
    const hash = (
      (await db.query(`SELECT password_hash FROM app_user WHERE email = 'ed@example.org'`)).rows as {
        password_hash: string;
      }[]
    )[0]?.password_hash;
    expect(hash).toMatch(/^scrypt\$/);
    expect(hash).not.toContain(password);
  });

  it('`user add` refuses a second account with the same email, and an unknown role', async () => {
    const again = await cli('user', 'add', '--email', 'ED@example.org', '--role', 'VIEWER', '--password', PASSWORD);
    expect(again.exit?.code).toBe(1);
    expect(again.stderr).toContain('There is already an account for ED@example.org');
    const badRole = await cli('user', 'add', '--email', 'x@example.org', '--role', 'OWNER');
    expect(badRole.exit?.code).toBe(1);
    expect(badRole.stderr).toContain('--role must be one of ADMIN, EDITOR, REVIEWER, VIEWER');
  });

  it('`user list` lists the accounts with their roles', async () => {
    const added = await cli('user', 'add', '--email', 'gone@example.org', '--role', 'REVIEWER', '--password', PASSWORD);
    expect(added.exit?.code, added.output).toBe(0);
    expect(added.stdout).not.toContain('Generated password');
    const run = await cli('user', 'list');
    expect(run.exit, run.output).toEqual({ code: 0, signal: null });
    expect(run.stdout).toBe('ed@example.org\tEDITOR\ngone@example.org\tREVIEWER\n');
  });

  it('`purge` deletes what is past retention and says how much', async () => {
    await db.query(
      `INSERT INTO "audit_event" ("at", "action", "outcome", "actor_label") VALUES (now() - interval '400 days', 'purge-old', 'ok', 'cli'), (now() - interval '300 days', 'purge-kept', 'ok', 'cli')`,
    );
    await db.query(
      `INSERT INTO "user_session" ("token_hash", "user_id", "expires_at") SELECT 'purge-ended', "id", now() - interval '1 hour' FROM "app_user" LIMIT 1`,
    );
    const run = await cli('purge');
    expect(run.exit, run.output).toEqual({ code: 0, signal: null });
    expect(run.stdout).toBe('Purged 1 audit row(s), 1 session(s), 0 sign-in failure counter(s), 0 API token(s).\n');
    const left = await db.query(`SELECT "action" FROM "audit_event" WHERE "action" LIKE 'purge-%'`);
    expect(left.rows).toEqual([{ action: 'purge-kept' }]);
  });

  it('`user disable` stops the account signing in and ends its sessions on the running server', async () => {
    const { cookie } = await signIn(url, 'gone@example.org', PASSWORD);
    const gone = caller(url, 'gone', { cookie: cookie! });
    expect(dataOf(await gone.graphql(VIEWER)).viewer).toMatchObject({ email: 'gone@example.org' });

    const run = await cli('user', 'disable', '--email', 'Gone@example.org');
    expect(run.exit, run.output).toEqual({ code: 0, signal: null });
    expect(run.stdout).toContain('Disabled gone@example.org');

    expect(dataOf(await gone.graphql(VIEWER)).viewer).toBeNull();
    expect(errorCodes(await gone.graphql(GET_DRAFT, { slug: 'scotland' }))).toEqual(['UNAUTHENTICATED']);
    expect(dataOf((await signIn(url, 'gone@example.org', PASSWORD)).reply).signIn.userErrors).toMatchObject([
      { code: 'INVALID_CREDENTIALS' },
    ]);
    expect((await cli('user', 'list')).stdout).toBe('ed@example.org\tEDITOR\ngone@example.org\tREVIEWER\tdisabled\n');
    const missing = await cli('user', 'disable', '--email', 'nobody@example.org');
    expect(missing.exit?.code).toBe(1);
    expect(missing.stderr).toContain('There is no account nobody@example.org');
  });
});

describe('casebook import and seed as revisions', () => {
  const published = async (slug: string) =>
    dataOf(
      await anonymous(url).graphql(`query ($slug: String!) { caseStudy(slug: $slug) { edition summary } }`, { slug }),
    ).caseStudy as Json | null;
  const revisions = async (slug: string) => dataOf(await editor.graphql(REVISIONS, { slug })).revisions.nodes as Json[];
  const draftOf = async (slug: string) => dataOf(await editor.graphql(GET_DRAFT, { slug })).draft as Json | null;

  it('loaded the seeds at first start as IMPORT revisions, one per case', async () => {
    const slugs = seedCaseFiles()
      .map((file) => (parse(readText(file)) as { slug: string }).slug)
      .sort();
    const { rows } = await db.query(
      `SELECT c.slug, r.number, r.kind, r.author_label FROM revision r JOIN case_study c ON c.id = r.case_id ORDER BY c.slug, r.number`,
    );
    expect(rows).toEqual(slugs.map((slug) => ({ slug, number: 1, kind: 'IMPORT', author_label: 'cli' })));
    const { rows: editions } = await db.query(
      `SELECT count(*)::int AS n FROM case_study WHERE current_edition_id IS NOT NULL`,
    );
    expect(editions[0].n).toBe(slugs.length);
    expect((await revisions(slugs[0]!)).map((r) => [r.number, r.kind, r.authorLabel])).toEqual([[1, 'IMPORT', 'cli']]);
  });

  it('`seed` again changes nothing', async () => {
    const run = await cli('seed');
    expect(run.exit, run.output).toEqual({ code: 0, signal: null });
    expect(run.stdout).toMatch(/file\(s\): 0 published, \d+ unchanged, 0 failed\./);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM revision`);
    expect(rows[0].n).toBe(seedCaseFiles().length);
  });

  it('refuses an option it does not know, or one without its value, and writes nothing', async () => {
    const typo = await cli('import', rel(betaFile), '--pubish');
    expect(typo.exit, typo.output).toEqual({ code: 1, signal: null });
    expect(typo.stderr).toContain("Unknown option '--pubish'");
    expect(typo.stdout).toBe('');
    expect(await draftOf(BETA)).toBeNull();
    const bare = await cli('user', 'add', '--email', '--role', 'ADMIN');
    expect(bare.exit?.code).toBe(1);
    expect(bare.stderr).toContain("'--email'");
    expect((await cli('user', 'list')).stdout).not.toContain('--role');
  });

  it('`import` makes an IMPORT revision and a draft, without publishing', async () => {
    const run = await cli('import', rel(betaFile));
    expect(run.exit, run.output).toEqual({ code: 0, signal: null });
    expect(run.stdout).toBe(
      `Validating 1 file(s)…\n[1/1] ${BETA}: saved as a draft (revision 1)\n1 file(s): 0 published, 1 drafted, 0 unchanged, 0 failed.\n`,
    );
    expect(await published(BETA)).toBeNull();
    expect(await draftOf(BETA)).toMatchObject({ status: 'DRAFT', version: 1, updatedByLabel: 'cli' });
    expect((await revisions(BETA)).map((r) => [r.number, r.kind, r.authorLabel, r.message])).toEqual([
      [1, 'IMPORT', 'cli', 'Imported from a file'],
    ]);
  });

  it('`import --publish` publishes', async () => {
    const run = await cli('import', rel(alphaFile), '--publish');
    expect(run.exit, run.output).toEqual({ code: 0, signal: null });
    expect(run.stdout).toContain('[1/1] alphaland: published edition 1');
    expect(await published('alphaland')).toMatchObject({ edition: 1 });
    expect(await draftOf('alphaland')).toBeNull();
    expect((await revisions('alphaland')).map((r) => r.kind)).toEqual(['IMPORT']);
  });

  it('refuses to replace newer edits made in the app without --force, naming the newer revision, and writes nothing', async () => {
    const edited = dataOf(
      await editor.graphql(SAVE_PART, {
        edit: { slug: BETA, expectedVersion: 1, message: 'Clearer summary' },
        part: { kind: 'CASE', data: { summary: 'Written in the app by Ed.' } },
      }),
    ).saveDraftPart as Json;
    expect(edited.userErrors).toEqual([]);
    expect(edited.draft.version).toBe(2);

    const run = await cli('import', rel(changedBeta));
    expect(run.exit?.code, run.output).toBe(1);
    expect(run.stderr).toContain(`${BETA}: the app has newer edits than this file (revision 2 by ed@example.org`);
    expect(run.stderr).toContain('Import it with --force to replace them; --dry-run lists what that would undo.');
    expect(run.stderr).toContain('nothing was written');
    const draft = await draftOf(BETA);
    expect(draft).toMatchObject({ version: 2, updatedByLabel: 'ed@example.org' });
    expect(draft!.document.summary).toBe('Written in the app by Ed.');
    expect(await revisions(BETA)).toHaveLength(2);
  });

  it('replaces the draft with --force, as a new IMPORT revision, still unpublished', async () => {
    const run = await cli('import', rel(changedBeta), '--force');
    expect(run.exit, run.output).toEqual({ code: 0, signal: null });
    expect(run.stdout).toContain(`[1/1] ${BETA}: saved as a draft (revision 3)`);
    const draft = await draftOf(BETA);
    expect(draft).toMatchObject({ version: 3, updatedByLabel: 'cli' });
    expect(draft!.document).toEqual(parse(await readFile(changedBeta, 'utf8')));
    expect((await revisions(BETA)).map((r) => [r.number, r.kind, r.authorLabel])).toEqual([
      [3, 'IMPORT', 'cli'],
      [2, 'EDIT', 'ed@example.org'],
      [1, 'IMPORT', 'cli'],
    ]);
    expect(await published(BETA)).toBeNull();
  });

  it('refuses, without --force, to overwrite edits that were made in the app and published', async () => {
    const added = await cli('user', 'add', '--email', 'rev@example.org', '--role', 'REVIEWER', '--password', PASSWORD);
    expect(added.exit?.code, added.output).toBe(0);
    const { cookie } = await signIn(url, 'rev@example.org', PASSWORD);
    const reviewer = caller(url, 'rev@example.org', { cookie: cookie! });
    const edited = dataOf(
      await editor.graphql(SAVE_PART, {
        edit: { slug: BETA, expectedVersion: 3 },
        part: { kind: 'CASE', data: { summary: 'Published from the app.' } },
      }),
    ).saveDraftPart as Json;
    expect(edited.userErrors).toEqual([]);
    expect(
      dataOf(
        await editor.graphql(
          `mutation { submitForReview(slug: "${BETA}", expectedVersion: 4) { userErrors { code } } }`,
        ),
      ).submitForReview.userErrors,
    ).toEqual([]);
    expect(
      dataOf(
        await reviewer.graphql(
          `mutation { publishDraft(slug: "${BETA}", expectedVersion: 4) { edition userErrors { code } } }`,
        ),
      ).publishDraft,
    ).toEqual({ edition: 1, userErrors: [] });
    expect(await draftOf(BETA)).toBeNull();

    // The file still says what it said before the app's edit.
    const run = await cli('import', rel(changedBeta), '--publish');
    expect(run.exit?.code, run.output).toBe(1);
    expect(run.stderr).toContain(`${BETA}: the app has newer edits than this file (revision 4 by ed@example.org`);
    expect(await published(BETA)).toEqual({ edition: 1, summary: 'Published from the app.' });
    expect(await revisions(BETA)).toHaveLength(4);

    const forced = await cli('import', rel(changedBeta), '--publish', '--force');
    expect(forced.exit, forced.output).toEqual({ code: 0, signal: null });
    expect(await published(BETA)).toEqual({
      edition: 2,
      summary: 'A fictional national police service, as the file now describes it.',
    });
  });

  it('`export` names the revision it was made from; `import --dry-run` lists, part by part, what would change and what it would undo', async () => {
    const out = path.join(dataDir, 'exported');
    const exported = await cli('export', BETA, '--out', out);
    expect(exported.exit?.code, exported.output).toBe(0);
    const file = path.join(out, `${BETA}.yaml`);
    const [latest] = await revisions(BETA);
    expect(await readFile(file, 'utf8')).toMatch(
      new RegExp(`^format: casebook/case-profile@1\nexportedFrom:\n  revision: ${latest!.number}\n  digest: `),
    );
    const same = await cli('import', file);
    expect(same.exit?.code, same.output).toBe(0);
    expect(same.stdout).toContain(`[1/1] ${BETA}: unchanged`);

    // The app edits the summary; the file, a lesson's title.
    const started = dataOf(
      await editor.graphql(`mutation { startDraft(slug: "${BETA}") { draft { version } userErrors { code } } }`),
    ).startDraft as Json;
    expect(started.userErrors).toEqual([]);
    const saved = dataOf(
      await editor.graphql(SAVE_PART, {
        edit: { slug: BETA, expectedVersion: started.draft.version },
        part: { kind: 'CASE', data: { summary: 'Edited in the app after the export.' } },
      }),
    ).saveDraftPart as Json;
    expect(saved.userErrors).toEqual([]);
    const doc = parse(await readFile(file, 'utf8')) as Json;
    doc.lessons[0].title = 'Local scrutiny weakened in the years after the merger';
    await writeFile(file, stringify(doc));

    const refused = await cli('import', file, '--dry-run');
    expect(refused.exit?.code, refused.output).toBe(1);
    expect(refused.stderr).toContain(
      `${BETA}: the file was exported from revision ${latest!.number}; the app has newer edits`,
    );
    const dry = await cli('import', file, '--dry-run', '--force');
    expect(dry.exit, dry.output).toEqual({ code: 0, signal: null });
    expect(dry.stdout).toContain(`[1/1] ${BETA}: would become a draft`);
    expect(dry.stdout).toContain(
      '  would change the headline of Beta Police Service (summary): would undo an edit made in the app',
    );
    expect(dry.stdout).toContain(
      '  would change lesson local-scrutiny "Local scrutiny weakened in the years after the merger" (title)\n',
    );
    expect((await draftOf(BETA))!.document.summary).toBe('Edited in the app after the export.');
  });
});
