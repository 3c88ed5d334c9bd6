import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import pg from 'pg';
import { expect, vi } from 'vitest';
import { parse } from 'yaml';
import type { GraphQLBody } from '../../support/http.js';
import type { Exit, NodeProcess } from '../platform/processes.js';

/**
 * An operator's own connection to PostgreSQL (as psql would be), to hold locks and look at what
 * the server left behind. A server going away is noted on `lost` rather than thrown.
 */
export async function openSql(url: string): Promise<pg.Client & { lost?: Error }> {
  const client: pg.Client & { lost?: Error } = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', (error) => {
    client.lost = error;
  });
  await client.connect();
  return client;
}

/** Statements of other sessions in the client's database that are waiting for a lock. */
export async function lockWaits(sql: pg.Client): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows[0]!.n;
}

/** Waits until exactly `count` statements wait for a lock (the requests the test holds up). */
export async function waitForLockWaits(sql: pg.Client, count: number): Promise<void> {
  await vi.waitFor(async () => expect(await lockWaits(sql)).toBe(count), { timeout: 15_000, interval: 50 });
}

/** A promise whose settling can be looked at without awaiting it. */
export interface Tracked<T> {
  promise: Promise<T>;
  settled(): boolean;
}

export function track<T>(promise: Promise<T>): Tracked<T> {
  let done = false;
  const settle = () => {
    done = true;
  };
  promise.then(settle, settle);
  return { promise, settled: () => done };
}

/** Waits for a process to end on its own (after a signal already sent), failing with its output when it does not. */
export async function exitOf(child: NodeProcess, timeoutMs = 30_000): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Still running ${timeoutMs} ms later. Its output:\n${child.output}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([child.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What became of one HTTP request: the server's answer, or the network error when there was none. */
export type Outcome<T = Record<string, unknown>> =
  { status: number; body: GraphQLBody<T> | undefined; text: string } | { network: string };

/**
 * POSTs a GraphQL operation and reports what happened without throwing: a request that gets no
 * answer within `timeoutMs` counts as a network failure ("TimeoutError"), so a hang shows up.
 */
export async function attempt<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<Outcome<T>> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: GraphQLBody<T> | undefined;
    try {
      body = JSON.parse(text) as GraphQLBody<T>;
    } catch {
      body = undefined;
    }
    return { status: response.status, body, text };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { network: cause?.code ?? (error as Error).name };
  }
}

/** An answer read with node:http, which shows the Connection header fetch keeps to itself. */
export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  /** The Connection header: `close` when the server closes the connection after this answer. */
  connection: string | undefined;
  body: GraphQLBody<T>;
}

/**
 * POSTs a GraphQL operation through `agent` (one that keeps connections alive, as browsers and
 * API clients do); rejects with the network error (e.g. code ECONNREFUSED) when there is no answer.
 */
export function postThrough<T = Record<string, unknown>>(
  agent: http.Agent,
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<HttpAnswer<T>> {
  const payload = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}/graphql`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            connection: response.headers.connection,
            body: JSON.parse(text) as GraphQLBody<T>,
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** The keys of the lessons in a profile file, in order. */
export function lessonKeys(file: string): string[] {
  return ((parse(readFileSync(file, 'utf8')) as { lessons?: { key: string }[] }).lessons ?? []).map((l) => l.key);
}

/** A client sending its request a byte a second: the body (after its headers), or the headers themselves. */
export interface Trickle {
  /** Resolves once the start of the request has been sent. */
  started: Promise<void>;
  /** Resolves once the server has read the headers and asked for the body (`100 Continue`); body trickles only. */
  continued: Promise<void>;
  /** Everything the server sent, once the connection has closed. */
  closed: Promise<string>;
  /** Stops sending and closes the connection (cleanup). */
  stop(): void;
}

export function trickle(url: string, part: 'body' | 'headers'): Trickle {
  const { hostname, port } = new URL(url);
  const socket = net.connect({ host: hostname, port: Number(port) });
  let received = '';
  let timer: NodeJS.Timeout | undefined;
  const sendSlowly = (byte: string) => {
    timer = setInterval(() => socket.write(byte), 1_000);
  };
  let started!: () => void;
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  let continued!: () => void;
  const continuedPromise = new Promise<void>((resolve) => (continued = resolve));
  socket.setEncoding('utf8');
  socket.on('error', () => {});
  socket.on('data', (chunk: string) => {
    const before = received;
    received += chunk;
    if (part === 'body' && !before.includes('100 Continue') && received.includes('100 Continue')) {
      continued();
      socket.write('{');
      sendSlowly(' ');
    }
  });
  socket.on('connect', () => {
    if (part === 'body')
      socket.write(
        `POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n`,
        () => started(),
      );
    else {
      socket.write(`POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nX-Slow: `, () => started());
      sendSlowly('a');
    }
  });
  const closed = new Promise<string>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    }),
  );
  return {
    started: startedPromise,
    continued: continuedPromise,
    closed,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** The processes whose parent is `pid` (a PostgreSQL server's backends and workers). */
export function childProcesses(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: the command may hold spaces, so read after its closing parenthesis.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return children;
}
