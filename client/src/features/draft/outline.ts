import type { PartLocation } from '@/features/draft/parts';
import type { BodyDoc, CaseProfileDoc, LevelDoc, PeriodDoc, ResponsibilityDoc } from '@casebook/schema';

/**
 * The draft page as an outline: the headline, the periods (each with its levels, their bodies and
 * the bodies' responsibilities, and the period's connections), the timeline, lessons, sources,
 * review and history. Each node of the outline is one pane of the page; its id is what the
 * address says (`?part=BODY:nhs-boards@current`), so a reload, back and forward, and links land on
 * it. Levels, bodies and responsibilities are unique within their period, so kind, key and period
 * name one.
 */
export type OutlineId = string;

/** The sections of the draft that are nodes of their own, in the outline's order around the periods. */
export const HEADLINE = 'headline';
export const PERIODS = 'periods';
export const TOP_AFTER = ['events', 'lessons', 'sources', 'review', 'history'] as const;

/** The kinds of part that have a node (and a pane) of their own; the others are listed in their section's pane. */
export type NodeKind = 'PERIOD' | 'LEVEL' | 'BODY' | 'RESPONSIBILITY';
const NODE_KINDS: readonly string[] = ['PERIOD', 'LEVEL', 'BODY', 'RESPONSIBILITY'];

/** The id of a part's own node. */
export const partNode = (kind: NodeKind, key: string, periodKey?: string | null): OutlineId =>
  kind === 'PERIOD' ? `PERIOD:${key}` : `${kind}:${key}@${periodKey ?? ''}`;
/** The id of a period's connections. */
export const connectionsNode = (periodKey: string): OutlineId => `connections@${periodKey}`;

/** What a node id names: a section, a period's connections, or a part with a node of its own. */
export type ParsedId =
  | { type: 'section'; name: string }
  | { type: 'connections'; periodKey: string }
  | { type: 'part'; kind: NodeKind; key: string; periodKey: string | null };

export function parseNode(id: string): ParsedId | null {
  const connections = /^connections@(.+)$/.exec(id);
  if (connections) return { type: 'connections', periodKey: connections[1]! };
  const part = /^([A-Z]+):([^@]+)(?:@(.+))?$/.exec(id);
  if (part) {
    const [, kind, key, periodKey] = part;
    if (!NODE_KINDS.includes(kind!)) return null;
    if (kind !== 'PERIOD' && !periodKey) return null;
    return { type: 'part', kind: kind as NodeKind, key: key!, periodKey: periodKey ?? null };
  }
  return [HEADLINE, PERIODS, ...TOP_AFTER].includes(id as never) ? { type: 'section', name: id } : null;
}

/**
 * The node whose pane shows a part's form: a period, level, body or responsibility in its own pane;
 * a new one in the pane of what holds it (a new level in its period's); a connection in its
 * period's connections; an event, a lesson or a source in its section; the headline in its own.
 */
export function formNode(where: PartLocation): OutlineId {
  const period = where.periodKey ?? '';
  switch (where.kind) {
    case 'CASE':
      return HEADLINE;
    case 'PERIOD':
      return where.key ? partNode('PERIOD', where.key) : PERIODS;
    case 'LEVEL':
      return where.key ? partNode('LEVEL', where.key, period) : partNode('PERIOD', period);
    case 'BODY':
      return where.key ? partNode('BODY', where.key, period) : partNode('LEVEL', where.parentKey ?? '', period);
    case 'RESPONSIBILITY':
      return where.key
        ? partNode('RESPONSIBILITY', where.key, period)
        : partNode('BODY', where.parentKey ?? '', period);
    case 'CONNECTION':
      return connectionsNode(period);
    case 'EVENT':
      return 'events';
    case 'LESSON':
      return 'lessons';
    case 'SOURCE':
      return 'sources';
  }
}

