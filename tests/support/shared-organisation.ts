import type { CaseProfileDoc, CiteDoc, PeriodDoc } from '@casebook/schema';

// Which services share an organisation, read straight off a profile document by the tests' own
// reading of the rule, so that the API and the page are checked against the documents rather than
// against the server's code.

/** What a document says about a pair of service areas. */
export interface ExpectedSharing {
  sharing: 'ONE_BODY' | 'SAME_KIND_AT_TIER' | 'SEPARATE';
  /** The keys of the bodies the answer rests on, sorted. */
  bodies: string[];
  /** Their names, in the same order. */
  bodyNames: string[];
  /** The functions shared, sorted; empty when separate. */
  functions: string[];
  uncertain: boolean;
  /** `url locator` of every citation it rests on, sorted, each once. */
  citations: string[];
}

const sourceKey = (cite: CiteDoc) => (typeof cite === 'string' ? cite : cite.source);
const locatorOf = (cite: CiteDoc) => (typeof cite === 'string' ? null : (cite.locator ?? null));
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** Every responsibility of a period with its body and the body's tier. */
export function heldIn(period: PeriodDoc) {
  return (period.levels ?? []).flatMap((level) =>
    (level.bodies ?? []).flatMap((body) =>
      (body.responsibilities ?? []).map((r) => ({ ...r, body, tier: level.tier })),
    ),
  );
}

/** A separate answer rests on the holders for the functions both areas are held for, or on all. */
function separate<T extends { function: string }>(ofA: T[], ofB: T[]): T[] {
  const common = ofA.filter((x) => ofB.some((y) => y.function === x.function)).map((x) => x.function);
  const both = [...ofA, ...ofB];
  return common.length ? both.filter((r) => common.includes(r.function)) : both;
}

/**
 * One body holding both areas for a function; else bodies of one tier and kind holding them for a
 * function; else separate. Undefined when the period does not hold both areas.
 */
export function expectedSharing(
  doc: CaseProfileDoc,
  period: PeriodDoc,
  a: string,
  b: string,
): ExpectedSharing | undefined {
  const held = heldIn(period);
  type Held = (typeof held)[number];
  const ofA = held.filter((r) => r.serviceArea === a);
  const ofB = held.filter((r) => r.serviceArea === b);
  if (!ofA.length || !ofB.length) return undefined;
  const together = (same: (x: Held, y: Held) => boolean) =>
    ofA.flatMap((x) => ofB.filter((y) => x.function === y.function && same(x, y)).flatMap((y) => [x, y]));
  const oneBody = together((x, y) => x.body.key === y.body.key);
  const sameKind = together((x, y) => x.tier === y.tier && x.body.type === y.body.type);
  const [sharing, rests]: [ExpectedSharing['sharing'], Held[]] = oneBody.length
    ? ['ONE_BODY', oneBody]
    : sameKind.length
      ? ['SAME_KIND_AT_TIER', sameKind]
      : ['SEPARATE', separate(ofA, ofB)];
  const url = (cite: CiteDoc) => doc.sources.find((s) => s.key === sourceKey(cite))!.url;
  const bodies = sorted(rests.map((r) => r.body.key));
  return {
    sharing,
    bodies,
    bodyNames: bodies.map((key) => rests.find((r) => r.body.key === key)!.body.name),
    functions: sharing === 'SEPARATE' ? [] : sorted(rests.map((r) => r.function)),
    uncertain: rests.some((r) => r.uncertain === true),
    citations: sorted(rests.flatMap((r) => r.cite.map((c) => `${url(c)} ${locatorOf(c) ?? ''}`))),
  };
}
