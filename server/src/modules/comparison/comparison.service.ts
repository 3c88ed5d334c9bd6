import { In, type DataSource } from 'typeorm';
import {
  BODY_TYPES,
  BODY_TYPE_LABELS,
  FUNCTIONS,
  FUNCTION_LABELS,
  MECHANISM_LABELS,
  MAX_CASES,
  MECHANISMS,
  MIN_CASES,
  STRENGTH_LABELS,
  TIERS,
  TIER_LABELS,
  dateProblem,
  formatSelector,
  levelTitle,
  partialDateWords,
  levelUnits,
  tierPresence,
  type BodyType,
  type Mechanism,
  type Selector,
  type ResponsibilityFunction,
  type Tier,
} from '@casebook/schema';
import { AppError, ErrorCode, type UserError } from '../../common/errors.js';
import { CaseStudy } from '../case-study/case-study.entity.js';
import { ServiceConnection } from '../connection/connection.entity.js';
import { Body, GovernanceLevel, Responsibility, StructurePeriod } from '../governance/governance.entity.js';
import { ReformLesson } from '../lesson/lesson.entity.js';
import { Citation } from '../source/source.entity.js';
import { TimelineEvent } from '../timeline/timeline.entity.js';
import { LessonTheme, ServiceArea } from '../vocabulary/vocabulary.entity.js';
import {
  AsOfFit,
  BaselineComparison,
  CellStatus,
  ChangeKind,
  ComparisonSectionKind,
  PART_COVERAGE,
  PartKind,
  RowVerdict,
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
import {
  OrganisationSharing,
  listed,
  sharedOrganisationRows,
  sharedOrganisations,
  splitSharedFunction,
} from './shared-organisation.js';

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

/**
 * How a day asked for stands with the period found for it. A period without a recorded start takes
 * every earlier day, and the current one every later day, so the reader is told when either was
 * stretched to cover the day.
 */
function fitOf(period: StructurePeriod, asOf: string, today: string): AsOfFit {
  if (period.current && asOf > today) return AsOfFit.AFTER_TODAY;
  if (period.validFrom === null) return AsOfFit.EARLIEST_UNKNOWN_START;
  return AsOfFit.WITHIN;
}

/** A partial date in words, as people read it: "2009", "31 March 2022". */
const inWords = (d: { text: string } | null, missing: string) => (d ? partialDateWords(d.text) : missing);
/** How a period's span reads in an error message. */
const span = (p: StructurePeriod) => `${inWords(p.validFrom, 'an unknown start')} to ${inWords(p.validTo, 'now')}`;

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
    const today = new Date().toISOString().slice(0, 10);
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
          message: `${c.name} has no period in force on ${partialDateWords(selector.asOf!)}; its periods run from ${casePeriods.map(span).join(', from ')}.`,
        });
        return;
      }
      resolved.push({
        index,
        selector: formatSelector(selector),
        asOf: selector.asOf ?? null,
        asOfFit: selector.asOf ? fitOf(period, selector.asOf, today) : null,
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

  /**
   * The cases a selection names, each with the period it shows, without comparing them (a page's
   * title and description); refused as `compare` refuses a selection.
   */
  async identify(selectors: Selector[]): Promise<ComparedCase[]> {
    if (selectors.length < MIN_CASES || selectors.length > MAX_CASES) {
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        `Compare ${MIN_CASES} to ${MAX_CASES} cases; ${selectors.length} were given.`,
        'cases',
      );
    }
    return this.resolve(selectors, (i) => `cases.${i}`);
  }

  /** Compares MIN_CASES to MAX_CASES cases (schema/limits.json), each optionally at a date. */
  async compare(selectors: Selector[]): Promise<Comparison> {
    const cases = await this.identify(selectors);
    const data = await this.load(cases);
    const baselineIndex = cases.find((c) => c.baseline)?.index ?? null;
    const names = cases.map(caseName);
    const sections = [
      this.governance(data),
      this.responsibilityGrid(data),
      this.sharedOrganisationGrid(data),
      this.connectionGrid(data),
      this.lessonGrid(data),
    ].map((s) => finishSection(s, baselineIndex, names, areaNamer(data.areas)));
    const timeline = cases
      .flatMap((c) => (data.events.get(c.caseStudy.editionId!) ?? []).map((event) => ({ caseIndex: c.index, event })))
      .sort(
        (a, b) =>
          a.event.dateStart.localeCompare(b.event.dateStart) ||
          a.event.dateRank - b.event.dateRank ||
          a.caseIndex - b.caseIndex ||
          a.event.position - b.event.position,
      );
    return {
      cases,
      baselineIndex,
      sections,
      timeline,
      commonApproaches: commonApproaches(sections, names, areaNamer(data.areas)),
    };
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
      bodyType: null,
      evidenceStrength: null,
      transferability: null,
      extent: null,
      uncertain: claim.uncertain,
      uncertaintyNote: claim.note,
      citations: data.citations.get(claim.id) ?? [],
      parts: [],
      ...extra,
    };
  }

  private governance(data: Loaded): RawSection {
    const responsibilitiesOf = groupBy([...data.responsibilities.values()].flat(), (r) => r.bodyId);
    const rows = TIERS.map((tier): RawRow => ({
      key: tier,
      label: TIER_LABELS[tier],
      cells: data.cases.map((c): RawCell => {
        const levels = (data.levels.get(c.period.id) ?? []).filter((l) => l.tier === tier);
        const items = levels.map((l) =>
          this.item(data, l, levelTitle(l), {
            detail: l.description,
            tier: l.tier,
            extent: l.extent,
            parts: (data.bodies.get(l.id) ?? []).map((b) =>
              this.item(data, b, b.name, { detail: b.description, tier: l.tier, bodyType: b.type, extent: b.extent }),
            ),
          }),
        );
        const presence = tierPresence(levels, tier);
        if (presence === 'NO_DATA')
          return c.period.coverage.levels === 'COMPLETE'
            ? rawCell(c.index, CellStatus.ABSENT, ['absent'], 'No level at this tier.', items)
            : rawCell(c.index, CellStatus.NO_DATA, [], NOT_RECORDED, items);
        if (presence === 'ABSENT')
          return rawCell(
            c.index,
            CellStatus.ABSENT,
            ['absent'],
            `None: ${listed(levels.map((l) => levelTitle(l)))}.`,
            items,
          );
        // Each body at the tier as its kind and the service areas it holds; the same pair once,
        // whatever the number of bodies or units holding it.
        const held = levels
          .filter((l) => !l.absent)
          .flatMap((l) => {
            const bodies = data.bodies.get(l.id) ?? [];
            return bodies.map((b) => ({
              // A level's number of units belongs to its body when the level has only one.
              name: bodies.length === 1 ? `${b.name}${levelUnits(l)}` : b.name,
              type: b.type,
              areas: areasHeld(data, responsibilitiesOf.get(b.id) ?? []),
            }));
          });
        if (held.length === 0)
          return rawCell(
            c.index,
            CellStatus.PRESENT,
            ['no-bodies'],
            `${listed(levels.map((l) => levelTitle(l)))}, with no bodies recorded.`,
            items,
          );
        const groups = groupBy(held, (h) => `${h.type}:${h.areas.map((a) => a.key).join(',')}`);
        const value = [...groups.keys()].sort(byTypeThenKey);
        const text = value
          .map((key) => {
            const group = groups.get(key)!;
            const areas = group[0]!.areas;
            return `${listed(group.map((h) => h.name))}, ${BODY_TYPE_LABELS[group[0]!.type].toLowerCase()}: ${areas.length ? listed(areas.map(areaWords)) : 'no service area recorded'}`;
          })
          .join('; ');
        return rawCell(c.index, CellStatus.PRESENT, value, `${text}.`, items);
      }),
    })).filter((row) => row.cells.some((c) => c.status !== CellStatus.NO_DATA));
    return { kind: ComparisonSectionKind.GOVERNANCE, title: 'Governance levels', rows };
  }

  private responsibilityGrid(data: Loaded): RawSection {
    const levelById = new Map([...data.levels.values()].flat().map((l) => [l.id, l]));
    const bodyById = new Map([...data.bodies.values()].flat().map((b) => [b.id, b]));
    const present = new Set([...data.responsibilities.values()].flat().map((r) => `${r.serviceAreaId}:${r.function}`));
    const rows = [...data.areas.values()].flatMap((area) =>
      FUNCTIONS.filter((fn) => present.has(`${area.id}:${fn}`)).map((fn): RawRow => ({
        key: `${area.key}:${fn}`,
        label: `${area.name}: ${FUNCTION_LABELS[fn]}`,
        cells: data.cases.map((c): RawCell => {
          const held = (data.responsibilities.get(c.period.id) ?? []).filter(
            (r) => r.serviceAreaId === area.id && r.function === fn,
          );
          const items = held.map((r) => {
            const body = bodyById.get(r.bodyId)!;
            const tier = levelById.get(body.levelId)!.tier;
            return this.item(data, r, body.name, {
              detail: r.description,
              tier,
              bodyType: body.type,
              extent: r.extent,
            });
          });
          if (items.length === 0)
            return c.period.coverage.responsibilities === 'COMPLETE'
              ? rawCell(c.index, CellStatus.ABSENT, ['none'], 'No body holds this.', items)
              : rawCell(c.index, CellStatus.NO_DATA, [], NOT_RECORDED, items);
          const groups = groupBy(items, (i) => `${i.tier}:${i.bodyType}`);
          const value = [...groups.keys()].sort(byTierThenType);
          const text = value
            .map((key) => `${holderKind(key)}: ${listed([...new Set(groups.get(key)!.map((i) => i.label))])}`)
            .join('; ');
          return rawCell(c.index, CellStatus.PRESENT, value, `${text}.`, items);
        }),
      })),
    );
    return { kind: ComparisonSectionKind.RESPONSIBILITIES, title: 'Who holds which function', rows };
  }

  /** Which services share an organisation, per pair of service areas, from each period's responsibilities. */
  private sharedOrganisationGrid(data: Loaded): RawSection {
    const areas = [...data.areas.values()];
    const cases = data.cases.map((c) => {
      const bodies = (data.levels.get(c.period.id) ?? []).flatMap((level) =>
        (data.bodies.get(level.id) ?? []).map((body) => ({ body, tier: level.tier })),
      );
      return {
        caseIndex: c.index,
        shared: sharedOrganisations({
          areas,
          bodies,
          responsibilities: data.responsibilities.get(c.period.id) ?? [],
          citationsOf: (r) => data.citations.get(r.id) ?? [],
          responsibilitiesComplete: c.period.coverage.responsibilities === 'COMPLETE',
        }),
      };
    });
    const rows = sharedOrganisationRows(areas, cases).map((row): RawRow => ({
      ...row,
      cells: row.cells.map((c) =>
        rawCell(
          c.caseIndex,
          c.status,
          c.value,
          c.valueText ?? NOT_RECORDED_PAIR,
          c.items.map((i) => ({ ...i, evidenceStrength: null, transferability: null, extent: null, parts: [] })),
        ),
      ),
    }));
    return { kind: ComparisonSectionKind.SHARED_ORGANISATIONS, title: 'Which services share an organisation', rows };
  }

  private connectionGrid(data: Loaded): RawSection {
    const pairKey = (c: ServiceConnection) => {
      const [a, b] = [data.areas.get(c.areaAId)!, data.areas.get(c.areaBId)!].sort((x, y) => x.position - y.position);
      return { key: `${a!.key}+${b!.key}`, label: `${a!.name} and ${b!.name}`, order: a!.position * 100 + b!.position };
    };
    const pairs = new Map<string, { key: string; label: string; order: number }>();
    for (const c of [...data.connections.values()].flat()) pairs.set(pairKey(c).key, pairKey(c));
    const rows = [...pairs.values()]
      .sort((a, b) => a.order - b.order)
      .map((pair): RawRow => ({
        key: pair.key,
        label: pair.label,
        cells: data.cases.map((c): RawCell => {
          const found = (data.connections.get(c.period.id) ?? []).filter((conn) => pairKey(conn).key === pair.key);
          const items = found.map((f) =>
            this.item(data, f, connectionWords(f.mechanisms, f.tier), {
              detail: f.description,
              tier: f.tier,
              extent: f.extent,
            }),
          );
          const connected = found.filter((f) => f.mechanisms.some((m) => m !== 'NONE'));
          if (found.length === 0 && c.period.coverage.connections !== 'COMPLETE')
            return rawCell(c.index, CellStatus.NO_DATA, [], NOT_RECORDED, items);
          if (connected.length === 0) return rawCell(c.index, CellStatus.ABSENT, ['NONE'], 'Not connected.', items);
          // Each mechanism with the tier it works at: the same mechanism nationally and locally differs.
          const value = [
            ...new Set(
              connected.flatMap((f) => f.mechanisms.filter((m) => m !== 'NONE').map((m) => `${m}:${f.tier ?? ''}`)),
            ),
          ].sort(byMechanismThenTier);
          const text = connected.map((f) => connectionWords(f.mechanisms, f.tier)).join('; ');
          return rawCell(c.index, CellStatus.PRESENT, value, `${capital(text)}.`, items);
        }),
      }));
    return { kind: ComparisonSectionKind.CONNECTIONS, title: 'How services connect', rows };
  }

  private lessonGrid(data: Loaded): RawSection {
    const all = data.cases.flatMap((c) => data.lessons.get(c.caseStudy.editionId!) ?? []);
    const used = new Set(all.map((l) => l.themeId));
    const rows = [...data.themes.values()]
      .filter((t) => used.has(t.id))
      .map((theme): RawRow => ({
        key: theme.key,
        label: theme.name,
        cells: data.cases.map((c): RawCell => {
          const lessons = (data.lessons.get(c.caseStudy.editionId!) ?? []).filter((l) => l.themeId === theme.id);
          const items = lessons.map((l) =>
            this.item(data, l, l.title, {
              detail: l.detail,
              evidenceStrength: l.evidenceStrength,
              transferability: l.transferability,
            }),
          );
          return items.length
            ? rawCell(
                c.index,
                CellStatus.PRESENT,
                [],
                `${items.length} ${items.length === 1 ? 'lesson' : 'lessons'}${strengths(items)}.`,
                items,
              )
            : rawCell(c.index, CellStatus.NO_DATA, [], 'No lesson under this theme.', items);
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

/** A cell as a grid builds it, before the row's verdict and the baseline are known. */
type RawCell = Omit<ComparisonCell, 'differsFromBaseline' | 'versusBaseline'>;
type RawRow = { key: string; label: string; cells: RawCell[] };
type RawSection = Omit<ComparisonSection, 'rows'> & { rows: RawRow[] };

const NOT_RECORDED = 'Not recorded for this case.';
const NOT_RECORDED_PAIR = 'Not recorded: this case holds at most one of the two services in its responsibilities.';

function rawCell(
  caseIndex: number,
  status: CellStatus,
  value: string[],
  valueText: string,
  items: CellItem[],
): RawCell {
  const uncertain = items.some((i) => i.uncertain || i.parts.some((p) => p.uncertain));
  return { caseIndex, status, value, valueText, items, uncertain };
}

/** How a case is named in a sentence: with its day when one was chosen. */
const caseName = (c: ComparedCase) => `${c.caseStudy.name}${c.asOf ? ` on ${partialDateWords(c.asOf)}` : ''}`;

const capital = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
const lowerFirst = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
const areaWords = (area: ServiceArea) => lowerFirst(area.name);

/** The service areas a body holds any function for, in the vocabulary's order. */
function areasHeld(data: Loaded, held: Responsibility[]): ServiceArea[] {
  const ids = new Set(held.map((r) => r.serviceAreaId));
  return [...data.areas.values()].filter((a) => ids.has(a.id));
}

const byOrder =
  <T>(order: readonly T[]) =>
  (a: T, b: T) =>
    order.indexOf(a) - order.indexOf(b);
const byTier = byOrder<string>(TIERS);
const byType = byOrder<string>(BODY_TYPES);
const byMechanism = byOrder<string>(MECHANISMS);
const parts = (key: string) => key.split(':') as [string, string];

/** `PROVIDER:childrens-social-work,health`: by kind of body, then by the areas. */
const byTypeThenKey = (a: string, b: string) =>
  byType(parts(a)[0], parts(b)[0]) || (parts(a)[1] < parts(b)[1] ? -1 : parts(a)[1] > parts(b)[1] ? 1 : 0);
/** `REGIONAL:PROVIDER`: by tier, national first, then by kind of body. */
const byTierThenType = (a: string, b: string) => byTier(parts(a)[0], parts(b)[0]) || byType(parts(a)[1], parts(b)[1]);
/** `STATUTORY_DUTY:NATIONAL`: by mechanism, then by tier (none last). */
const byMechanismThenTier = (a: string, b: string) =>
  byMechanism(parts(a)[0], parts(b)[0]) || byTier(parts(a)[1] || 'ZZ', parts(b)[1] || 'ZZ');

/** `REGIONAL:PROVIDER` → "Regional provider". */
const holderKind = (key: string) => {
  const [tier, type] = parts(key);
  return `${TIER_LABELS[tier as Tier]} ${BODY_TYPE_LABELS[type as BodyType].toLowerCase()}`;
};

/** "Statutory duty and strategic planning (national)". */
const connectionWords = (mechanisms: readonly Mechanism[], tier: Tier | null) =>
  `${capital(listed(mechanisms.map((m) => MECHANISM_LABELS[m])))}${tier ? ` (${TIER_LABELS[tier].toLowerCase()})` : ''}`;

/** "; evidence: moderate and limited" for the lessons that rate their evidence. */
function strengths(items: CellItem[]): string {
  const rated = [...new Set(items.flatMap((i) => (i.evidenceStrength ? [i.evidenceStrength] : [])))];
  return rated.length ? `; evidence: ${listed(rated.map((e) => STRENGTH_LABELS[e].toLowerCase()))}` : '';
}

/** What each section's verdict is judged on, in words. */
const BASIS: Record<ComparisonSectionKind, string> = {
  [ComparisonSectionKind.GOVERNANCE]:
    'Compared on: the kinds of body at this tier and the service areas each holds. Numbers of bodies or units are shown, not compared.',
  [ComparisonSectionKind.RESPONSIBILITIES]: 'Compared on: who holds it, as the tier and kind of each body.',
  [ComparisonSectionKind.SHARED_ORGANISATIONS]:
    'Compared on: whether one body, or bodies of one kind at one tier, hold both services; the tier and kind of those bodies; and the functions they hold both for.',
  [ComparisonSectionKind.CONNECTIONS]:
    'Compared on: the mechanisms that connect the two services, and the tier of each.',
  [ComparisonSectionKind.LESSONS]:
    'Not judged: lessons are shown side by side, with their evidence and transferability, never called the same or different.',
};

const valueKey = (value: string[]) => value.join('+');

/** The cases of `cells` grouped by comparison value, in the order each value first appears. */
function byValue<T extends { value: string[] }>(cells: T[]): T[][] {
  return [...groupBy(cells, (c) => valueKey(c.value)).values()];
}

/** The verdict of a judged row and its words, naming the cases. */
function verdictOf(
  kind: ComparisonSectionKind,
  row: RawRow,
  names: string[],
  areaName: (key: string) => string,
): { verdict: RowVerdict; verdictText: string } {
  const recorded = row.cells.filter((c) => c.status !== CellStatus.NO_DATA);
  const unrecorded = row.cells.filter((c) => c.status === CellStatus.NO_DATA).map((c) => names[c.caseIndex]!);
  const groups = byValue(recorded);
  if (unrecorded.length === 0 && groups.length === 1)
    return {
      verdict: RowVerdict.SAME,
      verdictText: `The same in ${listed(recorded.map((c) => names[c.caseIndex]!))}: ${valueWords(kind, recorded[0]!.value, areaName)}.`,
    };
  const notRecorded = unrecorded.length ? `Not recorded for ${listed(unrecorded)}.` : '';
  const who = (cells: RawCell[]) => listed(cells.map((c) => names[c.caseIndex]!));
  if (groups.length === 1)
    return {
      verdict: RowVerdict.DIFFERENT,
      verdictText:
        recorded.length === 1
          ? `Only ${who(recorded)} records this. ${notRecorded}`
          : `Only ${who(recorded)} record this, alike: ${recorded[0]!.valueText} ${notRecorded}`,
    };
  const ways = groups.map((g) => `${who(g)}${g.length === 1 ? '' : ' alike'}: ${g[0]!.valueText}`);
  return { verdict: RowVerdict.DIFFERENT, verdictText: ['Differs.', ...ways, notRecorded].filter(Boolean).join(' ') };
}

/** How a cell stands against the baseline's in its row. */
function versusBaseline(cell: RawCell, base: RawCell): BaselineComparison {
  if (cell.status === CellStatus.NO_DATA) return BaselineComparison.NOT_RECORDED;
  if (base.status === CellStatus.NO_DATA) return BaselineComparison.BASELINE_NOT_RECORDED;
  return valueKey(cell.value) === valueKey(base.value) ? BaselineComparison.SAME : BaselineComparison.DIFFERENT;
}

/** Adds each row's verdict, its words and basis, and each cell's standing against the baseline. */
function finishSection(
  section: RawSection,
  baselineIndex: number | null,
  names: string[],
  areaName: (key: string) => string,
): ComparisonSection {
  const judged = section.kind !== ComparisonSectionKind.LESSONS;
  return {
    ...section,
    rows: section.rows.map((row): ComparisonRow => {
      const withData = row.cells.filter((c) => c.status !== CellStatus.NO_DATA).length;
      const base = baselineIndex === null ? undefined : row.cells[baselineIndex];
      const cells = row.cells.map((c): ComparisonCell => {
        const standing = judged && base && c.caseIndex !== baselineIndex ? versusBaseline(c, base) : null;
        return {
          ...c,
          versusBaseline: standing,
          differsFromBaseline:
            standing === BaselineComparison.SAME ? false : standing === BaselineComparison.DIFFERENT ? true : null,
        };
      });
      const { verdict, verdictText } = judged
        ? verdictOf(section.kind, row, names, areaName)
        : {
            verdict: RowVerdict.NOT_JUDGED,
            verdictText: 'Lessons side by side, not judged.',
          };
      return {
        ...row,
        cells,
        withData,
        agree: verdict === RowVerdict.SAME,
        differFromBaseline: cells
          .filter((c) => c.versusBaseline === BaselineComparison.DIFFERENT)
          .map((c) => c.caseIndex),
        verdict,
        verdictText,
        basis: BASIS[section.kind],
      };
    }),
  };
}

/** A service area's name by its key. */
function areaNamer(areas: Map<string, ServiceArea>): (key: string) => string {
  const byKey = new Map([...areas.values()].map((a) => [a.key, a.name]));
  return (key) => byKey.get(key) ?? key;
}

/** A comparison value in words that hold for every case sharing it (no names, no counts). */
function valueWords(section: ComparisonSectionKind, value: string[], areaName: (key: string) => string): string {
  switch (section) {
    case ComparisonSectionKind.GOVERNANCE:
      if (value[0] === 'absent') return 'no level at this tier';
      if (value[0] === 'no-bodies') return 'a level with no bodies recorded';
      return listed(
        value.map((v) => {
          const [type, areas] = parts(v);
          const held = areas ? areas.split(',').map((a) => lowerFirst(areaName(a))) : [];
          return `${BODY_TYPE_LABELS[type as BodyType].toLowerCase()} bodies hold ${held.length ? listed(held) : 'no service area recorded'}`;
        }),
      );
    case ComparisonSectionKind.RESPONSIBILITIES:
      return value[0] === 'none'
        ? 'no body holds it'
        : `held by ${listed(value.map((v) => `a ${holderKind(v).toLowerCase()}`))}`;
    case ComparisonSectionKind.SHARED_ORGANISATIONS: {
      if (value[0] === OrganisationSharing.SEPARATE) return 'separate organisations hold them';
      const how = sharingWords(value[0] as OrganisationSharing);
      const fns = [...groupBy(value.slice(1), (v) => splitSharedFunction(v)[0]).entries()].map(
        ([fn, entries]) =>
          `${FUNCTION_LABELS[fn as ResponsibilityFunction].toLowerCase()} (${listed(entries.map((e) => holderKind(e.split('@')[1]!).toLowerCase()))})`,
      );
      return `${how} for ${listed(fns)}`;
    }
    case ComparisonSectionKind.CONNECTIONS:
      return value[0] === 'NONE'
        ? 'not connected'
        : `connected by ${listed(
            value.map((v) => {
              const [mechanism, tier] = parts(v);
              return `${MECHANISM_LABELS[mechanism as Mechanism].toLowerCase()}${tier ? ` (${TIER_LABELS[tier as Tier].toLowerCase()})` : ''}`;
            }),
          )}`;
    case ComparisonSectionKind.LESSONS:
      return '';
  }
}

/** "one body holds both", "bodies of one kind at one tier hold both". */
const sharingWords = (sharing: OrganisationSharing) =>
  sharing === OrganisationSharing.ONE_BODY ? 'one body holds both' : 'bodies of one kind at one tier hold both';

/**
 * The groups of cases sharing an arrangement in a row: cases with one comparison value; in the
 * shared-organisation section, cases where one body (or bodies of one kind at one tier) holds
 * both services for one function, whoever those bodies are.
 */
function sharingGroups(
  kind: ComparisonSectionKind,
  recorded: ComparisonCell[],
): { value: string[]; members: ComparisonCell[] }[] {
  if (kind !== ComparisonSectionKind.SHARED_ORGANISATIONS)
    return byValue(recorded).map((members) => ({ value: members[0]!.value, members }));
  return [OrganisationSharing.ONE_BODY, OrganisationSharing.SAME_KIND_AT_TIER].flatMap((sharing) =>
    FUNCTIONS.map((fn) => ({
      value: [sharing, fn],
      members: recorded.filter(
        (c) => c.value[0] === sharing && c.value.slice(1).some((v) => splitSharedFunction(v)[0] === fn),
      ),
    })),
  );
}

/** The words of a group from `sharingGroups`. */
function groupWords(kind: ComparisonSectionKind, value: string[], areaName: (key: string) => string): string {
  return kind === ComparisonSectionKind.SHARED_ORGANISATIONS
    ? `${sharingWords(value[0] as OrganisationSharing)} for ${FUNCTION_LABELS[value[1] as ResponsibilityFunction].toLowerCase()}`
    : valueWords(kind, value, areaName);
}

/**
 * Every arrangement two or more cases share in a judged row, as a sentence naming who shares it,
 * who differs and who does not record it. Those some cases share and others do not come first,
 * most shared first; then those every case shares; ties in the grid's order (section, row, then
 * the order the arrangement first appears in). Lessons are never judged, so never here.
 */
function commonApproaches(
  sections: ComparisonSection[],
  names: string[],
  areaName: (key: string) => string,
): CommonApproach[] {
  const out: CommonApproach[] = [];
  for (const section of sections) {
    if (section.kind === ComparisonSectionKind.LESSONS) continue;
    for (const row of section.rows) {
      const recorded = row.cells.filter((c) => c.status !== CellStatus.NO_DATA);
      for (const { value, members } of sharingGroups(section.kind, recorded)) {
        if (members.length < 2) continue;
        const sharedBy = members.map((c) => c.caseIndex);
        const differ = recorded.filter((c) => !members.includes(c)).map((c) => c.caseIndex);
        const noData = row.cells.filter((c) => c.status === CellStatus.NO_DATA).map((c) => c.caseIndex);
        const who = (list: number[]) => listed(list.map((i) => names[i]!));
        const label = section.kind === ComparisonSectionKind.GOVERNANCE ? `${row.label} tier` : row.label;
        const sentence = [
          `${label} — ${groupWords(section.kind, value, areaName)} in ${who(sharedBy)}`,
          differ.length ? `; not in ${who(differ)}` : '',
          noData.length ? `; not recorded for ${who(noData)}` : '',
          '.',
        ].join('');
        out.push({
          section: section.kind,
          rowKey: row.key,
          rowLabel: row.label,
          value,
          sharedBy,
          differ,
          noData,
          sentence,
        });
      }
    }
  }
  // A stable sort: ties stay in the grid's order, by section, row and arrangement.
  const everyone = (a: CommonApproach) => (a.differ.length === 0 && a.noData.length === 0 ? 1 : 0);
  return out.sort((a, b) => everyone(a) - everyone(b) || b.sharedBy.length - a.sharedBy.length);
}