/** A part with a node of its own, found by its node id: where it sits and the parts beside it. */
export interface NodePart {
  where: PartLocation & { kind: NodeKind; key: string };
  /** The parts beside it in its list, itself among them (the order its Move buttons work in). */
  siblings: (PeriodDoc | LevelDoc | BodyDoc | ResponsibilityDoc)[];
  period: PeriodDoc;
  level?: LevelDoc;
  body?: BodyDoc;
  responsibility?: ResponsibilityDoc;
}

/** The part a node id names, as it is in the document; null when the document has no such part. */
export function partOfNode(doc: CaseProfileDoc | null | undefined, id: OutlineId): NodePart | null {
  const parsed = parseNode(id);
  if (parsed?.type !== 'part' || !doc) return null;
  const periods = doc.periods ?? [];
  const periodKey = parsed.kind === 'PERIOD' ? parsed.key : parsed.periodKey;
  const period = periods.find((p) => p.key === periodKey);
  if (!period) return null;
  const base = { key: parsed.key, periodKey: period.key };
  if (parsed.kind === 'PERIOD')
    return { where: { kind: 'PERIOD', key: period.key, periodKey: null }, siblings: periods, period };
  const levels = period.levels ?? [];
  if (parsed.kind === 'LEVEL') {
    const level = levels.find((l) => l.key === parsed.key);
    return level ? { where: { kind: 'LEVEL', ...base }, siblings: levels, period, level } : null;
  }
  for (const level of levels) {
    const bodies = level.bodies ?? [];
    if (parsed.kind === 'BODY') {
      const body = bodies.find((b) => b.key === parsed.key);
      if (body)
        return { where: { kind: 'BODY', ...base, parentKey: level.key }, siblings: bodies, period, level, body };
      continue;
    }
    for (const body of bodies) {
      const held = body.responsibilities ?? [];
      const responsibility = held.find((r) => r.key === parsed.key);
      if (responsibility)
        return {
          where: { kind: 'RESPONSIBILITY', ...base, parentKey: body.key },
          siblings: held,
          period,
          level,
          body,
          responsibility,
        };
    }
  }
  return null;
}

/** One node of the outline. */
export interface OutlineNode {
  id: OutlineId;
  /** What the node is called: the part's name, or the section's. */
  label: string;
  /** How many parts its pane lists, in words ("3 bodies"); shown as a number, read as words. */
  count?: { n: number; words: string };
  /** What needs attention, in words a screen reader reads as they are ("no source", "input kept"). */
  marks: string[];
  children: OutlineNode[];
}

/** The names the outline gives parts (the page's, which know the vocabularies' words). */
export interface OutlineTitles {
  period: (p: PeriodDoc) => string;
  level: (l: LevelDoc) => string;
  body: (b: BodyDoc) => string;
  responsibility: (r: ResponsibilityDoc) => string;
}

/** What the outline marks beyond the document: the nodes with input kept for the editor, with a form open. */
export interface OutlineMarks {
  /** Nodes with input kept on the server from a form not saved. */
  kept?: ReadonlySet<OutlineId>;
  /** The node whose pane holds the open form, and whether it has input not saved. */
  open?: { node: OutlineId; unsaved: boolean } | null;
  /** Review comments on the draft. */
  comments?: number;
}

const counted = (n: number, one: string, many: string) => ({ n, words: `${n} ${n === 1 ? one : many}` });
interface Claimlike {
  cite?: unknown[];
  uncertain?: boolean;
}
/** A claim's own marks: no source cited, marked uncertain. */
const claimMarks = (c: Claimlike): string[] => [
  ...(c.cite && c.cite.length === 0 ? ['no source'] : []),
  ...(c.uncertain === true ? ['uncertain'] : []),
];
/** The marks of a list's claims, counted ("2 without a source", "1 uncertain"). */
function listMarks(items: Claimlike[]): string[] {
  const unsourced = items.filter((c) => c.cite && c.cite.length === 0).length;
  const uncertain = items.filter((c) => c.uncertain === true).length;
  return [...(unsourced ? [`${unsourced} without a source`] : []), ...(uncertain ? [`${uncertain} uncertain`] : [])];
}

