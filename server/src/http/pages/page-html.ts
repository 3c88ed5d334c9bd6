import escapeHtml from 'escape-html';
import { SITE_NAME, type PageHead } from './page-head.js';

/** The <head> lines for `head`: title, description, robots, canonical, Open Graph and Twitter card. */
export function headTags(head: PageHead): string {
  const meta = (attribute: 'name' | 'property', key: string, value: string) =>
    `<meta ${attribute}="${key}" content="${escapeHtml(value)}" />`;
  const lines = [`<title>${escapeHtml(head.title)}</title>`, meta('name', 'description', head.description)];
  if (!head.index) lines.push(meta('name', 'robots', 'noindex'));
  if (head.canonical) {
    lines.push(
      `<link rel="canonical" href="${escapeHtml(head.canonical)}" />`,
      meta('property', 'og:site_name', SITE_NAME),
      meta('property', 'og:type', head.type),
      meta('property', 'og:title', head.title),
      meta('property', 'og:description', head.description),
      meta('property', 'og:url', head.canonical),
      meta('property', 'og:locale', 'en_GB'),
      meta('name', 'twitter:card', 'summary'),
      meta('name', 'twitter:title', head.title),
      meta('name', 'twitter:description', head.description),
    );
    if (head.modified) lines.push(meta('property', 'article:modified_time', head.modified));
  }
  return lines.join('\n    ');
}

/**
 * The app's built index.html with the page's own head: its title and description take the place
 * of the generic ones, and the other lines go where the head ends.
 */
export function withHead(indexHtml: string, head: PageHead): string {
  // The generic lines go whole, with their indentation and line end.
  const generic = /^[ \t]*(?:<title>[\s\S]*?<\/title>|<meta\s+name="description"[^>]*>)[ \t]*\r?\n?/gm;
  const bare = indexHtml.replace(generic, '').replace(/<title>[\s\S]*?<\/title>|<meta\s+name="description"[^>]*>/g, '');
  // Before </head> (on a line of their own when it has one); in a page without it, where the head
  // ends: before <body>, or after the doctype.
  const end = bare.indexOf('</head>');
  if (end >= 0) {
    const lineStart = bare.lastIndexOf('\n', end) + 1;
    if (bare.slice(lineStart, end).trim() === '')
      return `${bare.slice(0, lineStart)}    ${headTags(head)}\n${bare.slice(lineStart)}`;
    return `${bare.slice(0, end)}${headTags(head)}\n${bare.slice(end)}`;
  }
  const body = bare.search(/<body[\s>]/i);
  const doctype = /^<!doctype html>/i.exec(bare)?.[0].length ?? 0;
  const at = body >= 0 ? body : doctype;
  return `${bare.slice(0, at)}${headTags(head)}\n${bare.slice(at)}`;
}
