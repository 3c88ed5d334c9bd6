import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partialDateWords } from '@casebook/schema';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { minimalProfile } from '../../support/factories.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { publishProfile } from '../../support/profiles.js';
import { readSeedCase, loadSeeds } from '../../support/seeds.js';

// What a crawler, a link preview and a browser's tab see of each page before any script runs:
// the head of the HTML the server sends, read from the published data on a real PostgreSQL.
const PUBLIC = 'https://casebook.example.org';
const SHELL = `<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="UTF-8" />
    <meta name="description" content="Reform Casebook compares how countries organise public services for children." />
    <title>Reform Casebook</title>
  </head>
  <body><div id="app"></div><script type="module" src="/assets/index.js"></script></body>
</html>`;

let db: TestDatabase;
let site: TestServer;
let own: TestServer;
let clientDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await loadSeeds(db.dataSource);
  clientDir = mkdtempSync(path.join(os.tmpdir(), 'casebook-shell-'));
  writeFileSync(path.join(clientDir, 'index.html'), SHELL);
  site = await startTestServer(db.dataSource, { clientDir, publicUrl: PUBLIC });
  own = await startTestServer(db.dataSource, { clientDir });
});

afterAll(async () => {
  await site?.close();
  await own?.close();
  await db?.drop();
  if (clientDir) rmSync(clientDir, { recursive: true, force: true });
});

interface Head {
  status: number;
  cacheControl: string | null;
  html: string;
  title: string | undefined;
  meta: Map<string, string>;
  canonical: string | undefined;
}

const unescaped = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

async function head(address: string, server: TestServer = site, headers: Record<string, string> = {}): Promise<Head> {
  const response = await fetch(`${server.url}${address}`, { headers });
  const html = await response.text();
  const meta = new Map<string, string>();
  for (const m of html.matchAll(/<meta (?:name|property)="([^"]+)" content="([^"]*)" \/>/g))
    meta.set(m[1]!, unescaped(m[2]!));
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    html,
    title: /<title>([^<]*)<\/title>/.exec(html)?.[1]?.replace(/&[a-z#0-9]+;/g, (e) => unescaped(e)),
    meta,
    canonical: /<link rel="canonical" href="([^"]+)" \/>/.exec(html)?.[1],
  };
}