/** The outline of a draft: every node, in the page's order, with counts and marks. */
export function outlineOf(doc: CaseProfileDoc, titles: OutlineTitles, extra: OutlineMarks = {}): OutlineNode[] {
  const withState = (node: OutlineNode): OutlineNode => {
    const marks = [...node.marks];
    if (extra.open?.node === node.id) marks.push(extra.open.unsaved ? 'form open, not saved' : 'form open');
    if (extra.kept?.has(node.id)) marks.push('input kept');
    return { ...node, marks, children: node.children.map(withState) };
  };
  const periods = doc.periods ?? [];
  const timeline = doc.timeline ?? [];
  const lessons = doc.lessons ?? [];
  const sources = doc.sources ?? [];
  const tree: OutlineNode[] = [
    { id: HEADLINE, label: 'Headline', marks: [], children: [] },
    {
      id: PERIODS,
      label: 'Structure: periods',
      count: counted(periods.length, 'period', 'periods'),
      marks: [],
      children: periods.map((period) => {
        const levels = period.levels ?? [];
        const connections = period.connections ?? [];
        return {
          id: partNode('PERIOD', period.key),
          label: titles.period(period),
          count: counted(levels.length, 'level', 'levels'),
          marks: [],
          children: [
            ...levels.map((level) => {
              const bodies = level.bodies ?? [];
              return {
                id: partNode('LEVEL', level.key, period.key),
                label: titles.level(level),
                count: counted(bodies.length, 'body', 'bodies'),
                marks: claimMarks(level),
                children: bodies.map((body) => {
                  const held = body.responsibilities ?? [];
                  return {
                    id: partNode('BODY', body.key, period.key),
                    label: titles.body(body),
                    count: counted(held.length, 'responsibility', 'responsibilities'),
                    marks: claimMarks(body),
                    children: held.map((r) => ({
                      id: partNode('RESPONSIBILITY', r.key, period.key),
                      label: titles.responsibility(r),
                      marks: claimMarks(r),
                      children: [],
                    })),
                  };
                }),
              };
            }),
            {
              id: connectionsNode(period.key),
              label: 'Connections',
              count: counted(connections.length, 'connection', 'connections'),
              marks: listMarks(connections),
              children: [],
            },
          ],
        };
      }),
    },
    {
      id: 'events',
      label: 'Timeline',
      count: counted(timeline.length, 'event', 'events'),
      marks: listMarks(timeline),
      children: [],
    },
    {
      id: 'lessons',
      label: 'Lessons',
      count: counted(lessons.length, 'lesson', 'lessons'),
      marks: listMarks(lessons),
      children: [],
    },
    { id: 'sources', label: 'Sources', count: counted(sources.length, 'source', 'sources'), marks: [], children: [] },
    {
      id: 'review',
      label: 'Review',
      ...(extra.comments !== undefined ? { count: counted(extra.comments, 'comment', 'comments') } : {}),
      marks: [],
      children: [],
    },
    { id: 'history', label: 'History', marks: [], children: [] },
  ];
  return tree.map(withState);
}

/** Every node id of an outline with the ids of its ancestors, outermost first. */
export function ancestry(nodes: OutlineNode[], above: OutlineId[] = [], into = new Map<OutlineId, OutlineId[]>()) {
  for (const node of nodes) {
    into.set(node.id, above);
    ancestry(node.children, [...above, node.id], into);
  }
  return into;
}

/**
 * The node to show for the one asked for: itself when the outline has it; else, for a part or the
 * connections of a period no longer there (deleted, or a link grown old), its period, or the
 * periods; else the headline.
 */
export function shownNode(nodes: OutlineNode[], wanted: string | null | undefined): OutlineId {
  const known = ancestry(nodes);
  if (wanted && known.has(wanted)) return wanted;
  const parsed = wanted ? parseNode(wanted) : null;
  if (parsed?.type === 'connections' || (parsed?.type === 'part' && parsed.kind !== 'PERIOD')) {
    const period = partNode('PERIOD', parsed.periodKey ?? '');
    return known.has(period) ? period : PERIODS;
  }
  if (parsed?.type === 'part') return PERIODS;
  return HEADLINE;
}
