import { In, type DataSource } from 'typeorm';
import {
  FUNCTIONS,
  FUNCTION_LABELS,
  MAX_CASES,
  MECHANISMS,
  MIN_CASES,
  TIERS,
  TIER_LABELS,
  dateProblem,
  formatSelector,
  levelTitle,
  tierPresence,
  words,
  type Selector,
} from '@casebook/schema';
import { AppError, ErrorCode, type UserError } from '../../common/errors.js';
import { CaseStudy } from '../case-study/case-study.entity.js';
import { ServiceConnection } from '../connection/connection.entity.js';
import { Body, GovernanceLevel, Responsibility, StructurePeriod, TIER_ORDER } from '../governance/governance.entity.js';
import { ReformLesson } from '../lesson/lesson.entity.js';
import { Citation } from '../source/source.entity.js';
import { TimelineEvent } from '../timeline/timeline.entity.js';
import { LessonTheme, ServiceArea } from '../vocabulary/vocabulary.entity.js';
import {
  CellStatus,
  ChangeKind,
  ComparisonSectionKind,
  PART_COVERAGE,
  PartKind,
  type CellItem,
  type CommonApproach,
  type Comparison,
  type ComparedCase,
  type ComparisonCell,
  type ComparisonRow,
  type ComparisonSection,
  type FieldChange,
  type StructuralChange,
  type StructuralDiff,
} from './comparison.types.js';

/** Everything the engine needs about the selected structures, loaded in a fixed number of queries. */
interface Loaded {
  cases: ComparedCase[];
  levels: Map<string, GovernanceLevel[]>;
  bodies: Map<string, Body[]>;
  responsibilities: Map<string, Responsibility[]>;
  connections: Map<string, ServiceConnection[]>;
  events: Map<string, TimelineEvent[]>;
  lessons: Map<string, ReformLesson[]>;
  citations: Map<string, Citation[]>;
  areas: Map<string, ServiceArea>;
  themes: Map<string, LessonTheme>;
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
}

const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;

/** The period of a case in force on a day, or the current one. */
function periodOn(periods: StructurePeriod[], asOf: string | undefined): StructurePeriod | undefined {
  if (!asOf) return periods.find((p) => p.current) ?? periods[periods.length - 1];
  return periods.find(
    (p) => (p.validFrom === null || p.validFrom.earliest <= asOf) && (p.validTo === null || asOf <= p.validTo.latest),
  );
}

/** How a period's span reads in an error message. */
const span = (p: StructurePeriod) => `${p.validFrom?.text ?? 'an unknown start'} to ${p.validTo?.text ?? 'now'}`;

/**
 * The comparison engine: aligned grids, a shared timeline, common approaches and structural
 * differences for any set of cases, from one load of the read model.
 */
export class ComparisonService {
  constructor(private readonly dataSource: DataSource) {}

