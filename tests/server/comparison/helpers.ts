import { readFileSync } from 'node:fs';
import path from 'node:path';
import { print } from 'graphql';
import type { DataSource } from 'typeorm';
import { parse } from 'yaml';
import {
  BODY_TYPES,
  FUNCTIONS,
  LESSON_THEMES,
  MECHANISM_LABELS,
  MECHANISMS,
  SERVICE_AREAS,
  TIERS,
  type CaseProfileDoc,
  type CiteDoc,
  type PeriodDoc,
} from '@casebook/schema';
import { ComparisonDocument } from '../../../client/src/gql/graphql.js';
import { fromRoot } from '../../../server/src/common/paths.js';
import { documentFiles, InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import type { TestServer } from '../../support/http.js';
import { fixturesDir } from '../../support/profiles.js';

// The expectations here are computed from the parsed documents by code of the tests' own, so
// that the engine is checked against the documents rather than against itself. Only the
// vocabularies (data, in their shipped order) are shared with the server.

/** The exact document the app's Compare page sends, fragments included. */
export const COMPARISON_QUERY = print(ComparisonDocument);

const CITATIONS = 'citations { locator source { id url title standing } }';
const PART = `key label detail tier bodyType uncertain uncertaintyNote ${CITATIONS}`;

/** Every field of a comparison the engine tests check, the deprecated ones left out. */
export const ENGINE_QUERY = `query Engine($cases: [CaseSelector!]!) {
  comparison(cases: $cases) {
    baselineIndex
    cases { index selector asOf baseline caseStudy { id slug name kind edition }
      period { id key label validFrom { text } validTo { text } } }
    sections {
      kind title
      rows {
        key label withData verdict verdictText basis differFromBaseline
        cells {
          caseIndex status value valueText uncertain versusBaseline
          items { ${PART} evidenceStrength transferability parts { ${PART} } }
        }
      }
    }
    timeline { caseIndex event { id key title date { text precision } uncertain uncertaintyNote } }
    commonApproaches { section rowKey rowLabel value sharedBy differ noData sentence }
  }
}`;

export const DIFF_QUERY = `query Diff($from: CaseSelector!, $to: CaseSelector!) {
  structuralDiff(from: $from, to: $to) {
    from { index selector asOf caseStudy { slug } period { key } }
    to { index selector asOf caseStudy { slug } period { key } }
    changes { part change key label tier fields { field before after } }
  }
}`;

export interface Selector {
  slug: string;
  asOf?: string;
}

// ---- The GraphQL answer to COMPARISON_QUERY ----

export interface GqlCitation {
  locator: string | null;
  source: { id: string; url: string; title: string; standing: string };
}
export interface GqlPart {
  key: string;
  label: string;
  detail: string | null;
  tier: string | null;
  bodyType: string | null;
  uncertain: boolean;
  uncertaintyNote: string | null;
  citations: GqlCitation[];
}
export interface GqlItem extends GqlPart {
  evidenceStrength: string | null;
  transferability: string | null;
  parts: GqlPart[];
}
export type Verdict = 'SAME' | 'DIFFERENT' | 'NOT_JUDGED';
export type Standing = 'SAME' | 'DIFFERENT' | 'NOT_RECORDED' | 'BASELINE_NOT_RECORDED';
export interface GqlCell {
  caseIndex: number;
  status: 'PRESENT' | 'ABSENT' | 'NO_DATA';
  value: string[];
  valueText: string;
  uncertain: boolean;
  versusBaseline: Standing | null;
  items: GqlItem[];
}
export interface GqlRow {
  key: string;
  label: string;
  withData: number;
  verdict: Verdict;
  verdictText: string;
  basis: string;
  differFromBaseline: number[];
  cells: GqlCell[];
}
export interface GqlSection {
  kind: string;
  title: string;
  rows: GqlRow[];
}
export interface GqlCommonApproach {
  section: string;
  rowKey: string;
  rowLabel: string;
  value: string[];
  sharedBy: number[];
  differ: number[];
  noData: number[];
  sentence: string;
}
export interface GqlComparison {
  baselineIndex: number | null;
  cases: {
    index: number;
    selector: string;
    asOf: string | null;
    baseline: boolean;
    caseStudy: { id: string; slug: string; name: string; kind: string; edition: number };
    period: {
      id: string;
      key: string;
      label: string;
      validFrom: { text: string } | null;
      validTo: { text: string } | null;
    };
  }[];
  sections: GqlSection[];
  timeline: {
    caseIndex: number;
    event: {
      id: string;
      key: string;
      title: string;
      date: { text: string; precision: string };
      uncertain: boolean;
      uncertaintyNote: string | null;
    };
  }[];
  commonApproaches: GqlCommonApproach[];
}

/** Runs ENGINE_QUERY and fails on any error. */
export async function compare(server: TestServer, cases: Selector[]): Promise<GqlComparison> {
  const { status, body } = await server.graphql<{ comparison: GqlComparison }>(ENGINE_QUERY, { cases });
  if (status !== 200 || body.errors?.length || !body.data)
    throw new Error(`comparison of ${JSON.stringify(cases)} failed: ${status} ${JSON.stringify(body.errors)}`);
  return body.data.comparison;
}

// ---- Documents ----

export const readYaml = (file: string) => parse(readFileSync(file, 'utf8')) as CaseProfileDoc;

/** A case profile from seeds/, parsed. */
export const readSeed = (slug: string): CaseProfileDoc => readYaml(fromRoot('seeds', `${slug}.yaml`));

export const comparisonFixtureFile = (name: string) => path.join(fixturesDir, 'comparison', `${name}.yaml`);

/** A profile from tests/fixtures/comparison, parsed. */
export const readComparisonFixture = (name: string): CaseProfileDoc => readYaml(comparisonFixtureFile(name));

/**
 * Imports the named seed profiles through InterchangeService, as `casebook seed` does, and fails
 * clearly when one is missing or does not publish. Only the named files are imported, so that a
 * seed being written elsewhere cannot break tests that do not use it.
 */
export async function importSeeds(dataSource: DataSource, slugs: string[]): Promise<CaseProfileDoc[]> {
  const files = (await documentFiles(fromRoot('seeds'))).filter((file) =>
    slugs.includes(path.basename(file).replace(/\.ya?ml$/, '')),
  );
  const found = files.map((file) => path.basename(file).replace(/\.ya?ml$/, ''));
  const missing = slugs.filter((s) => !found.includes(s));
  if (missing.length)
    throw new Error(`seeds/${missing.join('.yaml, seeds/')}.yaml missing: the comparison tests need them`);
  return importFiles(dataSource, files);
}

/** Imports profile files and fails unless every one is published. Returns the parsed documents in import order. */
export async function importFiles(dataSource: DataSource, files: string[]): Promise<CaseProfileDoc[]> {
  const reports = await new InterchangeService(dataSource).importFiles(files, { publish: true });
  const bad = reports.filter((r) => r.status !== 'published');
  if (bad.length) throw new Error(`import failed: ${JSON.stringify(bad.map((r) => [r.file, r.status, r.problems]))}`);
  return files.map(readYaml);
}

// ---- Expectations computed from documents ----

const pad = (n: number) => String(n).padStart(2, '0');

/** The earliest and latest day a partial date ("2013", "2013-04", "2013-04-01") can mean. */
export function dateSpan(text: string): { earliest: string; latest: string; rank: number } {
  const [y, m, d] = text.split('-');
  if (m === undefined) return { earliest: `${y}-01-01`, latest: `${y}-12-31`, rank: 0 };
  if (d === undefined)
    return {
      earliest: `${y}-${m}-01`,
      latest: `${y}-${m}-${pad(new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate())}`,
      rank: 1,
    };
  return { earliest: text, latest: text, rank: 2 };
}

/** The period of a document in force on a day, or its current (open-ended) one. */
export function periodOf(doc: CaseProfileDoc, asOf?: string): PeriodDoc {
  const period = asOf
    ? doc.periods.find(
        (p) =>
          (!p.validFrom || dateSpan(p.validFrom).earliest <= asOf) &&
          (!p.validTo || asOf <= dateSpan(p.validTo).latest),
      )
    : (doc.periods.find((p) => !p.validTo) ?? doc.periods[doc.periods.length - 1]);
  if (!period) throw new Error(`${doc.slug} has no period on ${asOf}`);
  return period;
}

export interface Selected {
  doc: CaseProfileDoc;
  asOf?: string;
}

/** What a source looks like after import: by URL, the metadata of the last document imported wins. */
export type SourceTable = Map<string, { title: string; standing: string }>;

export function sourceTable(docsInImportOrder: CaseProfileDoc[]): SourceTable {
  const table: SourceTable = new Map();
  for (const doc of docsInImportOrder)
    for (const s of doc.sources) table.set(s.url, { title: s.title, standing: s.standing });
  return table;
}

export interface ExpectedCitation {
  locator: string | null;
  url: string;
  title: string;
  standing: string;
}
export interface ExpectedPart {
  key: string;
  label: string;
  detail: string | null;
  tier: string | null;
  bodyType: string | null;
  uncertain: boolean;
  uncertaintyNote: string | null;
  citations: ExpectedCitation[];
}
export interface ExpectedItem extends ExpectedPart {
  evidenceStrength: string | null;
  transferability: string | null;
  parts: ExpectedPart[];
}
export interface ExpectedCell {
  caseIndex: number;
  status: 'PRESENT' | 'ABSENT' | 'NO_DATA';
  value: string[];
  uncertain: boolean;
  versusBaseline: Standing | null;
  /** The keys of the items; for the shared-organisation section only these are compared. */
  itemKeys: string[];
  /** The items in full; null where only their keys are computed here. */
  items: ExpectedItem[] | null;
}
export interface ExpectedRow {
  key: string;
  label: string;
  withData: number;
  verdict: Verdict;
  differFromBaseline: number[];
  cells: ExpectedCell[];
}
export interface ExpectedSection {
  kind: string;
  rows: ExpectedRow[];
}

/** The GraphQL citation in the shape of an expected one (the database id left out). */
export const plainCitation = (c: GqlCitation): ExpectedCitation => ({
  locator: c.locator,
  url: c.source.url,
  title: c.source.title,
  standing: c.source.standing,
});
const plainPart = (p: GqlPart): ExpectedPart => ({
  key: p.key,
  label: p.label,
  detail: p.detail,
  tier: p.tier,
  bodyType: p.bodyType,
  uncertain: p.uncertain,
  uncertaintyNote: p.uncertaintyNote,
  citations: p.citations.map(plainCitation),
});
export const plainItem = (i: GqlItem): ExpectedItem => ({
  ...plainPart(i),
  evidenceStrength: i.evidenceStrength,
  transferability: i.transferability,
  parts: i.parts.map(plainPart),
});
/** A GraphQL cell in the shape of an expected one: its items in full when `full`, else only their keys. */
export const plainCell = (c: GqlCell, full = true): ExpectedCell => ({
  caseIndex: c.caseIndex,
  status: c.status,
  value: c.value,
  uncertain: c.uncertain,
  versusBaseline: c.versusBaseline,
  itemKeys: c.items.map((i) => i.key),
  items: full ? c.items.map(plainItem) : null,
});
const rowOf = (r: GqlRow, full: boolean): ExpectedRow => ({
  key: r.key,
  label: r.label,
  withData: r.withData,
  verdict: r.verdict,
  differFromBaseline: r.differFromBaseline,
  cells: r.cells.map((c) => plainCell(c, full)),
});
/** A GraphQL row in the shape of an expected one, its cells' items in full. */
export const plainRow = (r: GqlRow): ExpectedRow => rowOf(r, true);
/** A GraphQL row in the shape of an expected one of its section: shared-organisation items by key only. */
export const plainRowIn = (kind: string) => (r: GqlRow) => rowOf(r, kind !== 'SHARED_ORGANISATIONS');

const TIER_LABEL: Record<string, string> = { NATIONAL: 'National', REGIONAL: 'Regional', LOCAL: 'Local' };
const rank = (order: readonly string[]) => (a: string, b: string) => order.indexOf(a) - order.indexOf(b);
const byTier = rank(TIERS);
const byType = rank(BODY_TYPES);
const byMechanism = rank(MECHANISMS);
const byFunction = rank(FUNCTIONS);
const areaName = (key: string) => SERVICE_AREAS.find(([k]) => k === key)![1];
const areaRank = (key: string) => SERVICE_AREAS.findIndex(([k]) => k === key);
const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const unique = <T>(list: T[]) => [...new Set(list)];

interface Claim {
  key: string;
  cite: CiteDoc[];
  uncertain?: boolean;
  note?: string;
}

function citations(doc: CaseProfileDoc, sources: SourceTable, cites: CiteDoc[]): ExpectedCitation[] {
  return cites.map((cite) => {
    const key = typeof cite === 'string' ? cite : cite.source;
    const url = doc.sources.find((s) => s.key === key)!.url;
    const source = sources.get(url)!;
    return {
      locator: typeof cite === 'string' ? null : cite.locator,
      url,
      title: source.title,
      standing: source.standing,
    };
  });
}

function part(
  doc: CaseProfileDoc,
  sources: SourceTable,
  claim: Claim,
  label: string,
  extra: Partial<ExpectedPart> = {},
): ExpectedPart {
  return {
    key: claim.key,
    label,
    detail: null,
    tier: null,
    bodyType: null,
    uncertain: claim.uncertain ?? false,
    uncertaintyNote: claim.note ?? null,
    citations: citations(doc, sources, claim.cite),
    ...extra,
  };
}

const item = (p: ExpectedPart, extra: Partial<ExpectedItem> = {}): ExpectedItem => ({
  ...p,
  evidenceStrength: null,
  transferability: null,
  parts: [],
  ...extra,
});

function cell(
  caseIndex: number,
  status: ExpectedCell['status'],
  value: string[],
  items: ExpectedItem[],
  itemKeys = items.map((i) => i.key),
  full = true,
): ExpectedCell {
  const uncertain = items.some((i) => i.uncertain || i.parts.some((p) => p.uncertain));
  return { caseIndex, status, value, uncertain, versusBaseline: null, itemKeys, items: full ? items : null };
}

/** Every responsibility of a period in document order, with its body and tier. */
function responsibilitiesOf(period: PeriodDoc) {
  return (period.levels ?? []).flatMap((level) =>
    (level.bodies ?? []).flatMap((body) => (body.responsibilities ?? []).map((r) => ({ r, body, tier: level.tier }))),
  );
}

/** Whether a period records a section completely (its coverage). */
const complete = (period: PeriodDoc, section: 'levels' | 'responsibilities' | 'connections') =>
  period.coverage?.[section] === 'complete';

/** The pair of areas a connection joins, in vocabulary order. */
function pairOf(between: [string, string]): [string, string] {
  return [...between].sort((a, b) => areaRank(a) - areaRank(b)) as [string, string];
}

/** "Statutory duty and strategic planning (national)", as a connection item is labelled. */
function connectionLabel(mechanisms: string[], tier: string | undefined): string {
  const words = mechanisms.map((m) => MECHANISM_LABELS[m as keyof typeof MECHANISM_LABELS]);
  const joined = words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
  return `${joined.charAt(0).toUpperCase()}${joined.slice(1)}${tier ? ` (${TIER_LABEL[tier]!.toLowerCase()})` : ''}`;
}

/**
 * How a period holds a pair of service areas, as the shared-organisation section's value: for
 * each function, the tier and kind of every body holding both (`DELIVERY@REGIONAL:PROVIDER`),
 * else of every kind of body at one tier holding both between them, else `SEPARATE`; null when
 * the period holds at most one of the two. With the keys of the bodies the answer rests on, and
 * whether any responsibility it rests on is uncertain.
 */
function sharing(
  period: PeriodDoc,
  a: string,
  b: string,
): { value: string[]; bodies: string[]; uncertain: boolean } | null {
  const all = responsibilitiesOf(period);
  const of = (area: string) => all.filter((x) => x.r.serviceArea === area);
  const [ofA, ofB] = [of(a), of(b)];
  if (!ofA.length || !ofB.length) return null;
  const kind = (x: (typeof all)[number]) => `${x.tier}:${x.body.type}`;
  const together = (holder: (x: (typeof all)[number]) => string) =>
    [...ofA, ...ofB].filter((x) =>
      [ofA, ofB].every((side) => side.some((y) => y.r.function === x.r.function && holder(y) === holder(x))),
    );
  const byBody = together((x) => x.body.key);
  const resting = byBody.length ? byBody : together(kind);
  const inDocumentOrder = (list: typeof all) => unique(all.filter((x) => list.includes(x)).map((x) => x.body.key));
  if (resting.length) {
    const value = unique(resting.map((x) => `${x.r.function}@${kind(x)}`)).sort((p, q) => {
      const [f1, h1] = p.split('@') as [string, string];
      const [f2, h2] = q.split('@') as [string, string];
      const [t1, k1] = h1.split(':') as [string, string];
      const [t2, k2] = h2.split(':') as [string, string];
      return byFunction(f1, f2) || byTier(t1, t2) || byType(k1, k2);
    });
    return {
      value: [byBody.length ? 'ONE_BODY' : 'SAME_KIND_AT_TIER', ...value],
      bodies: inDocumentOrder(resting),
      uncertain: resting.some((x) => x.r.uncertain),
    };
  }
  // Separate: the holders of the functions both areas are held for, or of both areas when none is.
  const common = ofA.filter((x) => ofB.some((y) => y.r.function === x.r.function)).map((x) => x.r.function);
  const apart = [...ofA, ...ofB].filter((x) => !common.length || common.includes(x.r.function));
  return { value: ['SEPARATE'], bodies: inDocumentOrder(apart), uncertain: apart.some((x) => x.r.uncertain) };
}

/** The grids of a comparison, computed from the documents alone. */
export function expectedSections(selected: Selected[], sources: SourceTable): ExpectedSection[] {
  const periods = selected.map((s) => periodOf(s.doc, s.asOf));
  const baselineIndex = expectedBaselineIndex(selected);

  const governance = TIERS.map((tier) => ({
    key: tier as string,
    label: TIER_LABEL[tier]!,
    cells: selected.map(({ doc }, i) => {
      const period = periods[i]!;
      const levels = (period.levels ?? []).filter((l) => l.tier === tier);
      const items = levels.map((l) =>
        item(
          part(doc, sources, l, l.unitCount === undefined ? l.name : `${l.name} (${l.unitCount})`, {
            detail: l.description ?? null,
            tier: l.tier,
          }),
          {
            parts: (l.bodies ?? []).map((b) =>
              part(doc, sources, b, b.name, { detail: b.description ?? null, tier: l.tier, bodyType: b.type }),
            ),
          },
        ),
      );
      if (levels.length === 0)
        return complete(period, 'levels') ? cell(i, 'ABSENT', ['absent'], items) : cell(i, 'NO_DATA', [], items);
      if (levels.every((l) => l.absent)) return cell(i, 'ABSENT', ['absent'], items);
      const bodies = levels.filter((l) => !l.absent).flatMap((l) => l.bodies ?? []);
      if (bodies.length === 0) return cell(i, 'PRESENT', ['no-bodies'], items);
      const value = unique(
        bodies.map((b) => {
          const held = unique((b.responsibilities ?? []).map((r) => r.serviceArea)).sort(
            (x, y) => areaRank(x) - areaRank(y),
          );
          return `${b.type}:${held.join(',')}`;
        }),
      ).sort((x, y) => byType(x.split(':')[0]!, y.split(':')[0]!) || cmp(x.split(':')[1]!, y.split(':')[1]!));
      return cell(i, 'PRESENT', value, items);
    }),
  })).filter((row) => row.cells.some((c) => c.status !== 'NO_DATA'));

  const responsibilities = SERVICE_AREAS.flatMap(([area, name]) =>
    FUNCTIONS.filter((fn) =>
      periods.some((p) => responsibilitiesOf(p).some(({ r }) => r.serviceArea === area && r.function === fn)),
    ).map((fn) => ({
      key: `${area}:${fn}`,
      label: `${name}: ${fn[0]}${fn.slice(1).toLowerCase()}`,
      cells: selected.map(({ doc }, i) => {
        const held = responsibilitiesOf(periods[i]!).filter(({ r }) => r.serviceArea === area && r.function === fn);
        const items = held.map(({ r, body, tier }) =>
          item(part(doc, sources, r, body.name, { detail: r.description ?? null, tier, bodyType: body.type })),
        );
        if (!held.length)
          return complete(periods[i]!, 'responsibilities')
            ? cell(i, 'ABSENT', ['none'], items)
            : cell(i, 'NO_DATA', [], items);
        const value = unique(held.map((h) => `${h.tier}:${h.body.type}`)).sort(
          (x, y) => byTier(x.split(':')[0]!, y.split(':')[0]!) || byType(x.split(':')[1]!, y.split(':')[1]!),
        );
        return cell(i, 'PRESENT', value, items);
      }),
    })),
  );

  const sharedPairs = SERVICE_AREAS.flatMap(([a], i) =>
    SERVICE_AREAS.slice(i + 1).flatMap(([b]) =>
      periods.some((p) => sharing(p, a, b)) ? [[a, b] as [string, string]] : [],
    ),
  );
  const shared = sharedPairs.map(([a, b]) => ({
    key: `${a}+${b}`,
    label: `${areaName(a)} and ${areaName(b)}`,
    cells: selected.map((_, i) => {
      const found = sharing(periods[i]!, a, b);
      return found
        ? { ...cell(i, 'PRESENT', found.value, [], found.bodies, false), uncertain: found.uncertain }
        : cell(i, 'NO_DATA', [], [], [], false);
    }),
  }));

  const pairs = [...new Set(periods.flatMap((p) => (p.connections ?? []).map((c) => pairOf(c.between).join('+'))))]
    .map((key) => key.split('+') as [string, string])
    .sort(([a1, b1], [a2, b2]) => areaRank(a1) - areaRank(a2) || areaRank(b1) - areaRank(b2));
  const connections = pairs.map(([a, b]) => ({
    key: `${a}+${b}`,
    label: `${areaName(a)} and ${areaName(b)}`,
    cells: selected.map(({ doc }, i) => {
      const found = (periods[i]!.connections ?? []).filter((c) => pairOf(c.between).join('+') === `${a}+${b}`);
      const items = found.map((c) =>
        item(
          part(doc, sources, c, connectionLabel(c.mechanisms, c.tier), {
            detail: c.description ?? null,
            tier: c.tier ?? null,
          }),
        ),
      );
      if (!found.length && !complete(periods[i]!, 'connections')) return cell(i, 'NO_DATA', [], items);
      const value = unique(
        found.flatMap((c) => c.mechanisms.filter((m) => m !== 'NONE').map((m) => `${m}:${c.tier ?? ''}`)),
      ).sort(
        (x, y) =>
          byMechanism(x.split(':')[0]!, y.split(':')[0]!) || byTier(x.split(':')[1] || 'ZZ', y.split(':')[1] || 'ZZ'),
      );
      return value.length ? cell(i, 'PRESENT', value, items) : cell(i, 'ABSENT', ['NONE'], items);
    }),
  }));

  const lessons = LESSON_THEMES.filter(([theme]) =>
    selected.some(({ doc }) => (doc.lessons ?? []).some((l) => l.theme === theme)),
  ).map(([theme, name]) => ({
    key: theme as string,
    label: name as string,
    cells: selected.map(({ doc }, i) => {
      const items = (doc.lessons ?? [])
        .filter((l) => l.theme === theme)
        .map((l) =>
          item(part(doc, sources, l, l.title, { detail: l.detail }), {
            evidenceStrength: l.evidenceStrength ?? null,
            transferability: l.transferability ?? null,
          }),
        );
      return cell(i, items.length ? 'PRESENT' : 'NO_DATA', [], items);
    }),
  }));

  const finish = (rows: { key: string; label: string; cells: ExpectedCell[] }[], judged = true): ExpectedRow[] =>
    rows.map((row) => {
      const recorded = row.cells.filter((c) => c.status !== 'NO_DATA');
      const base = baselineIndex === null ? undefined : row.cells[baselineIndex];
      const standing = (c: ExpectedCell): Standing | null => {
        if (!judged || !base || c.caseIndex === baselineIndex) return null;
        if (c.status === 'NO_DATA') return 'NOT_RECORDED';
        if (base.status === 'NO_DATA') return 'BASELINE_NOT_RECORDED';
        return c.value.join() === base.value.join() ? 'SAME' : 'DIFFERENT';
      };
      const cells = row.cells.map((c) => ({ ...c, versusBaseline: standing(c) }));
      const same =
        recorded.length === row.cells.length && recorded.every((c) => c.value.join() === recorded[0]!.value.join());
      return {
        key: row.key,
        label: row.label,
        withData: recorded.length,
        verdict: !judged ? 'NOT_JUDGED' : same ? 'SAME' : 'DIFFERENT',
        differFromBaseline: cells.filter((c) => c.versusBaseline === 'DIFFERENT').map((c) => c.caseIndex),
        cells,
      };
    });

  return [
    { kind: 'GOVERNANCE', rows: finish(governance) },
    { kind: 'RESPONSIBILITIES', rows: finish(responsibilities) },
    { kind: 'SHARED_ORGANISATIONS', rows: finish(shared) },
    { kind: 'CONNECTIONS', rows: finish(connections) },
    { kind: 'LESSONS', rows: finish(lessons, false) },
  ];
}

export const expectedBaselineIndex = (selected: Selected[]): number | null => {
  const i = selected.findIndex((s) => s.doc.baseline);
  return i === -1 ? null : i;
};

/** Every selected case's events on one axis: by earliest day, coarser dates first, then case and document order. */
export function expectedTimeline(
  selected: Selected[],
): { caseIndex: number; key: string; title: string; date: string }[] {
  return selected
    .flatMap(({ doc }, caseIndex) =>
      (doc.timeline ?? []).map((e, position) => ({
        caseIndex,
        position,
        key: e.key,
        title: e.title,
        date: e.date,
        ...dateSpan(e.date),
      })),
    )
    .sort(
      (a, b) =>
        (a.earliest < b.earliest ? -1 : a.earliest > b.earliest ? 1 : 0) ||
        a.rank - b.rank ||
        a.caseIndex - b.caseIndex ||
        a.position - b.position,
    )
    .map(({ caseIndex, key, title, date }) => ({ caseIndex, key, title, date }));
}

/**
 * Common approaches counted from expected grids, lessons left out: per judged row, each value
 * held by two or more cases, and in the shared-organisation section each sharing held for one
 * function (`['ONE_BODY', 'DELIVERY']`) by two or more cases, whoever the bodies; cases not
 * recording the row are named, not counted. Those not every case shares come first, most shared
 * first; ties in the grid's order.
 */
export function recountCommonApproaches(sections: ExpectedSection[]): Omit<GqlCommonApproach, 'sentence'>[] {
  const out: Omit<GqlCommonApproach, 'sentence'>[] = [];
  for (const section of sections) {
    if (section.kind === 'LESSONS') continue;
    for (const row of section.rows) {
      const recorded = row.cells.filter((c) => c.status !== 'NO_DATA');
      const groups: { value: string[]; members: ExpectedCell[] }[] =
        section.kind === 'SHARED_ORGANISATIONS'
          ? ['ONE_BODY', 'SAME_KIND_AT_TIER'].flatMap((how) =>
              FUNCTIONS.map((fn) => ({
                value: [how, fn],
                members: recorded.filter((c) => c.value[0] === how && c.value.some((v) => v.startsWith(`${fn}@`))),
              })),
            )
          : unique(recorded.map((c) => JSON.stringify(c.value))).map((value) => ({
              value: JSON.parse(value) as string[],
              members: recorded.filter((c) => JSON.stringify(c.value) === value),
            }));
      for (const { value, members } of groups) {
        if (members.length < 2) continue;
        out.push({
          section: section.kind,
          rowKey: row.key,
          rowLabel: row.label,
          value,
          sharedBy: members.map((c) => c.caseIndex),
          differ: recorded.filter((c) => !members.includes(c)).map((c) => c.caseIndex),
          noData: row.cells.filter((c) => c.status === 'NO_DATA').map((c) => c.caseIndex),
        });
      }
    }
  }
  const everyone = (a: (typeof out)[number]) => (a.differ.length + a.noData.length === 0 ? 1 : 0);
  return out
    .map((a, position) => ({ a, position }))
    .sort(
      (x, y) => everyone(x.a) - everyone(y.a) || y.a.sharedBy.length - x.a.sharedBy.length || x.position - y.position,
    )
    .map((x) => x.a);
}
