import { isIPv6 } from 'node:net';

/**
 * What a client address is counted as, by the rate budgets and the sign-in limits: an IPv4
 * address as itself (also when written IPv4-mapped, `::ffff:203.0.113.7`), an IPv6 address by its
 * /64 (what one subscriber is usually given), so a client cannot spread its requests over the
 * addresses of its own network; `unknown` without an address.
 */
export function addressGroup(address: string | null | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  const bare = address.split('%')[0]!;
  if (!isIPv6(bare)) return address;
  const [head = '', tail] = bare.split('::');
  const groups = (part: string) =>
    part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${all
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
