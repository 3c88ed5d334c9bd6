import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../server/src/db/data-source.js';
import { openEmbeddedDatabase, type EmbeddedDatabase } from '../../../server/src/db/embedded.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import {
  caller,
  dataOf,
  GET_DRAFT,
  makeUser,
  PASSWORD,
  REVISIONS,
  SAVE_PART,
  signIn,
  UserRole,
  type Caller,
  type Json,
} from '../authoring/helpers.js';
import {
  freePort,
  openTempDir,
  serverUrl,
  startServer,
  stopLeftoverPostgres,
  userEnv,
  type NodeProcess,
} from '../platform/processes.js';
import { alphaFile, betaFile } from '../profile/helpers.js';
import { attempt, lessonKeys, type Outcome } from './helpers.js';

// The compiled server on a DATABASE_URL whose PostgreSQL stops (a fast shutdown, as an operator or
// a crash would) and comes back on the same port, while two editors keep saving and a reader keeps
// reading. The server is never restarted. Each save names itself in its revision message and in
// the text it writes, so afterwards every acknowledged save can be found, whole.
let dataDir: string;
let port: number;
let embedded: EmbeddedDatabase | undefined;
let server: NodeProcess | undefined;
let url: string;

const SAVE_DRAFT = `mutation ($edit: DraftEditInput!, $document: JSONObject!) { saveDraft(edit: $edit, document: $document) { draft { version document } userErrors { field code message } } }`;
const UNAVAILABLE = 'The server cannot reach its database just now. Try again in a moment.';
const DRAFT_READ = `query ($slug: String!) { caseStudy(slug: $slug, draft: true) { edition lessons { key detail } summary } }`;

type Phase = 'before' | 'down' | 'after';
let phase: Phase = 'before';
let stopping = false;

/** One save as its editor saw it. */
interface Save {
  message: string;
  /** When it was sent and when its answer came. */
  sent: Phase;
  answered: Phase;
  result: 'applied' | 'conflict' | 'failed';
  /** The version it was made against, and (applied) the version it made. */
  expectedVersion: number;
  version?: number;
  outcome: Outcome;
}

/** A request that failed while the database was down, for the checks on how it failed. */
const failures: { what: string; outcome: Outcome }[] = [];

interface Writer {
  caller: Caller;
  slug: string;
  /** The mutation it sends. */
  field: 'saveDraftPart' | 'saveDraft';
  saves: Save[];
  /** Sends the n-th save against `draft`. */
  save(n: number, draft: Json): Promise<Outcome>;
  /** The text a save put in the document. */
  written(document: Json): string;
}

let writers: Writer[];
const reads: { sent: Phase; outcome: Outcome }[] = [];

async function health(): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(15_000) });
  return { status: response.status, body: await response.json() };
}

/** What the server printed about one request (found by its id), to show why it failed. */
function loggedFor(requestId: unknown): string {
  const lines = server?.output.split('\n') ?? [];
  const at = typeof requestId === 'string' ? lines.findIndex((l) => l.includes(requestId)) : -1;
  return at === -1 ? '(nothing)' : lines.slice(at, at + 30).join('\n');
}

const answered = (o: Outcome): o is Extract<Outcome, { status: number }> => 'status' in o;
const payloadOf = (o: Outcome, field: string): Json | undefined =>
  answered(o) && !o.body?.errors ? (o.body?.data as Json | undefined)?.[field] : undefined;