  /** Resolves selectors to published cases and periods; every bad selector is reported at once. */
  private async resolve(selectors: Selector[], field: (i: number) => string): Promise<ComparedCase[]> {
    const slugs = [...new Set(selectors.map((s) => s.slug))];
    const cases = await this.dataSource.getRepository(CaseStudy).find({ where: { slug: In(slugs) } });
    const bySlug = new Map(cases.filter((c) => c.editionId).map((c) => [c.slug, c]));
    const periods = groupBy(
      (
        await this.dataSource
          .getRepository(StructurePeriod)
          .find({ where: { editionId: In([...bySlug.values()].map((c) => c.editionId!)) } })
      ).sort(byPosition),
      (p) => p.editionId,
    );
    const problems: UserError[] = [];
    const resolved: ComparedCase[] = [];
    selectors.forEach((selector, index) => {
      const c = bySlug.get(selector.slug);
      if (!c) {
        problems.push({
          field: `${field(index)}.slug`,
          code: ErrorCode.BAD_USER_INPUT,
          message: `There is no published case "${selector.slug}".`,
        });
        return;
      }
      if (selector.asOf !== undefined) {
        const problem = dateProblem(selector.asOf);
        if (problem) {
          problems.push({
            field: `${field(index)}.asOf`,
            code: ErrorCode.BAD_USER_INPUT,
            message: `${formatSelector(selector)}: ${problem}.`,
          });
          return;
        }
      }
      const casePeriods = periods.get(c.editionId!) ?? [];
      const period = periodOn(casePeriods, selector.asOf);
      if (!period) {
        problems.push({
          field: `${field(index)}.asOf`,
          code: ErrorCode.BAD_USER_INPUT,
          message: `${c.name} has no period in force on ${selector.asOf}; its periods run ${casePeriods.map(span).join(', ')}.`,
        });
        return;
      }
      resolved.push({
        index,
        selector: formatSelector(selector),
        asOf: selector.asOf ?? null,
        baseline: c.baseline,
        caseStudy: c,
        period,
      });
    });
    if (problems.length) {
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        problems.map((p) => p.message).join(' '),
        problems[0]!.field ?? undefined,
        problems,
      );
    }
    return resolved;
  }

  private async load(cases: ComparedCase[]): Promise<Loaded> {
    const periodIds = cases.map((c) => c.period.id);
    const editionIds = [...new Set(cases.map((c) => c.caseStudy.editionId!))];
    const ds = this.dataSource;
    const [levels, bodies, responsibilities, connections, events, lessons, areas, themes] = await Promise.all([
      ds.getRepository(GovernanceLevel).find({ where: { periodId: In(periodIds) } }),
      ds.getRepository(Body).find({ where: { periodId: In(periodIds) } }),
      ds.getRepository(Responsibility).find({ where: { periodId: In(periodIds) } }),
      ds.getRepository(ServiceConnection).find({ where: { periodId: In(periodIds) } }),
      ds
        .getRepository(TimelineEvent)
        .find({ where: { editionId: In(editionIds) }, order: { dateStart: 'ASC', dateRank: 'ASC', position: 'ASC' } }),
      ds.getRepository(ReformLesson).find({ where: { editionId: In(editionIds) } }),
      ds.getRepository(ServiceArea).find({ order: { position: 'ASC' } }),
      ds.getRepository(LessonTheme).find({ order: { position: 'ASC' } }),
    ]);
    const claimIds = [...levels, ...bodies, ...responsibilities, ...connections, ...lessons].map((x) => x.id);
    const citations = claimIds.length
      ? await ds.getRepository(Citation).find({ where: { claimId: In(claimIds) }, order: { position: 'ASC' } })
      : [];
    // A responsibility's position counts within its body, so document order is level, body, then it.
    const levelOf = new Map(levels.map((l) => [l.id, l.position]));
    const bodyOf = new Map(bodies.map((b) => [b.id, [levelOf.get(b.levelId)!, b.position]] as const));
    const rank = (r: Responsibility): [number, number, number] => [...bodyOf.get(r.bodyId)!, r.position];
    const inDocumentOrder = (a: Responsibility, b: Responsibility) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    };
    return {
      cases,
      levels: groupBy(levels.sort(byPosition), (l) => l.periodId),
      bodies: groupBy(bodies.sort(byPosition), (b) => b.levelId),
      responsibilities: groupBy(responsibilities.sort(inDocumentOrder), (r) => r.periodId),
      connections: groupBy(connections.sort(byPosition), (c) => c.periodId),
      events: groupBy(events, (e) => e.editionId),
      lessons: groupBy(lessons.sort(byPosition), (l) => l.editionId),
      citations: groupBy(citations, (c) => c.claimId),
      areas: new Map(areas.map((a) => [a.id, a])),
      themes: new Map(themes.map((t) => [t.id, t])),
    };
  }

  /** Compares MIN_CASES to MAX_CASES cases (schema/limits.json), each optionally at a date. */
  async compare(selectors: Selector[]): Promise<Comparison> {
    if (selectors.length < MIN_CASES || selectors.length > MAX_CASES) {
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        `Compare ${MIN_CASES} to ${MAX_CASES} cases; ${selectors.length} were given.`,
        'cases',
      );
    }
    const cases = await this.resolve(selectors, (i) => `cases.${i}`);
    const data = await this.load(cases);
    const baselineIndex = cases.find((c) => c.baseline)?.index ?? null;
    const sections = [
      this.governance(data),
      this.responsibilityGrid(data),
      this.connectionGrid(data),
      this.lessonGrid(data),
    ].map((s) => finishSection(s, baselineIndex));
    const timeline = cases
      .flatMap((c) => (data.events.get(c.caseStudy.editionId!) ?? []).map((event) => ({ caseIndex: c.index, event })))
      .sort(
        (a, b) =>
          a.event.dateStart.localeCompare(b.event.dateStart) ||
          a.event.dateRank - b.event.dateRank ||
          a.caseIndex - b.caseIndex ||
          a.event.position - b.event.position,
      );
    return { cases, baselineIndex, sections, timeline, commonApproaches: commonApproaches(sections) };
  }

  private item(
    data: Loaded,
    claim: { id: string; key: string; uncertain: boolean; note: string | null },
    label: string,
    extra: Partial<CellItem> = {},
  ): CellItem {
    return {
      key: claim.key,
      label,
      detail: null,
      tier: null,
      uncertain: claim.uncertain,
      uncertaintyNote: claim.note,
      citations: data.citations.get(claim.id) ?? [],
      parts: [],
      ...extra,
    };
  }

  private governance(
    data: Loaded,
  ): Omit<ComparisonSection, 'rows'> & { rows: Omit<ComparisonRow, 'agree' | 'withData' | 'differFromBaseline'>[] } {
    const rows = TIERS.map((tier) => ({
      key: tier,
      label: TIER_LABELS[tier],
      cells: data.cases.map((c): ComparisonCell => {
        const levels = (data.levels.get(c.period.id) ?? []).filter((l) => l.tier === tier);
        const status = CellStatus[tierPresence(levels, tier)];
        const items = levels.map((l) =>
          this.item(data, l, levelTitle(l), {
            detail: l.description,
            tier: l.tier,
            parts: (data.bodies.get(l.id) ?? []).map((b) =>
              this.item(data, b, b.name, { detail: b.description, tier: l.tier }),
            ),
          }),
        );
        return cell(
          c.index,
          status,
          status === CellStatus.NO_DATA ? [] : [status === CellStatus.PRESENT ? 'present' : 'absent'],
          items,
        );
      }),
    }));
    return { kind: ComparisonSectionKind.GOVERNANCE, title: 'Governance levels', rows };
  }

  private responsibilityGrid(data: Loaded) {
    const levelById = new Map([...data.levels.values()].flat().map((l) => [l.id, l]));
    const bodyById = new Map([...data.bodies.values()].flat().map((b) => [b.id, b]));
    const present = new Set([...data.responsibilities.values()].flat().map((r) => `${r.serviceAreaId}:${r.function}`));
    const rows = [...data.areas.values()].flatMap((area) =>
      FUNCTIONS.filter((fn) => present.has(`${area.id}:${fn}`)).map((fn) => ({
        key: `${area.key}:${fn}`,
        label: `${area.name}: ${FUNCTION_LABELS[fn]}`,
        cells: data.cases.map((c): ComparisonCell => {
          const held = (data.responsibilities.get(c.period.id) ?? []).filter(
            (r) => r.serviceAreaId === area.id && r.function === fn,
          );
          const items = held.map((r) => {
            const body = bodyById.get(r.bodyId)!;
            const tier = levelById.get(body.levelId)!.tier;
            return this.item(data, r, body.name, { detail: r.description, tier });
          });
          const tiers = [...new Set(items.map((i) => i.tier!))].sort((a, b) => TIER_ORDER[a] - TIER_ORDER[b]);
          return cell(c.index, items.length ? CellStatus.PRESENT : CellStatus.NO_DATA, tiers, items);
        }),
      })),
    );
    return { kind: ComparisonSectionKind.RESPONSIBILITIES, title: 'Who holds which function', rows };
  }

  private connectionGrid(data: Loaded) {
    const pairKey = (c: ServiceConnection) => {
      const [a, b] = [data.areas.get(c.areaAId)!, data.areas.get(c.areaBId)!].sort((x, y) => x.position - y.position);
      return { key: `${a!.key}+${b!.key}`, label: `${a!.name} and ${b!.name}`, order: a!.position * 100 + b!.position };
    };
    const pairs = new Map<string, { key: string; label: string; order: number }>();
    for (const c of [...data.connections.values()].flat()) pairs.set(pairKey(c).key, pairKey(c));
    const rows = [...pairs.values()]
      .sort((a, b) => a.order - b.order)
      .map((pair) => ({
        key: pair.key,
        label: pair.label,
        cells: data.cases.map((c): ComparisonCell => {
          const found = (data.connections.get(c.period.id) ?? []).filter((conn) => pairKey(conn).key === pair.key);
          const mechanisms = [...new Set(found.flatMap((f) => f.mechanisms))].sort(
            (a, b) => MECHANISMS.indexOf(a) - MECHANISMS.indexOf(b),
          );
          const status =
            found.length === 0
              ? CellStatus.NO_DATA
              : mechanisms.every((m) => m === 'NONE')
                ? CellStatus.ABSENT
                : CellStatus.PRESENT;
          const items = found.map((f) =>
            this.item(data, f, f.mechanisms.map(words).join(', '), { detail: f.description, tier: f.tier }),
          );
          return cell(c.index, status, mechanisms, items);
        }),
      }));
    return { kind: ComparisonSectionKind.CONNECTIONS, title: 'How services connect', rows };
  }

  private lessonGrid(data: Loaded) {
    const all = data.cases.flatMap((c) => data.lessons.get(c.caseStudy.editionId!) ?? []);
    const used = new Set(all.map((l) => l.themeId));
    const rows = [...data.themes.values()]
      .filter((t) => used.has(t.id))
      .map((theme) => ({
        key: theme.key,
        label: theme.name,
        cells: data.cases.map((c): ComparisonCell => {
          const lessons = (data.lessons.get(c.caseStudy.editionId!) ?? []).filter((l) => l.themeId === theme.id);
          const items = lessons.map((l) => this.item(data, l, l.title, { detail: l.detail }));
          return cell(
            c.index,
            items.length ? CellStatus.PRESENT : CellStatus.NO_DATA,
            items.length ? ['present'] : [],
            items,
          );
        }),
      }));
    return { kind: ComparisonSectionKind.LESSONS, title: 'Lessons by theme', rows };
  }

  /** Levels, bodies, responsibilities and connections added, removed or changed, by key. */
  async structuralDiff(from: Selector, to: Selector): Promise<StructuralDiff> {
    // Both selectors are resolved together, so that a bad `from` and a bad `to` are named at once.
    const [a, b] = await this.resolve([from, to], (i) => (i === 0 ? 'from' : 'to'));
    const data = await this.load([a!, { ...b!, index: 1 }]);
    const parts = (c: ComparedCase) => {
      const levels = data.levels.get(c.period.id) ?? [];
      const levelById = new Map(levels.map((l) => [l.id, l]));
      const bodies = levels.flatMap((l) => data.bodies.get(l.id) ?? []);
      const bodyById = new Map(bodies.map((x) => [x.id, x]));
      const area = (id: string) => data.areas.get(id)!.key;
      // Labels are read by people: service areas and functions in words, as the grid shows them.
      const areaName = (id: string) => data.areas.get(id)!.name;
      const rows: {
        part: PartKind;
        key: string;
        label: string;
        tier: GovernanceLevel['tier'] | null;
        fields: Record<string, string | null>;
      }[] = [
        ...levels.map((l) => ({
          part: PartKind.LEVEL,
          key: l.key,
          label: l.name,
          tier: l.tier,
          fields: {
            tier: l.tier,
            name: l.name,
            unitCount: l.unitCount?.toString() ?? null,
            absent: String(l.absent),
            description: l.description,
            uncertain: String(l.uncertain),
          },
        })),
        ...bodies.map((x) => ({
          part: PartKind.BODY,
          key: x.key,
          label: x.name,
          tier: levelById.get(x.levelId)!.tier,
          fields: {
            name: x.name,
            type: x.type,
            level: levelById.get(x.levelId)!.key,
            description: x.description,
            uncertain: String(x.uncertain),
          },
        })),
        ...(data.responsibilities.get(c.period.id) ?? []).map((r) => {
          const body = bodyById.get(r.bodyId)!;
          return {
            part: PartKind.RESPONSIBILITY,
            key: r.key,
            label: `${body.name}: ${FUNCTION_LABELS[r.function].toLowerCase()} (${areaName(r.serviceAreaId)})`,
            tier: levelById.get(body.levelId)!.tier,
            fields: {
              function: r.function,
              serviceArea: area(r.serviceAreaId),
              body: body.key,
              description: r.description,
              uncertain: String(r.uncertain),
            },
          };
        }),
        ...(data.connections.get(c.period.id) ?? []).map((x) => ({
          part: PartKind.CONNECTION,
          key: x.key,
          label: `${areaName(x.areaAId)} and ${areaName(x.areaBId)}`,
          tier: x.tier,
          fields: {
            between: `${area(x.areaAId)}, ${area(x.areaBId)}`,
            mechanisms: x.mechanisms.join(', '),
            tier: x.tier,
            description: x.description,
            uncertain: String(x.uncertain),
          },
        })),
      ];
      return new Map(rows.map((r) => [`${r.part}:${r.key}`, r]));
    };
    const before = parts(a!);
    const after = parts({ ...b!, index: 1 });
    // A part one side lacks is gone (or new) only where that side records its section completely;
    // elsewhere the side is silent about it, and the part is not recorded there. A responsibility
    // is gone with its body, too, where the side records every body.
    type Row = typeof before extends Map<string, infer R> ? R : never;
    const absentFrom = (c: ComparedCase, parts: typeof before, row: Row) => {
      const coverage = c.period.coverage;
      if (coverage[PART_COVERAGE[row.part]] === 'COMPLETE') return true;
      return (
        row.part === PartKind.RESPONSIBILITY && coverage.levels === 'COMPLETE' && !parts.has(`BODY:${row.fields.body}`)
      );
    };
    const onlyIn = (
      side: typeof before,
      other: typeof after,
      otherCase: ComparedCase,
      gone: ChangeKind,
      unrecorded: ChangeKind,
    ) =>
      [...side]
        .filter(([id]) => !other.has(id))
        .map(([, row]): StructuralChange => ({
          part: row.part,
          change: absentFrom(otherCase, other, row) ? gone : unrecorded,
          key: row.key,
          label: row.label,
          tier: row.tier,
          fields: [],
        }));
    const fromOnly = onlyIn(before, after, b!, ChangeKind.REMOVED, ChangeKind.NOT_RECORDED_AFTER);
    const toOnly = onlyIn(after, before, a!, ChangeKind.ADDED, ChangeKind.NOT_RECORDED_BEFORE);
    const of = (list: StructuralChange[], change: ChangeKind) => list.filter((c) => c.change === change);
    const changes: StructuralChange[] = [...of(fromOnly, ChangeKind.REMOVED), ...of(toOnly, ChangeKind.ADDED)];
    for (const [id, row] of after) {
      const old = before.get(id);
      if (!old) continue;
      const fields: FieldChange[] = Object.keys(row.fields)
        .filter((f) => row.fields[f] !== old.fields[f])
        .map((f) => ({ field: f, before: old.fields[f] ?? null, after: row.fields[f] ?? null }));
      if (fields.length)
        changes.push({
          part: row.part,
          change: ChangeKind.CHANGED,
          key: row.key,
          label: row.label,
          tier: row.tier,
          fields,
        });
    }
    changes.push(...of(toOnly, ChangeKind.NOT_RECORDED_BEFORE), ...of(fromOnly, ChangeKind.NOT_RECORDED_AFTER));
    return { from: a!, to: { ...b!, index: 1 }, changes };
  }
}

