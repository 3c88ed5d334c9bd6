import {
  KIND_LABELS,
  MAX_CASES,
  MIN_CASES,
  formatSelectors,
  parseSelectorList,
  partialDateWords,
  type Selector,
} from '@casebook/schema';
import { AppError } from '../../common/errors.js';
import type { Services } from '../../modules/context.js';

export const SITE_NAME = 'Reform Casebook';

/**
 * What a page's <head> says of it before any script runs: for a browser's tab, a search engine and
 * a link preview (Open Graph and Twitter cards). Published pages name what they hold; pages for
 * signed-in people and drafts say only what they are, and ask not to be indexed.
 */
export interface PageHead {
  /** 404 for an address the app has no page for, or a case or edition that is not published. */
  status: 200 | 404;
  title: string;
  description: string;
  /** The page's one address (absolute), for `rel=canonical` and `og:url`; null when not indexed. */
  canonical: string | null;
  /** Whether search engines may index the page. */
  index: boolean;
  type: 'website' | 'article';
  /** When what the page shows was published (ISO), for `article:modified_time`. */
  modified: string | null;
  /**
   * Whether the page's answer may be kept until the next publication: published pages only, never
   * a draft or a page for signed-in people.
   */
  published: boolean;
}

/** Addresses for signed-in people: the app shows them after signing in, and they are never indexed. */
const SIGNED_IN_PAGES: [RegExp, string][] = [
  [/^\/cases\/[^/]+\/draft\/sources\/?$/, 'Sources of the draft'],
  [/^\/cases\/[^/]+\/draft\/?$/, 'Draft'],
  [/^\/authoring\/coverage\/?$/, 'Coverage map'],
  [/^\/authoring\/new-case\/?$/, 'New case'],
  [/^\/authoring\/?$/, 'Work'],
  [/^\/notifications\/?$/, 'Notifications'],
  [/^\/admin(\/users)?\/?$/, 'Accounts'],
  [/^\/admin\/tokens\/?$/, 'API tokens'],
  [/^\/admin\/audit\/?$/, 'Audit log'],
  [/^\/sign-in\/?$/, 'Sign in'],
  [/^\/account\/?$/, 'Your account'],
];

/** A description for previews and result pages: whole words, at most about two lines of a result. */
export function shortened(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const end = cut.lastIndexOf(' ');
  return `${(end > max / 2 ? cut.slice(0, end) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}

/** "a", "a and b", "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const titled = (page: string) => `${page} · ${SITE_NAME}`;

/**
 * The head of the page at `url` (path and query as the browser asked), with `origin` the site's
 * public origin ("https://casebook.example.org"), read from the published data.
 */
export async function pageHead(url: URL, origin: string, services: Services): Promise<PageHead> {
  const path = url.pathname;
  const at = (address: string) => `${origin}${address}`;
  const page = (title: string, description: string, address: string, extra: Partial<PageHead> = {}): PageHead => ({
    status: 200,
    title,
    description,
    canonical: at(address),
    index: true,
    type: 'website',
    modified: null,
    published: true,
    ...extra,
  });
  const unlisted = (title: string, status: 200 | 404 = 200): PageHead => ({
    status,
    title: titled(title),
    description: `${SITE_NAME} compares how countries organise public services for children.`,
    canonical: null,
    index: false,
    type: 'website',
    modified: null,
    published: false,
  });

  for (const [pattern, title] of SIGNED_IN_PAGES) if (pattern.test(path)) return unlisted(title);

  if (path === '/') {
    const all = await services.caseStudies.publishedPages();
    const names = all.filter((c) => !c.baseline).map((c) => c.name);
    const baseline = all.find((c) => c.baseline);
    return page(
      `${SITE_NAME}: how countries organise public services for children`,
      shortened(
        `Case studies of ${listed(names)}${baseline ? `, compared with ${baseline.name}` : ''}: how national, regional and local ` +
          'governance of children’s services connects to health, education and adult social care, with reform timelines and lessons.',
        300,
      ),
      '/',
    );
  }

  const profile = /^\/cases\/([^/]+)\/?$/.exec(path);
  if (profile) {
    if (url.searchParams.get('draft') === '1') return unlisted('Draft');
    const editionParam = url.searchParams.get('edition');
    const edition = editionParam !== null && /^\d{1,9}$/.test(editionParam) ? Number(editionParam) : null;
    if (editionParam !== null && edition === null) return unlisted('Page not found', 404);
    const slug = decodeURIComponent(profile[1]!);
    const found = await services.caseStudies.findBySlug(slug, edition);
    if (!found) return unlisted('Page not found', 404);
    const latest = edition === null || (await services.caseStudies.findBySlug(slug))?.edition === edition;
    // "Country · Netherlands. The Netherlands is one of …": what the case is, then its summary.
    const kind = `${KIND_LABELS[found.kind]}${found.jurisdiction !== found.name ? ` · ${found.jurisdiction}` : ''}`;
    return page(
      titled(latest ? found.name : `${found.name} (edition ${found.edition})`),
      shortened(`${kind}. ${found.summary}`),
      latest ? `/cases/${found.slug}` : `/cases/${found.slug}?edition=${found.edition}`,
      { type: 'article', modified: found.publishedAt?.toISOString() ?? null },
    );
  }

  if (path === '/compare' || path === '/compare/') return compareHead(url, services, page, unlisted);

  if (path === '/lessons' || path === '/lessons/')
    return page(
      titled('Lessons'),
      'What the reform programmes of the case studies teach, grouped by theme and by case, with the strength of the evidence for each and how far it would transfer to Scotland.',
      '/lessons',
    );
  if (path === '/sources' || path === '/sources/')
    return page(
      titled('Sources'),
      'The sources behind every claim about the case studies, with their standing and the claims that cite each one.',
      '/sources',
    );
  return unlisted('Page not found', 404);
}

async function compareHead(
  url: URL,
  services: Services,
  page: (title: string, description: string, address: string, extra?: Partial<PageHead>) => PageHead,
  unlisted: (title: string) => PageHead,
): Promise<PageHead> {
  const { selectors, problems } = parseSelectorList(url.searchParams.get('cases') ?? '');
  if (selectors.length === 0 && problems.length === 0)
    return page(
      titled('Compare'),
      'Compare how two or more case studies organise children’s services, side by side with Scotland today: governance, responsibilities, connections and lessons.',
      '/compare',
    );
  if (problems.length || selectors.length < MIN_CASES || selectors.length > MAX_CASES) return unlisted('Compare');
  let cases;
  try {
    cases = await services.comparison.identify(selectors as Selector[]);
  } catch (error) {
    // A selection the app cannot show: it says why on the page; nothing here to index.
    if (error instanceof AppError) return unlisted('Compare');
    throw error;
  }
  const names = cases.map((c) => c.caseStudy.name);
  // "Police Scotland on 30 June 2010: Eight regional police forces (before 1 April 2013)"; a case at
  // its current period by its label alone (which carries its dates), or its name when that is all.
  const shown = cases.map((c) => {
    const name = c.caseStudy.name;
    if (c.asOf) return `${name} on ${partialDateWords(c.asOf)}: ${c.period.label}`;
    return c.period.label === name ? name : `${name}: ${c.period.label}`;
  });
  const only = url.searchParams.get('only') === 'differences';
  return page(
    titled(`Compare ${listed(names)}`),
    shortened(`${shown.join('; ')}. Governance, responsibilities, connections and lessons side by side.`, 300),
    // Slugs and days need no escaping in a query.
    `/compare?cases=${formatSelectors(selectors)}${only ? '&only=differences' : ''}`,
  );
}