describe('the head of each published page', () => {
  it('names the case on its profile, with its summary, canonical address and link preview', async () => {
    const finland = readSeedCase('finland');
    const page = await head('/cases/finland');
    expect(page.status).toBe(200);
    expect(page.title).toBe('Finland · Reform Casebook');
    expect(page.html.match(/<title>/g)).toHaveLength(1);
    expect(page.html.match(/name="description"/g)).toHaveLength(1);
    const description = page.meta.get('description')!;
    expect(description.startsWith('Country.')).toBe(true);
    expect(description.length).toBeLessThanOrEqual(200);
    expect(finland.summary.replace(/\s+/g, ' ')).toContain(description.slice('Country. '.length).replace(/…$/, ''));
    expect(page.canonical).toBe(`${PUBLIC}/cases/finland`);
    expect(page.meta.get('og:url')).toBe(`${PUBLIC}/cases/finland`);
    expect(page.meta.get('og:title')).toBe(page.title);
    expect(page.meta.get('og:description')).toBe(description);
    expect(page.meta.get('og:type')).toBe('article');
    expect(page.meta.get('og:site_name')).toBe('Reform Casebook');
    expect(page.meta.get('twitter:card')).toBe('summary');
    expect(page.meta.get('twitter:title')).toBe(page.title);
    expect(page.meta.get('article:modified_time')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(page.meta.has('robots')).toBe(false);
    // The app's own scripts are still there, after the head.
    expect(page.html).toContain('<script type="module" src="/assets/index.js"></script>');
  });

  it('names the cases of a shared comparison and the period and day each is shown at', async () => {
    const page = await head('/compare?cases=police-scotland@2010-06-30,finland');
    expect(page.status).toBe(200);
    expect(page.title).toBe('Compare Police Scotland and Finland · Reform Casebook');
    const police = readSeedCase('police-scotland');
    const before = police.periods.find((p) => p.validTo && p.validTo < '2013-04')!;
    const description = page.meta.get('og:description')!;
    expect(description).toContain(`Police Scotland on ${partialDateWords('2010-06-30')}: ${before.label}`);
    expect(description).toContain('Finland: ');
    expect(page.canonical).toBe(`${PUBLIC}/compare?cases=police-scotland@2010-06-30,finland`);
    expect(page.meta.get('twitter:description')).toBe(description);
  });

  it('gives Home, Lessons, Sources and an empty Compare a description of their own', async () => {
    const home = await head('/');
    expect(home.title).toMatch(/^Reform Casebook: /);
    for (const name of ['Finland', 'Northern Ireland', 'Police Scotland'])
      expect(home.meta.get('description')).toContain(name);
    expect(home.meta.get('description')).toContain('compared with Scotland today');
    expect(home.canonical).toBe(`${PUBLIC}/`);
    const seen = new Set<string>();
    for (const [address, title] of [
      ['/lessons', 'Lessons · Reform Casebook'],
      ['/sources', 'Sources · Reform Casebook'],
      ['/compare', 'Compare · Reform Casebook'],
    ] as const) {
      const page = await head(address);
      expect(page.status).toBe(200);
      expect(page.title).toBe(title);
      expect(page.canonical).toBe(`${PUBLIC}${address}`);
      seen.add(page.meta.get('description')!);
    }
    seen.add(home.meta.get('description')!);
    expect(seen.size).toBe(4);
  });

  it('gives an earlier edition its own permanent address, and answers 404 for a case or edition not published', async () => {
    const doc = readSeedCase('northern-ireland');
    await publishProfile(db.dataSource, { ...doc, summary: `Reviewed again. ${doc.summary}` });
    const latest = await head('/cases/northern-ireland');
    const first = await head('/cases/northern-ireland?edition=1');
    expect(first.status).toBe(200);
    expect(first.title).toBe('Northern Ireland (edition 1) · Reform Casebook');
    expect(first.canonical).toBe(`${PUBLIC}/cases/northern-ireland?edition=1`);
    expect(latest.canonical).toBe(`${PUBLIC}/cases/northern-ireland`);
    expect(latest.meta.get('description')).not.toBe(first.meta.get('description'));
    for (const address of [
      '/cases/atlantis',
      '/cases/finland?edition=99',
      '/cases/finland?edition=first',
      '/no/such/page',
    ]) {
      const page = await head(address);
      expect(page.status, address).toBe(404);
      expect(page.title, address).toBe('Page not found · Reform Casebook');
      expect(page.meta.get('robots'), address).toBe('noindex');
      expect(page.canonical, address).toBeUndefined();
    }
  });

  it('keeps a comparison the app cannot show out of the index, without naming what was asked', async () => {
    const page = await head('/compare?cases=finland,atlantis');
    expect(page.status).toBe(200);
    expect(page.meta.get('robots')).toBe('noindex');
    expect(page.canonical).toBeUndefined();
    expect(page.html).not.toContain('atlantis');
  });
});

describe('pages that are not for search engines', () => {
  it('asks not to index drafts and pages for signed-in people, gives them no preview, and never keeps them', async () => {
    for (const address of [
      '/cases/finland/draft',
      '/cases/finland/draft/sources',
      '/cases/finland?draft=1',
      '/authoring',
      '/authoring/coverage',
      '/notifications',
      '/admin/users',
      '/account',
      '/sign-in',
    ]) {
      const page = await head(address);
      expect(page.status, address).toBe(200);
      expect(page.meta.get('robots'), address).toBe('noindex');
      expect(page.canonical, address).toBeUndefined();
      expect(page.meta.has('og:title'), address).toBe(false);
      expect(page.cacheControl, address).toBe('no-store');
      // Nothing of the case's own is sent for a draft's address.
      expect(page.html, address).not.toContain(readSeedCase('finland').summary.slice(0, 60));
    }
    expect((await head('/cases/finland')).cacheControl).toBe('no-cache');
  });
});

describe('escaping and the origin', () => {
  it('escapes what a case says inside the head', async () => {
    await publishProfile(db.dataSource, {
      ...minimalProfile({ slug: 'crafted', name: 'A "case" </title><script>alert(1)</script>' }),
      summary: 'Quotes " and <b>tags</b> & ampersands.',
    });
    const page = await head('/cases/crafted');
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<script>alert(1)</script>');
    expect(page.html).toContain('&lt;/title&gt;&lt;script&gt;');
    expect(page.title).toBe('A "case" </title><script>alert(1)</script> · Reform Casebook');
    expect(page.meta.get('og:description')).toBe('Country. Quotes " and <b>tags</b> & ampersands.');
  });

  it('uses the address the request was made to when no public address is set, but never a crafted Host', async () => {
    const page = await head('/cases/finland', own);
    expect(page.canonical).toBe(`${own.url}/cases/finland`);
    // fetch() sets Host itself; a raw request sends what a crafted client would.
    const html = await new Promise<string>((resolve, reject) => {
      const request = http.get(
        `${own.url}/cases/finland`,
        { headers: { host: 'evil.example"><script>' } },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve(body));
        },
      );
      request.on('error', reject);
    });
    expect(/<link rel="canonical" href="([^"]+)" \/>/.exec(html)?.[1]).toBe('http://localhost/cases/finland');
    expect(html).not.toContain('evil');
  });
});

