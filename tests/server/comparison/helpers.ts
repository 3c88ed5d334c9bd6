import { readFileSync } from 'node:fs';
import path from 'node:path';
import { print } from 'graphql';
import type { DataSource } from 'typeorm';
import { parse } from 'yaml';
import {
  FUNCTIONS,
  LESSON_THEMES,
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

/** The client's Compare query, as the app sends it. */
/** The exact document the app's Compare page sends, fragments included. */
export const COMPARISON_QUERY = print(ComparisonDocument);

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
  uncertain: boolean;
  uncertaintyNote: string | null;
  citations: GqlCitation[];
}
export interface GqlItem extends GqlPart {
  detail: string | null;
  tier: string | null;
  parts: GqlPart[];
}
export interface GqlCell {
  caseIndex: number;
  status: 'PRESENT' | 'ABSENT' | 'NO_DATA';
  value: string[];
  uncertain: boolean;
  differsFromBaseline: boolean | null;
  items: GqlItem[];
}
export interface GqlRow {
  key: string;
  label: string;
  withData: number;
  agree: boolean;
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

/** Runs the client's Compare query and fails on any error. */
export async function compare(server: TestServer, cases: Selector[]): Promise<GqlComparison> {
  const { status, body } = await server.graphql<{ comparison: GqlComparison }>(COMPARISON_QUERY, { cases });
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
  uncertain: boolean;
  uncertaintyNote: string | null;
  citations: ExpectedCitation[];
}
export interface ExpectedItem extends ExpectedPart {
  detail: string | null;
  tier: string | null;
  parts: ExpectedPart[];
}
export interface ExpectedCell {
  caseIndex: number;
  status: 'PRESENT' | 'ABSENT' | 'NO_DATA';
  value: string[];
  uncertain: boolean;
  differsFromBaseline: boolean | null;
  items: ExpectedItem[];
}
export interface ExpectedRow {
  key: string;
  label: string;
  withData: number;
  agree: boolean;
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
  uncertain: p.uncertain,
  uncertaintyNote: p.uncertaintyNote,
  citations: p.citations.map(plainCitation),
});
export const plainItem = (i: GqlItem): ExpectedItem => ({
  ...plainPart(i),
  detail: i.detail,
  tier: i.tier,
  parts: i.parts.map(plainPart),
});
export const plainCell = (c: GqlCell): ExpectedCell => ({
  caseIndex: c.caseIndex,
  status: c.status,
  value: c.value,
  uncertain: c.uncertain,
  differsFromBaseline: c.differsFromBaseline,
  items: c.items.map(plainItem),
});
export const plainRow = (r: GqlRow): ExpectedRow => ({
  key: r.key,
  label: r.label,
  withData: r.withData,
  agree: r.agree,
  differFromBaseline: r.differFromBaseline,
  cells: r.cells.map(plainCell),
});

const TIER_LABEL: Record<string, string> = { NATIONAL: 'National', REGIONAL: 'Regional', LOCAL: 'Local' };
const tierRank = (tier: string) => (TIERS as readonly string[]).indexOf(tier);
const areaName = (key: string) => SERVICE_AREAS.find(([k]) => k === key)![1];
const areaRank = (key: string) => SERVICE_AREAS.findIndex(([k]) => k === key);

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

function part(doc: CaseProfileDoc, sources: SourceTable, claim: Claim, label: string): ExpectedPart {
  return {
    key: claim.key,
    label,
    uncertain: claim.uncertain ?? false,
    uncertaintyNote: claim.note ?? null,
    citations: citations(doc, sources, claim.cite),
  };
}

function cell(caseIndex: number, status: ExpectedCell['status'], value: string[], items: ExpectedItem[]): ExpectedCell {
  const uncertain = items.some((i) => i.uncertain || i.parts.some((p) => p.uncertain));
  return { caseIndex, status, value, uncertain, differsFromBaseline: null, items };
}

/** Every responsibility of a period in document order, with its body and tier. */
function responsibilitiesOf(period: PeriodDoc) {
  return (period.levels ?? []).flatMap((level) =>
    (level.bodies ?? []).flatMap((body) => (body.responsibilities ?? []).map((r) => ({ r, body, tier: level.tier }))),
  );
}

/** The pair of areas a connection joins, in vocabulary order. */
function pairOf(between: [string, string]): [string, string] {
  return [...between].sort((a, b) => areaRank(a) - areaRank(b)) as [string, string];
}

