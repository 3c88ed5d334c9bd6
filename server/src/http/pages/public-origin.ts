import type { Request } from 'express';

/** A Host header as browsers send it: a name or an address, and a port. */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin a request was made to (its scheme, from X-Forwarded-Proto behind a trusted proxy,
 * and its Host), for links the page gives out when CASEBOOK_PUBLIC_URL is unset. A Host that is
 * not a host name gives "localhost", so no crafted header ends up in a link.
 */
export function requestOrigin(req: Request): string {
  const host = req.get('host') ?? '';
  return `${req.protocol}://${HOST.test(host) ? host.toLowerCase() : 'localhost'}`;
}