function cell(caseIndex: number, status: CellStatus, value: string[], items: CellItem[]): ComparisonCell {
  const uncertain = items.some((i) => i.uncertain || i.parts.some((p) => p.uncertain));
  return { caseIndex, status, value, items, uncertain, differsFromBaseline: null };
}

const valueKey = (value: string[]) => value.join('+');

/** Adds agreement and baseline differences to each row. */
function finishSection(
  section: Omit<ComparisonSection, 'rows'> & {
    rows: Omit<ComparisonRow, 'agree' | 'withData' | 'differFromBaseline'>[];
  },
  baselineIndex: number | null,
): ComparisonSection {
  return {
    ...section,
    rows: section.rows.map((row) => {
      const withData = row.cells.filter((c) => c.status !== CellStatus.NO_DATA);
      const agree = withData.length >= 2 && new Set(withData.map((c) => valueKey(c.value))).size === 1;
      const base = baselineIndex === null ? undefined : row.cells[baselineIndex];
      const cells = row.cells.map((c) => ({
        ...c,
        differsFromBaseline:
          !base ||
          c.caseIndex === baselineIndex ||
          base.status === CellStatus.NO_DATA ||
          c.status === CellStatus.NO_DATA
            ? null
            : valueKey(c.value) !== valueKey(base.value),
      }));
      return {
        ...row,
        cells,
        withData: withData.length,
        agree,
        differFromBaseline: cells.filter((c) => c.differsFromBaseline === true).map((c) => c.caseIndex),
      };
    }),
  };
}