describe('robots.txt and sitemap.xml', () => {
  it('serves robots.txt as text, keeping crawlers off drafts, signed-in pages and the API, and naming the sitemap', async () => {
    const response = await fetch(`${site.url}/robots.txt`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).not.toContain('<html');
    for (const line of ['User-agent: *', 'Disallow: /authoring', 'Disallow: /cases/*/draft', 'Disallow: /graphql'])
      expect(text.split('\n')).toContain(line);
    expect(text).toContain(`Sitemap: ${PUBLIC}/sitemap.xml`);
  });

  it('lists every published page in the sitemap, each earlier edition too, and follows a publication', async () => {
    const read = async () => {
      const response = await fetch(`${site.url}/sitemap.xml`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
      const xml = await response.text();
      expect(
        xml.startsWith(
          '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ),
      ).toBe(true);
      return [...xml.matchAll(/<url><loc>([^<]+)<\/loc>(?:<lastmod>(\d{4}-\d{2}-\d{2})<\/lastmod>)?<\/url>/g)].map(
        (m) => ({
          loc: m[1]!,
          lastmod: m[2],
        }),
      );
    };
    const before = await read();
    const locs = before.map((u) => u.loc);
    for (const slug of ['finland', 'scotland', 'police-scotland', 'northern-ireland'])
      expect(locs).toContain(`${PUBLIC}/cases/${slug}`);
    for (const page of ['/', '/lessons', '/sources']) expect(locs).toContain(`${PUBLIC}${page}`);
    expect(locs).toContain(`${PUBLIC}/cases/northern-ireland?edition=1`);
    expect(locs.some((l) => /draft|authoring|admin|account/.test(l))).toBe(false);
    expect(new Set(locs).size).toBe(locs.length);
    for (const u of before.filter((x) => x.loc.includes('/cases/'))) expect(u.lastmod, u.loc).toMatch(/^\d{4}-/);

    await publishProfile(db.dataSource, minimalProfile({ slug: 'newly-published', name: 'Newly published' }));
    expect((await read()).map((u) => u.loc)).toContain(`${PUBLIC}/cases/newly-published`);
    expect((await head('/')).meta.get('description')).toContain('Newly published');
  });
});

describe('the app shell', () => {
  it('takes the head lines where its head ends, however it is written', async () => {
    const { withHead } = await import('../../../server/src/http/pages/page-html.js');
    const head = {
      status: 200 as const,
      title: 'T',
      description: 'D',
      canonical: null,
      index: false,
      type: 'website' as const,
      modified: null,
      published: false,
    };
    expect(withHead('<!doctype html><title>Casebook</title>', head)).toBe(
      '<!doctype html><title>T</title>\n    <meta name="description" content="D" />\n    <meta name="robots" content="noindex" />\n',
    );
    expect(withHead('<head>\n  <meta charset="UTF-8" />\n  <title>x</title>\n</head>', head)).toBe(
      '<head>\n  <meta charset="UTF-8" />\n    <title>T</title>\n    <meta name="description" content="D" />\n    <meta name="robots" content="noindex" />\n</head>',
    );
    expect(withHead('<html><head><title>x</title></head><body></body></html>', head)).toMatch(
      /^<html><head><title>T<\/title>[\s\S]*noindex" \/>\n<\/head><body>/,
    );
    expect(withHead('<p>no head</p><body>', head)).toMatch(/^<p>no head<\/p><title>T<\/title>[\s\S]*\n<body>$/);
  });
});

describe('a rebuilt app', () => {
  it('is served at once, without waiting for a publication to empty the cache', async () => {
    const before = await head('/lessons');
    expect(before.html).toContain('/assets/index.js');
    const file = path.join(clientDir, 'index.html');
    writeFileSync(file, SHELL.replace('/assets/index.js', '/assets/index-rebuilt.js'));
    // Two writes within the file system's clock step look alike; the rebuild is later than that.
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    const after = await head('/lessons');
    expect(after.html).toContain('/assets/index-rebuilt.js');
    expect(after.title).toBe(before.title);
  });
});
