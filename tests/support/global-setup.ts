import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openEmbeddedDatabase, type EmbeddedDatabase } from '../../server/src/db/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the maintenance database of the test run's PostgreSQL server. */
    pgAdminUrl: string;
  }
}

interface Shared {
  users: number;
  adminUrl: string;
  stop: () => Promise<void>;
}

// Both the server and the e2e projects use this file; one PostgreSQL serves the whole run.
const state = globalThis as typeof globalThis & { __casebookPg?: Promise<Shared> };

async function start(): Promise<Shared> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    const url = new URL(fromEnv);
    url.pathname = '/postgres';
    return { users: 0, adminUrl: url.toString(), stop: async () => undefined };
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'casebook-test-pg-'));
  // mkdtemp makes the folder private to root; the server runs as the postgres user.
  await chmod(dataDir, 0o755);
  const embedded: EmbeddedDatabase = await openEmbeddedDatabase({
    dataDir,
    database: 'postgres',
    log: () => undefined,
  });
  return {
    users: 0,
    adminUrl: embedded.url,
    stop: async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject) {
  state.__casebookPg ??= start();
  const shared = await state.__casebookPg;
  shared.users += 1;
  project.provide('pgAdminUrl', shared.adminUrl);
  return async () => {
    shared.users -= 1;
    if (shared.users === 0) {
      state.__casebookPg = undefined;
      await shared.stop();
    }
  };
}
