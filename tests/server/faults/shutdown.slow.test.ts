import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { withoutBudget } from '../../support/http.js';
import {
  caller,
  dataOf,
  GET_DRAFT,
  PASSWORD,
  REVISIONS,
  SAVE_PART,
  signIn,
  type Caller,
  type Json,
} from '../authoring/helpers.js';
import {
  databaseUrl,
  isRunning,
  postmasterLockFile,
  readInstance,
  repoRoot,
  runCli,
  serverUrl,
  startServer,
  DataFolderProcesses,
  tryConnect,
  waitUntilGone,
  type NodeProcess,
} from '../platform/processes.js';
import {
  attempt,
  childProcesses,
  exitOf,
  lessonKeys,
  openSql,
  postThrough,
  track,
  trickle,
  waitForLockWaits,
  type Trickle,
} from './helpers.js';

// The compiled server on an embedded database, stopped while requests are held up inside
// PostgreSQL by a lock an operator holds: with SIGTERM it refuses new connections, finishes what
// it had accepted and stops its PostgreSQL; with SIGKILL the save it was making leaves no trace.
// The steps build on each other and run in order.
let dataDir: string;
let env: NodeJS.ProcessEnv;
let server: NodeProcess;
let url: string;
let editor: Caller;
/** The draft's version before each step. */
let version: number;
const folder = new DataFolderProcesses();

const SLUG = 'finland';
const LESSON = lessonKeys(path.join(repoRoot, 'seeds', `${SLUG}.yaml`))[0]!;
const EMAIL = 'editor@example.org';
/** A read of the published case; asking for the viewer too keeps it out of the response cache, so it reaches PostgreSQL. */
const READ = `query ($slug: String!) { viewer { email } caseStudy(slug: $slug) { name edition lessons { key title detail } } }`;
/**
 * Held in an open transaction, this stops readers of lessons, and a draft save half-way: it has
 * locked the draft and written its revision, and waits to replace the draft's read model.
 */
const HOLD_LESSONS = 'LOCK TABLE reform_lesson IN ACCESS EXCLUSIVE MODE';
/** Whether another session has written (uncommitted) revision rows: a save is half-way. */
const REVISION_WRITTEN = `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'revision' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()`;

const saveVariables = (expectedVersion: number, detail: string) => ({
  edit: { slug: SLUG, expectedVersion, message: detail },
  part: { kind: 'LESSON', key: LESSON, data: { detail } },
});
const lessonOf = (draft: Json) => (draft.document.lessons as Json[]).find((l) => l.key === LESSON)!;

const start = (): NodeProcess => folder.start();

const currentPostmaster = (): number => folder.currentPostmaster();

async function readDraft(): Promise<Json> {
  return dataOf(await editor.graphql(GET_DRAFT, { slug: SLUG }), 'draft').draft as Json;
}

beforeAll(async () => {
  ({ dataDir, env } = await folder.open('casebook-shutdown-'));
});

afterAll(async () => {
  await folder.cleanUp();
});

