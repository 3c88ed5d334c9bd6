import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium; the tests never download a browser of their own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** What a missing browser tells the person running the tests: the command that fixes it. */
export const CHROMIUM_MISSING = 'Chromium is missing: run `apt-get install -y chromium` (Debian) and try again.';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches headless Chromium with a fresh profile. Throws (so the test fails, never skips) when
 * the browser is not installed; `executablePath` exists so that this refusal can itself be tested.
 */
export async function launchBrowser(executablePath = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) throw new Error(CHROMIUM_MISSING);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  page: Page;
  /**
   * Everything that went wrong in the page, one readable line each: console errors (including
   * the browser's own "Failed to load resource" lines), uncaught exceptions, failed requests and
   * HTTP error responses. A test expects `[]` so a failure prints the lines themselves.
   */
  problems: string[];
  close(): Promise<void>;
}

/** Opens a page in a context of its own and records the problems a user's console would show. */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context: BrowserContext = await browser.newContext(options);
  // Everything here is local and quick; a missing element should fail the test in seconds, not 30.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // The location names the resource when the browser itself logs a failed load.
    if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    problems.push(
      `request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`,
    );
  });
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  return { page, problems, close: () => context.close() };
}

export interface FileBrowser {
  /** A watched page in a context of its own; the browser starts with the first call. */
  open(options?: BrowserContextOptions): Promise<WatchedPage>;
  /** Closes every page opened and the browser; give it to `afterAll`. */
  close(): Promise<void>;
}

/**
 * One browser for a whole test file. It is launched by the first test that needs it, not in
 * beforeAll: when Chromium is missing, every browser test then fails with the install command
 * instead of being reported as skipped.
 */
export function browserForFile(): FileBrowser {
  let launched: Promise<Browser> | undefined;
  const opened: WatchedPage[] = [];
  return {
    async open(options) {
      launched ??= launchBrowser();
      const watched = await openPage(await launched, options);
      opened.push(watched);
      return watched;
    },
    async close() {
      await Promise.all(opened.map((watched) => watched.close().catch(() => undefined)));
      await launched?.then(
        (browser) => browser.close(),
        () => undefined,
      );
    },
  };
}
