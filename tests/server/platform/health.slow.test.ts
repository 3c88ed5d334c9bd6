import { rm } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/src/db/data-source.js';
import { openEmbeddedDatabase, type EmbeddedDatabase } from '../../../server/src/db/embedded.js';
import { startTestServer, withoutBudget, type TestServer } from '../../support/http.js';
import { freePort, openTempDir, stopLeftoverPostgres } from './processes.js';

// One app and one pool across an outage of its database: the steps run in order.
let dataDir: string;
let port: number;
let embedded: EmbeddedDatabase | undefined;
let dataSource: DataSource | undefined;
let server: TestServer;
const logged: unknown[] = [];
/** The API's answer while the database is up; it must answer the same once it is back. */
let answerBefore: unknown;

const COUNT = '{ caseStudies(first: 5) { totalCount } }';

async function health(): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}/healthz`);
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  dataDir = await openTempDir('casebook-health-');
  port = await freePort();
  embedded = await openEmbeddedDatabase({ dataDir, port, log: () => undefined });
  dataSource = await openDatabase(embedded.url, { poolSize: 2 });
  server = await startTestServer(dataSource, { log: (error) => logged.push(error) });
});

afterAll(async () => {
  await server?.close();
  if (dataSource?.isInitialized) await dataSource.destroy();
  await embedded?.stop();
  if (dataDir) {
    await stopLeftoverPostgres(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  }
});

describe('health and recovery when the database goes away', () => {
  it('reports healthy while the database answers', async () => {
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });
    await dataSource!.query(`INSERT INTO case_study (slug, name, kind) VALUES ('finland', 'Finland', 'COUNTRY')`);
    answerBefore = withoutBudget((await server.graphql(COUNT)).body);
    expect(answerBefore).toEqual({ data: { caseStudies: { totalCount: expect.any(Number) } } });
  });

  it('answers 503 and a generic error, hiding the cause, while the database is down', async () => {
    await embedded!.stop();
    expect(await health()).toEqual({ status: 503, body: { status: 'unavailable', database: 'unreachable' } });

    const { body } = await server.graphql(COUNT);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    // Exactly the code and the request id to quote: no stacktrace, no driver message, no address of the database.
    expect(body.errors?.[0]?.extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(body.errors?.[0]?.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect|postgres/i);
    expect(JSON.stringify(body)).not.toContain(String(port));
    // The operator still gets the real cause in the log.
    expect(logged.map(String).join('\n')).toMatch(/ECONNREFUSED|connect/i);
  });

  it('is healthy again, with its data, once the database is back on its port, without a restart', async () => {
    embedded = await openEmbeddedDatabase({ dataDir, port, log: () => undefined });
    expect(embedded.port).toBe(port);
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });
    expect(withoutBudget((await server.graphql(COUNT)).body)).toEqual(answerBefore);
    // The app's own pool reaches the restarted server, and the row written before is there.
    expect(await dataSource!.query('SELECT slug FROM case_study')).toEqual([{ slug: 'finland' }]);
  });
});
