import type { Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll } from 'vitest';
import type { UserRole } from '../../server/src/modules/account/account.entity.js';
import { AccountService } from '../../server/src/modules/account/account.service.js';
import { browserForFile, type FileBrowser } from './browser.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { startTestServer, type TestServer } from './http.js';
import { loadSeeds } from './seeds.js';

/** The password of every account a seeded site makes (long enough for the 12-character rule). */
export const PASSWORD = 'correct horse battery staple';

/** Accounts to make before the server starts, email → role; each signs in with `PASSWORD`. */
export type Accounts = Record<string, UserRole>;

/** What a browser test file works against. */
export interface SeededSite {
  /** The file's browser, launched by the first page opened. */
  browser: FileBrowser;
  /** The running app. It starts in `beforeAll`: use it in tests and hooks, not while they are declared. */
  server: Pick<TestServer, 'url' | 'graphql'>;
}

async function makeAccounts(dataSource: DataSource, accounts: Accounts): Promise<void> {
  const service = new AccountService(dataSource);
  for (const [email, role] of Object.entries(accounts)) {
    const made = await service.createUser({ email, role, password: PASSWORD });
    if ('problems' in made) throw new Error(made.problems.map((p) => p.message).join(' '));
  }
}

/**
 * The app as a reader finds it on first start, for one browser test file: a database of its own
 * with every seed published and `accounts` made, served over HTTP, and a browser. Call it at the
 * top of the file: it registers the file's `beforeAll` and `afterAll`, which closes the browser,
 * then the server, then drops the database.
 */
export function seededSite(accounts: Accounts = {}): SeededSite {
  const browser = browserForFile();
  let db: TestDatabase | undefined;
  let running: TestServer | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadSeeds(db.dataSource);
    await makeAccounts(db.dataSource, accounts);
    running = await startTestServer(db.dataSource);
  });

  afterAll(async () => {
    await browser.close();
    await running?.close();
    await db?.drop();
  });

  function started(): TestServer {
    if (!running) throw new Error('the seeded site starts in beforeAll: use its server inside a test or a hook');
    return running;
  }

  return {
    browser,
    server: {
      get url() {
        return started().url;
      },
      graphql(query, variables) {
        return started().graphql(query, variables);
      },
    },
  };
}

/** Fills in the sign-in form the page shows and sends it. */
export async function fillSignIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