describe('stopping the compiled server with requests in flight', () => {
  it('starts seeded, with an editor signed in and a draft started', async () => {
    server = start();
    url = await serverUrl(server);
    currentPostmaster();
    const add = runCli(['user', 'add', '--email', EMAIL, '--role', 'EDITOR', '--password', PASSWORD], env);
    folder.track(add);
    expect(await add.exited, add.output).toEqual({ code: 0, signal: null });
    const { reply, cookie } = await signIn(url, EMAIL, PASSWORD);
    expect(reply.body.errors).toBeUndefined();
    editor = caller(url, EMAIL, { cookie: cookie! });

    const started = dataOf(
      await editor.graphql(`mutation { startDraft(slug: "${SLUG}") { draft { version } userErrors { code } } }`),
      'startDraft',
    ).startDraft as Json;
    expect(started.userErrors).toEqual([]);
    version = started.draft.version as number;
  });

  it('on SIGTERM refuses new connections, answers the read and the save it had accepted once the lock goes, then exits 0 and stops its PostgreSQL', async () => {
    const before = dataOf(await editor.graphql(READ, { slug: SLUG }), 'read');
    const postmaster = currentPostmaster();
    const sql = await openSql(databaseUrl(dataDir));
    await sql.query('BEGIN');
    await sql.query(HOLD_LESSONS);

    // Each through a connection kept alive, as a browser or an API client sends them.
    const readAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const saveAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const read = track(postThrough<Json>(readAgent, url, READ, { slug: SLUG }, editor.headers));
    const save = track(
      postThrough<Json>(
        saveAgent,
        url,
        SAVE_PART,
        saveVariables(version, 'Saved while the server was stopping.'),
        editor.headers,
      ),
    );
    await waitForLockWaits(sql, 2);
    expect(
      (await sql.query<{ n: number }>(REVISION_WRITTEN)).rows[0]!.n,
      'the save has written its revision and waits',
    ).toBe(1);

    server.child.kill('SIGTERM');
    await server.waitFor(/SIGTERM received/);
    await vi.waitFor(async () => expect(await tryConnect(url)).toBe('refused'), { timeout: 10_000, interval: 50 });
    // Not served: refused, or (on a connection kept from before) cut off.
    expect(await attempt(url, READ, { slug: SLUG }, editor.headers)).toEqual({
      network: expect.stringMatching(/^(ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET)$/),
    });
    // Still waiting for the two requests, with its database running.
    expect(server.exit).toBeUndefined();
    expect([read.settled(), save.settled()]).toEqual([false, false]);
    expect(isRunning(postmaster)).toBe(true);

    await sql.query('ROLLBACK');
    await sql.end();
    const [readAnswer, saveAnswer] = await Promise.all([read.promise, save.promise]);
    expect(readAnswer.status).toBe(200);
    expect(withoutBudget(readAnswer.body)).toEqual({ data: before });
    expect(saveAnswer.status).toBe(200);
    const saved = (saveAnswer.body.data?.saveDraftPart ?? {}) as Json;
    expect(saved.userErrors, JSON.stringify(saveAnswer.body)).toEqual([]);
    expect(saved.draft.version).toBe(version + 1);
    expect(lessonOf(saved.draft).detail).toBe('Saved while the server was stopping.');
    // Each answer closes its connection, so a client kept alive cannot send more: its next request is refused.
    expect([readAnswer.connection, saveAnswer.connection]).toEqual(['close', 'close']);
    await expect(postThrough(saveAgent, url, READ, { slug: SLUG }, editor.headers)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    readAgent.destroy();
    saveAgent.destroy();

    expect(await exitOf(server), server.output).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone(postmaster, 10_000), 'its PostgreSQL stops').toBe(true);
    expect(existsSync(postmasterLockFile(dataDir)), 'postmaster.pid is removed').toBe(false);
    expect(readInstance(dataDir)).toBeUndefined();
    // The pool was closed before PostgreSQL stopped: no connection was still open to be cut off.
    const log = readFileSync(path.join(dataDir, 'postgres.log'), 'utf8');
    const shutdown = log.slice(log.lastIndexOf('received fast shutdown request'));
    expect(shutdown).toContain('database system is shut down');
    expect(shutdown).not.toContain('terminating connection due to administrator command');
    version += 1;
  });

  it('starts again on the same folder with the save it finished while stopping', async () => {
    server = start();
    url = await serverUrl(server);
    editor = caller(url, EMAIL, editor.headers);
    currentPostmaster();
    const draft = await readDraft();
    expect(draft.version).toBe(version);
    expect(lessonOf(draft).detail).toBe('Saved while the server was stopping.');
    const revisions = dataOf(await editor.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions.nodes as Json[];
    expect(revisions[0]).toMatchObject({
      number: version,
      authorLabel: EMAIL,
      message: 'Saved while the server was stopping.',
    });
  });

  it('killed half-way through a save, leaves no trace of it; started again, it serves and takes the save', async () => {
    const postmaster = currentPostmaster();
    const revisionsBefore = dataOf(await editor.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions
      .nodes as Json[];
    const sql = await openSql(databaseUrl(dataDir));
    await sql.query('BEGIN');
    await sql.query(HOLD_LESSONS);
    const save = track(
      attempt(url, SAVE_PART, saveVariables(version, 'Saved by a server that was killed.'), editor.headers),
    );
    await waitForLockWaits(sql, 1);
    expect(
      (await sql.query<{ n: number }>(REVISION_WRITTEN)).rows[0]!.n,
      'the save has written its revision and waits',
    ).toBe(1);

    expect(await server.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await save.promise).toEqual({ network: expect.any(String) });
    // Let the orphaned save go on: with nobody to commit it, PostgreSQL rolls it back.
    await sql.query('ROLLBACK');
    await vi.waitFor(
      async () => {
        const { rows } = await sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        expect(rows[0]!.n, 'connections of the killed server').toBe(0);
      },
      { timeout: 15_000, interval: 100 },
    );
    const stored = await sql.query(
      `SELECT d.version, (SELECT max(r.number) FROM revision r WHERE r.case_id = d.case_id) AS latest FROM case_draft d JOIN case_study c ON c.id = d.case_id WHERE c.slug = $1`,
      [SLUG],
    );
    expect(stored.rows).toEqual([{ version, latest: version }]);
    await sql.end();
    expect(isRunning(postmaster), 'PostgreSQL outlives a killed server').toBe(true);

    server = start();
    url = await serverUrl(server);
    editor = caller(url, EMAIL, editor.headers);
    expect(isRunning(postmaster), 'the new start stops the PostgreSQL left running').toBe(false);
    const draft = await readDraft();
    expect(draft.version).toBe(version);
    expect(lessonOf(draft).detail).toBe('Saved while the server was stopping.');
    expect(dataOf(await editor.graphql(REVISIONS, { slug: SLUG }), 'revisions').revisions.nodes).toEqual(
      revisionsBefore,
    );

    const retried = dataOf(
      await editor.graphql(SAVE_PART, saveVariables(version, 'Saved by a server that was killed.')),
      'save',
    ).saveDraftPart as Json;
    expect(retried.userErrors).toEqual([]);
    expect(retried.draft.version).toBe(version + 1);
    expect(lessonOf(retried.draft).detail).toBe('Saved by a server that was killed.');
  });
});

// Slow clients cannot hold a stopping server open: requests in flight get the grace period
// (CASEBOOK_SHUTDOWN_GRACE_MS), then whatever connection is left is closed; the request and
// header timeouts still apply meanwhile; and should stopping itself hang, the process still ends.
describe('stopping the compiled server with slow clients', () => {
  const GRACE_MS = 5_000;
  const trickles: Trickle[] = [];
  const slow = (part: 'body' | 'headers') => {
    const t = trickle(url, part);
    trickles.push(t);
    return t;
  };
  const startWithGrace = async (graceMs: number) => {
    server = folder.track(startServer({ ...env, CASEBOOK_SHUTDOWN_GRACE_MS: String(graceMs) }));
    url = await serverUrl(server);
    editor = caller(url, EMAIL, editor.headers);
    return currentPostmaster();
  };

  afterAll(() => {
    for (const t of trickles) t.stop();
  });

  it('on SIGTERM answers the request in flight, closes clients trickling a body or headers once the grace period ends, and exits 0', async () => {
    expect(await server.stop('SIGTERM'), server.output).toEqual({ code: 0, signal: null });
    const postmaster = await startWithGrace(GRACE_MS);
    const before = dataOf(await editor.graphql(READ, { slug: SLUG }), 'read');

    const body = slow('body');
    const headers = slow('headers');
    await Promise.all([body.continued, headers.started]);
    const sql = await openSql(databaseUrl(dataDir));
    await sql.query('BEGIN');
    await sql.query(HOLD_LESSONS);
    const read = track(attempt(url, READ, { slug: SLUG }, editor.headers));
    await waitForLockWaits(sql, 1);

    server.child.kill('SIGTERM');
    await server.waitFor(/SIGTERM received/);
    await sql.query('ROLLBACK');
    await sql.end();
    const answer = await read.promise;
    expect(answer).toMatchObject({ status: 200, body: { data: before } });

    // Still sending a byte a second, they are cut off with no answer; the process does not wait for them.
    expect(await exitOf(server, GRACE_MS + 25_000), server.output).toEqual({ code: 0, signal: null });
    expect(server.output).toMatch(/2 connection\(s\) still open after 5 s were closed/);
    const [bodySaw, headersSaw] = await Promise.all([body.closed, headers.closed]);
    expect(bodySaw).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
    expect(headersSaw).toBe('');
    expect(await waitUntilGone(postmaster, 10_000), 'its PostgreSQL stops').toBe(true);
  }, 90_000);

  it('while stopping, still answers a body that takes longer than the request timeout with 408, well within a longer grace period', async () => {
    await startWithGrace(120_000);
    const body = slow('body');
    await body.continued;

    server.child.kill('SIGTERM');
    await server.waitFor(/SIGTERM received/);
    // Cut 30 s after the request began, it no longer holds the process: the grace period would have waited 120 s.
    expect(await exitOf(server, 70_000), server.output).toEqual({ code: 0, signal: null });
    expect(await body.closed).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 408 Request Timeout\r\n/);
    expect(server.output).not.toMatch(/still open after/);
  }, 120_000);

  it('exits with code 1 at its hard deadline when stopping hangs on a database that does not answer', async () => {
    const postmaster = await startWithGrace(1_000);
    // PostgreSQL frozen: it keeps its connections open but never answers, nor lets them close.
    const frozen = [postmaster, ...childProcesses(postmaster)];
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      server.child.kill('SIGTERM');
      expect(await exitOf(server, 45_000), server.output).toEqual({ code: 1, signal: null });
      // The grace period (1 s) and 15 s to stop.
      expect(server.output).toMatch(/Stopping took more than 16 s: exiting without finishing/);
    } finally {
      for (const pid of frozen) if (isRunning(pid)) process.kill(pid, 'SIGCONT');
    }
  }, 90_000);
});