const SECTION_ORDER = Object.values(ComparisonSectionKind);

/** Every value shared by two or more cases in a row; most shared first, ties by section, row and value. */
function commonApproaches(sections: ComparisonSection[]): CommonApproach[] {
  const out: CommonApproach[] = [];
  for (const section of sections) {
    for (const row of section.rows) {
      const withData = row.cells.filter((c) => c.status !== CellStatus.NO_DATA);
      const groups = groupBy(withData, (c) => valueKey(c.value));
      for (const [, members] of groups) {
        if (members.length < 2) continue;
        out.push({
          section: section.kind,
          rowKey: row.key,
          rowLabel: row.label,
          value: members[0]!.value,
          sharedBy: members.map((c) => c.caseIndex),
          differ: withData.filter((c) => !members.includes(c)).map((c) => c.caseIndex),
          noData: row.cells.filter((c) => c.status === CellStatus.NO_DATA).map((c) => c.caseIndex),
        });
      }
    }
  }
  const tieKey = (a: CommonApproach) => `${SECTION_ORDER.indexOf(a.section)}|${a.rowKey}|${valueKey(a.value)}`;
  return out.sort(
    (a, b) => b.sharedBy.length - a.sharedBy.length || (tieKey(a) < tieKey(b) ? -1 : tieKey(a) > tieKey(b) ? 1 : 0),
  );
}