/** The draft as it now stands, asking again until the database answers. */
async function currentDraft(who: Caller, slug: string): Promise<Json> {
  for (;;) {
    const o = await attempt(url, GET_DRAFT, { slug }, who.headers);
    const draft = payloadOf(o, 'draft');
    if (draft) return draft;
    if (phase === 'down') failures.push({ what: `reading the draft of ${slug}`, outcome: o });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function runWriter(w: Writer): Promise<void> {
  let draft = await currentDraft(w.caller, w.slug);
  for (let n = 1; ; n += 1) {
    const appliedAfter = w.saves.filter((s) => s.sent === 'after' && s.result === 'applied').length;
    if (stopping && appliedAfter >= 3) return;
    const sent = phase;
    const outcome = await w.save(n, draft);
    const payload = payloadOf(outcome, w.field);
    const conflict = payload && (payload.userErrors as Json[]).some((e) => e.code === 'CONFLICT');
    const result: Save['result'] =
      payload && payload.userErrors.length === 0 ? 'applied' : conflict ? 'conflict' : 'failed';
    w.saves.push({
      message: `${w.caller.label} save ${n}`,
      sent,
      answered: phase,
      result,
      expectedVersion: draft.version as number,
      version: result === 'applied' ? (payload!.draft.version as number) : undefined,
      outcome,
    });
    if (result === 'failed' && (sent === 'down' || phase === 'down'))
      failures.push({ what: `save ${n} by ${w.caller.label}`, outcome });
    // A failed save may or may not have been applied: the next is sent against the same version,
    // and a conflict then says it was.
    if (result === 'applied') draft = payload!.draft;
    else if (result === 'conflict') draft = await currentDraft(w.caller, w.slug);
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function runReader(who: Caller, slugs: string[]): Promise<void> {
  for (let i = 0; !stopping; i += 1) {
    const sent = phase;
    const outcome = await attempt(url, DRAFT_READ, { slug: slugs[i % slugs.length] }, who.headers);
    reads.push({ sent, outcome });
    if (!payloadOf(outcome, 'caseStudy') && phase === 'down')
      failures.push({ what: 'reading a draft as readers see it', outcome });
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  dataDir = await openTempDir('casebook-outage-');
  port = await freePort();
  embedded = await openEmbeddedDatabase({ dataDir, port, log: () => undefined });
  const setup = await openDatabase(embedded.url, { poolSize: 2 });
  try {
    expect(
      (await new InterchangeService(setup).importFiles([alphaFile, betaFile], { publish: true })).map((r) => r.status),
    ).toEqual(['published', 'published']);
    await makeUser(setup, UserRole.EDITOR, 'ada@example.org');
    await makeUser(setup, UserRole.EDITOR, 'bea@example.org');
  } finally {
    await setup.destroy();
  }
  server = startServer(userEnv({ DATABASE_URL: embedded.url, PORT: '0' }));
  url = await serverUrl(server);
});

afterAll(async () => {
  stopping = true;
  await server?.stop('SIGTERM');
  await embedded?.stop();
  if (dataDir) {
    await stopLeftoverPostgres(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  }
});

describe('the database stops and comes back while editors save', () => {
  it('starts drafts for two editors', async () => {
    const signedIn = async (email: string) =>
      caller(url, email, { cookie: (await signIn(url, email, PASSWORD)).cookie! });
    const [ada, bea] = [await signedIn('ada@example.org'), await signedIn('bea@example.org')];
    const alphaLesson = lessonKeys(alphaFile)[0]!;
    writers = [
      {
        // Ada edits one lesson of her draft, part by part.
        caller: ada,
        slug: 'alphaland',
        field: 'saveDraftPart',
        saves: [],
        save: (n, draft) =>
          attempt(
            url,
            SAVE_PART,
            {
              edit: { slug: 'alphaland', expectedVersion: draft.version, message: `${ada.label} save ${n}` },
              part: { kind: 'LESSON', key: alphaLesson, data: { detail: `${ada.label} save ${n}` } },
            },
            ada.headers,
          ),
        written: (document) => (document.lessons as Json[]).find((l) => l.key === alphaLesson)!.detail as string,
      },
      {
        // Bea saves her whole document each time, with a new summary.
        caller: bea,
        slug: 'beta-police',
        field: 'saveDraft',
        saves: [],
        save: (n, draft) =>
          attempt(
            url,
            SAVE_DRAFT,
            {
              edit: { slug: 'beta-police', expectedVersion: draft.version, message: `${bea.label} save ${n}` },
              document: { ...draft.document, summary: `${bea.label} save ${n}` },
            },
            bea.headers,
          ),
        written: (document) => document.summary as string,
      },
    ];
    for (const w of writers) {
      const started = dataOf(
        await w.caller.graphql(
          `mutation ($slug: String!) { startDraft(slug: $slug) { draft { version } userErrors { code } } }`,
          { slug: w.slug },
        ),
        'startDraft',
      ).startDraft as Json;
      expect(started.userErrors).toEqual([]);
    }
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });
  });

  it('answers 503 on /healthz and fails requests at once with a clear error while the database is down; is healthy again when it is back, without a restart', async () => {
    const running = [
      ...writers.map(runWriter),
      runReader(
        writers[0]!.caller,
        writers.map((w) => w.slug),
      ),
    ];
    const appliedIn = (p: Phase) =>
      writers.map((w) => w.saves.filter((s) => s.sent === p && s.result === 'applied').length);
    await vi.waitFor(() => expect(Math.min(...appliedIn('before'))).toBeGreaterThanOrEqual(3), {
      timeout: 20_000,
      interval: 50,
    });

    phase = 'down';
    await embedded!.stop();
    expect(await health()).toEqual({ status: 503, body: { status: 'unavailable', database: 'unreachable' } });
    // Every editor and the reader have had requests refused while it was down.
    await vi.waitFor(
      () => {
        for (const w of writers)
          expect(
            w.saves.filter((s) => s.sent === 'down' && s.answered === 'down' && s.result === 'failed').length,
            w.caller.label,
          ).toBeGreaterThanOrEqual(2);
        expect(
          reads.filter((r) => r.sent === 'down' && !payloadOf(r.outcome, 'caseStudy')).length,
        ).toBeGreaterThanOrEqual(2);
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(await health()).toEqual({ status: 503, body: { status: 'unavailable', database: 'unreachable' } });

    embedded = await openEmbeddedDatabase({ dataDir, port, log: () => undefined });
    await vi.waitFor(async () => expect((await health()).status).toBe(200), { timeout: 20_000, interval: 100 });
    phase = 'after';
    stopping = true;
    await Promise.all(running);
    expect(server!.exit, 'the server kept running').toBeUndefined();
    expect(server!.output.match(/running at http/g), 'it started once').toHaveLength(1);
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });
    // Once healthy, it served everything again: no request sent after that failed.
    for (const w of writers)
      expect(
        w.saves.filter((s) => s.sent === 'after' && s.result === 'failed').map((s) => s.outcome),
        w.caller.label,
      ).toEqual([]);
    expect(reads.filter((r) => r.sent === 'after' && !payloadOf(r.outcome, 'caseStudy')).map((r) => r.outcome)).toEqual(
      [],
    );

    // How the requests failed: an answer, never a hang or a dropped connection, with a code a
    // client can act on, and nothing of the server's insides.
    expect(failures.length).toBeGreaterThan(0);
    for (const { what, outcome } of failures) {
      expect(answered(outcome), `${what}: ${JSON.stringify(outcome)}`).toBe(true);
      if (!answered(outcome)) continue;
      expect(outcome.body?.errors?.length, `${what}: ${outcome.text}`).toBeGreaterThan(0);
      for (const error of outcome.body?.errors ?? []) {
        expect(
          { message: error.message, code: error.extensions?.code },
          `${what}; the server logged:\n${loggedFor(error.extensions?.requestId)}`,
        ).toEqual({ message: UNAVAILABLE, code: 'SERVICE_UNAVAILABLE' });
        expect(
          Object.keys(error.extensions ?? {}).filter((k) => k !== 'requestId'),
          what,
        ).toEqual(['code']);
      }
      expect(outcome.text, what).not.toMatch(new RegExp(`ECONNREFUSED|127\\.0\\.0\\.1|${port}|terminat|postgres`, 'i'));
    }
  });

  it('kept every save it acknowledged, whole, and each save it failed is either all there or not at all', async () => {
    for (const w of writers) {
      const revisions = (
        dataOf(await w.caller.graphql(REVISIONS, { slug: w.slug }), 'revisions').revisions.nodes as Json[]
      )
        .slice()
        .reverse();
      const draft = dataOf(await w.caller.graphql(GET_DRAFT, { slug: w.slug }), 'draft').draft as Json;
      const ours = revisions.filter(
        (r) => typeof r.message === 'string' && r.message.startsWith(`${w.caller.label} save `),
      );
      const label = w.caller.label;

      // The history has no gaps, and ends at the draft as it stands.
      expect(
        revisions.map((r) => r.number),
        label,
      ).toEqual(revisions.map((_, i) => i + 1));
      expect(draft.version, label).toBe(revisions.at(-1)!.number);
      expect(draft.document, label).toEqual(revisions.at(-1)!.document);
      // Every revision of ours is whole: its document holds the change its message names.
      for (const r of ours) expect(w.written(r.document as Json), `${label}: revision ${r.number}`).toBe(r.message);

      const applied = w.saves.filter((s) => s.result === 'applied');
      expect(applied.filter((s) => s.sent === 'before').length, label).toBeGreaterThanOrEqual(3);
      expect(applied.filter((s) => s.sent === 'after').length, label).toBeGreaterThanOrEqual(3);
      for (const save of applied) {
        expect(save.version, save.message).toBe(save.expectedVersion + 1);
        expect(
          ours.filter((r) => r.message === save.message).map((r) => r.number),
          `${label}: acknowledged ${save.message}`,
        ).toEqual([save.version]);
      }
      const failed = w.saves.filter((s) => s.result === 'failed');
      expect(failed.length, label).toBeGreaterThanOrEqual(2);
      for (const save of failed) {
        // Absent, or there once, as the version after the one it was made against.
        const found = ours.filter((r) => r.message === save.message).map((r) => r.number);
        expect(
          found.length === 0 || (found.length === 1 && found[0] === save.expectedVersion + 1),
          `${label}: failed ${save.message} found as ${JSON.stringify(found)}`,
        ).toBe(true);
      }
      // Nothing else was saved: every revision of ours is a save that was acknowledged or failed.
      const sentMessages = new Set(w.saves.filter((s) => s.result !== 'conflict').map((s) => s.message));
      expect(
        ours.filter((r) => !sentMessages.has(r.message as string)).map((r) => r.message),
        label,
      ).toEqual([]);

      // Readers of the draft see what the last revision holds: its read model was rebuilt with it.
      const seen = dataOf(await w.caller.graphql(DRAFT_READ, { slug: w.slug }), 'read').caseStudy as Json;
      expect({ summary: seen.summary, lessons: seen.lessons }, label).toEqual({
        summary: draft.document.summary,
        lessons: (draft.document.lessons as Json[]).map((l) => ({ key: l.key, detail: l.detail })),
      });
    }
  });
});
