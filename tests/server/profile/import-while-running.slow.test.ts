import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutBudget } from '../../support/http.js';
import {
  openTempDir,
  readInstance,
  runCli,
  startServer,
  stopLeftoverPostgres,
  userEnv,
  type NodeProcess,
} from '../platform/processes.js';
import { alphaFile, readText, rel } from './helpers.js';

// An author imports a profile while the app is running: the CLI joins the server's embedded
// PostgreSQL, and the running server answers with the new case at once, without a restart.
let dataDir: string;
let env: NodeJS.ProcessEnv;
let url: string;
const children: NodeProcess[] = [];
const postmasters = new Set<number>();

const CASE = `{ caseStudy(slug: "alphaland") { edition name } }`;

async function alphaland(): Promise<unknown> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: CASE }),
  });
  expect(response.status).toBe(200);
  return withoutBudget((await response.json()) as Record<string, unknown>);
}

beforeAll(async () => {
  dataDir = await openTempDir('casebook-import-running-');
  env = userEnv({ CASEBOOK_DATA_DIR: dataDir, PORT: '0' });
  const server = startServer(env);
  children.push(server);
  // The first start creates the cluster and loads seeds/ before it listens: allow for a slow machine.
  const [, port] = await server.waitFor(/Reform Casebook is running at http:\/\/localhost:(\d+)/, 100_000);
  url = `http://127.0.0.1:${port}`;
  postmasters.add(readInstance(dataDir)!.postmasterPid);
});

afterAll(async () => {
  await Promise.all(children.map((child) => child.stop('SIGTERM')));
  if (dataDir) {
    await stopLeftoverPostgres(dataDir, postmasters);
    await rm(dataDir, { recursive: true, force: true });
  }
});

describe('casebook import beside the running server', () => {
  it('publishes into the running database, and the server answers with the new case without a restart', async () => {
    const server = children[0]!;
    expect(server.output).toContain('The database is empty: loading');
    expect(await alphaland()).toEqual({ data: { caseStudy: null } });

    const instance = readInstance(dataDir)!;
    const cli = runCli(['import', rel(alphaFile), '--publish'], env);
    children.push(cli);
    expect(await cli.exited, cli.output).toEqual({ code: 0, signal: null });
    expect(cli.stderr).toContain(`Using the running database on port ${instance.port}`);
    expect(cli.stdout).toBe(
      'Validating 1 file(s)…\n[1/1] alphaland: published edition 1\n1 file(s): 1 published, 0 unchanged, 0 failed.\n',
    );

    expect(await alphaland()).toEqual({ data: { caseStudy: { edition: 1, name: 'Alphaland' } } });
    const exported = await fetch(`${url}/export/cases/alphaland.yaml`);
    expect(await exported.text()).toBe(readText(alphaFile));
    expect(server.exit, 'the server is still running').toBeUndefined();
    expect(readInstance(dataDir), 'the CLI leaves the shared PostgreSQL running').toEqual(instance);
  });
});