/** The grids of a comparison, computed from the documents alone. */
export function expectedSections(selected: Selected[], sources: SourceTable): ExpectedSection[] {
  const periods = selected.map((s) => periodOf(s.doc, s.asOf));
  const baselineIndex = expectedBaselineIndex(selected);

  const governance = TIERS.map((tier) => ({
    key: tier as string,
    label: TIER_LABEL[tier]!,
    cells: selected.map(({ doc }, i) => {
      const levels = (periods[i]!.levels ?? []).filter((l) => l.tier === tier);
      const status = levels.length === 0 ? 'NO_DATA' : levels.every((l) => l.absent) ? 'ABSENT' : 'PRESENT';
      const items = levels.map((l) => ({
        ...part(doc, sources, l, l.unitCount === undefined ? l.name : `${l.name} (${l.unitCount})`),
        detail: l.description ?? null,
        tier: l.tier,
        parts: (l.bodies ?? []).map((b) => part(doc, sources, b, b.name)),
      }));
      return cell(i, status, status === 'NO_DATA' ? [] : [status === 'PRESENT' ? 'present' : 'absent'], items);
    }),
  }));

  const responsibilities = SERVICE_AREAS.flatMap(([area, name]) =>
    FUNCTIONS.filter((fn) =>
      periods.some((p) => responsibilitiesOf(p).some(({ r }) => r.serviceArea === area && r.function === fn)),
    ).map((fn) => ({
      key: `${area}:${fn}`,
      label: `${name}: ${fn[0]}${fn.slice(1).toLowerCase()}`,
      cells: selected.map(({ doc }, i) => {
        const held = responsibilitiesOf(periods[i]!).filter(({ r }) => r.serviceArea === area && r.function === fn);
        const items = held.map(({ r, body, tier }) => ({
          ...part(doc, sources, r, body.name),
          detail: r.description ?? null,
          tier,
          parts: [],
        }));
        const tiers = [...new Set(held.map((h) => h.tier))].sort((a, b) => tierRank(a) - tierRank(b));
        return cell(i, held.length ? 'PRESENT' : 'NO_DATA', tiers, items);
      }),
    })),
  );

  const pairs = [...new Set(periods.flatMap((p) => (p.connections ?? []).map((c) => pairOf(c.between).join('+'))))]
    .map((key) => key.split('+') as [string, string])
    .sort(([a1, b1], [a2, b2]) => areaRank(a1) - areaRank(a2) || areaRank(b1) - areaRank(b2));
  const connections = pairs.map(([a, b]) => ({
    key: `${a}+${b}`,
    label: `${areaName(a)} and ${areaName(b)}`,
    cells: selected.map(({ doc }, i) => {
      const found = (periods[i]!.connections ?? []).filter((c) => pairOf(c.between).join('+') === `${a}+${b}`);
      const mechanisms = [...new Set(found.flatMap((c) => c.mechanisms))].sort(
        (x, y) => MECHANISMS.indexOf(x) - MECHANISMS.indexOf(y),
      );
      const status = found.length === 0 ? 'NO_DATA' : mechanisms.every((m) => m === 'NONE') ? 'ABSENT' : 'PRESENT';
      const items = found.map((c) => ({
        ...part(doc, sources, c, c.mechanisms.map((m) => m.toLowerCase().replaceAll('_', ' ')).join(', ')),
        detail: c.description ?? null,
        tier: c.tier ?? null,
        parts: [],
      }));
      return cell(i, status, mechanisms, items);
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
        .map((l) => ({ ...part(doc, sources, l, l.title), detail: l.detail, tier: null, parts: [] }));
      return cell(i, items.length ? 'PRESENT' : 'NO_DATA', items.length ? ['present'] : [], items);
    }),
  }));

  const finish = (rows: { key: string; label: string; cells: ExpectedCell[] }[]): ExpectedRow[] =>
    rows.map((row) => {
      const withData = row.cells.filter((c) => c.status !== 'NO_DATA');
      const base = baselineIndex === null ? undefined : row.cells[baselineIndex];
      const cells = row.cells.map((c) => ({
        ...c,
        differsFromBaseline:
          !base || c.caseIndex === baselineIndex || base.status === 'NO_DATA' || c.status === 'NO_DATA'
            ? null
            : c.value.join() !== base.value.join(),
      }));
      return {
        key: row.key,
        label: row.label,
        withData: withData.length,
        agree: withData.length >= 2 && withData.every((c) => c.value.join() === withData[0]!.value.join()),
        differFromBaseline: cells.filter((c) => c.differsFromBaseline === true).map((c) => c.caseIndex),
        cells,
      };
    });

  return [
    { kind: 'GOVERNANCE', rows: finish(governance) },
    { kind: 'RESPONSIBILITIES', rows: finish(responsibilities) },
    { kind: 'CONNECTIONS', rows: finish(connections) },
    { kind: 'LESSONS', rows: finish(lessons) },
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

const SECTION_ORDER = ['GOVERNANCE', 'RESPONSIBILITIES', 'CONNECTIONS', 'LESSONS'];

/**
 * Common approaches counted from expected grids: per row, each value held by two or more cases
 * with data; cases without data are named but not counted. Most shared first, then by section,
 * row key and value.
 */
export function recountCommonApproaches(sections: ExpectedSection[]): GqlCommonApproach[] {
  const out: GqlCommonApproach[] = [];
  for (const section of sections) {
    for (const row of section.rows) {
      const withData = row.cells.filter((c) => c.status !== 'NO_DATA');
      const values = [...new Set(withData.map((c) => JSON.stringify(c.value)))];
      for (const value of values) {
        const sharedBy = withData.filter((c) => JSON.stringify(c.value) === value).map((c) => c.caseIndex);
        if (sharedBy.length < 2) continue;
        out.push({
          section: section.kind,
          rowKey: row.key,
          rowLabel: row.label,
          value: JSON.parse(value) as string[],
          sharedBy,
          differ: withData.filter((c) => JSON.stringify(c.value) !== value).map((c) => c.caseIndex),
          noData: row.cells.filter((c) => c.status === 'NO_DATA').map((c) => c.caseIndex),
        });
      }
    }
  }
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return out.sort(
    (a, b) =>
      b.sharedBy.length - a.sharedBy.length ||
      SECTION_ORDER.indexOf(a.section) - SECTION_ORDER.indexOf(b.section) ||
      cmp(a.rowKey, b.rowKey) ||
      cmp(a.value.join('+'), b.value.join('+')),
  );
}
