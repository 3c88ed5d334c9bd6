import escapeHtml from 'escape-html';
import type { PublishedCasePages } from '../../modules/case-study/case-study.service.js';

/**
 * /robots.txt: crawlers may read every published page; the pages for signed-in people, drafts,
 * the API and the exports are not for them. The sitemap names the published pages.
 */
export function robotsTxt(origin: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /authoring',
    'Disallow: /admin',
    'Disallow: /account',
    'Disallow: /notifications',
    'Disallow: /sign-in',
    'Disallow: /cases/*/draft',
    'Disallow: /*draft=1',
    'Disallow: /graphql',
    'Disallow: /export',
    '',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
}

/**
 * /sitemap.xml (sitemaps.org 0.9): the home page, Lessons and Sources, and each published case
 * at its address and at each earlier edition's permanent link, with the day it was published.
 */
export function sitemapXml(origin: string, cases: readonly PublishedCasePages[]): string {
  const day = (at: Date | null) => (at ? at.toISOString().slice(0, 10) : null);
  const latest = cases.map((c) => day(c.publishedAt)).filter((d): d is string => d !== null);
  const newest = latest.length ? latest.reduce((a, b) => (a > b ? a : b)) : null;
  const entries: { loc: string; lastmod: string | null }[] = [
    { loc: '/', lastmod: newest },
    { loc: '/lessons', lastmod: newest },
    { loc: '/sources', lastmod: newest },
  ];
  for (const c of cases) {
    entries.push({ loc: `/cases/${c.slug}`, lastmod: day(c.publishedAt) });
    for (const e of c.editions)
      if (e.edition !== c.edition)
        entries.push({ loc: `/cases/${c.slug}?edition=${e.edition}`, lastmod: day(e.publishedAt) });
  }
  const urls = entries.map(
    (e) =>
      `  <url><loc>${escapeHtml(`${origin}${e.loc}`)}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}
