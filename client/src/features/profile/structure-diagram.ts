/**
 * Pure layout for the structure diagram: where every lane, level, body, service area and
 * connection goes, in viewBox units. Nothing here reads the DOM or the window's width, so the
 * same period always lays out the same way and diagrams shown side by side share one scale.
 */
import type { DiagramPeriodFragment, Mechanism, Tier, TierPresence } from '@/gql/graphql';
import {
  BODY_TYPE_LABELS,
  MECHANISM_LABELS,
  TIER_LABELS,
  TIERS,
  levelTitle,
  tierPresence as presenceAt,
} from '@casebook/schema';

/** What the diagram draws: the DiagramPeriod fragment, which the profile and the comparison both fetch. */
export type CaseProfilePeriod = DiagramPeriodFragment;
export type DiagramLevel = CaseProfilePeriod['levels'][number];
export type DiagramBody = DiagramLevel['bodies'][number];
export type DiagramConnection = CaseProfilePeriod['connections'][number];
export type DiagramServiceArea = DiagramConnection['areas'][number];

/** What the reader has picked in the diagram. */
export type DiagramSelection = { kind: 'body'; id: string } | { kind: 'area'; key: string };

/** Lanes always run top to bottom in this order (national to local), whatever order the data comes in. */
export const TIER_ORDER: readonly Tier[] = TIERS;

/**
 * Geometry in viewBox units. Text is 16 units; the component keeps the drawing at least 47rem
 * wide, so 16 units never falls below 12 CSS pixels. Character widths are estimates on the
 * generous side for a sans-serif face, so estimated lines fit rather than overflow.
 */
export const DIAGRAM = {
  width: 1000,
  margin: 2,
  fontSize: 16,
  titleFontSize: 18,
  lineHeight: 20,
  ascent: 15,
  charWidth: 8.96,
  boldCharWidth: 9.6,
  lanePad: 12,
  laneGap: 12,
  laneTitleHeight: 30,
  groupPad: 10,
  groupGap: 10,
  nodeWidth: 236,
  nodePad: 10,
  nodeGap: 12,
  markerRadius: 9,
  /** Lane width when the service-area column sits beside the lanes. */
  laneWidthBesideAreas: 540,
  areaX: 560,
  areaWidth: 190,
  areaPad: 10,
  areaGap: 14,
  labelX: 810,
  labelWidth: 188,
  labelPad: 8,
  labelGap: 10,
  /** How far an edge's curve reaches out horizontally before bending. */
  curveReach: 36,
  nameLines: 3,
  headingLines: 2,
  labelLines: 6,
} as const;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Lines of text; `y` is the first line's baseline, later lines follow at the line height. */
export interface PlacedText {
  x: number;
  y: number;
  lines: string[];
  /** The source text did not fit in the lines allowed and ends in an ellipsis. */
  truncated: boolean;
}

/** The "?" marker and its word, drawn on a line of its own. */
export interface UncertainMarker {
  cx: number;
  cy: number;
  textX: number;
  baseline: number;
  text: string;
}

export interface BodyNodeLayout {
  body: DiagramBody;
  level: DiagramLevel;
  tier: Tier;
  box: Box;
  name: PlacedText;
  type: PlacedText;
  marker: UncertainMarker | null;
  ariaLabel: string;
}

export interface LevelGroupLayout {
  level: DiagramLevel;
  box: Box;
  heading: PlacedText;
  /** A white plate behind the heading of an absent level, so its words stay legible over the hatching. */
  plate: Box | null;
  marker: UncertainMarker | null;
  bodies: BodyNodeLayout[];
  /** Words shown when a present level records no bodies. */
  note: PlacedText | null;
}

export interface LaneLayout {
  tier: Tier;
  presence: TierPresence;
  title: PlacedText;
  box: Box;
  levels: LevelGroupLayout[];
  /** "No data recorded", or words for a tier with no levels. */
  note: PlacedText | null;
  ariaLabel: string;
}

export interface AreaNodeLayout {
  area: DiagramServiceArea;
  box: Box;
  name: PlacedText;
  connections: DiagramConnection[];
  ariaLabel: string;
}

export interface EdgeLayout {
  connection: DiagramConnection;
  /** SVG path data: from the first area out to the label and back to the other area(s). */
  path: string;
  labelBox: Box;
  label: PlacedText;
  marker: UncertainMarker | null;
  areaKeys: string[];
}

export interface DiagramLayout {
  width: number;
  height: number;
  lanes: LaneLayout[];
  areas: AreaNodeLayout[];
  edges: EdgeLayout[];
  /** Column headings, present only when the period records connections. */
  areaHeading: PlacedText | null;
  edgeHeading: PlacedText | null;
}

export interface WrappedText {
  lines: string[];
  truncated: boolean;
}

/**
 * Breaks text into at most `maxLines` lines of at most `maxChars` characters, at spaces where it
 * can (a word longer than a line is cut). Text that needs more lines ends its last line in "…".
 */
export function wrapText(text: string, maxChars: number, maxLines: number): WrappedText {
  const width = Math.max(2, Math.floor(maxChars));
  const lines: string[] = [];
  let current = '';
  for (const original of text.split(/\s+/).filter(Boolean)) {
    let word = original;
    while (word.length > width) {
      if (current) lines.push(current);
      current = '';
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!word) continue;
    const candidate = current ? `${current} ${word}` : word;
    if (candidate.length <= width) {
      current = candidate;
    } else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  const limit = Math.max(1, Math.floor(maxLines));
  if (lines.length <= limit) return { lines, truncated: false };
  const kept = lines.slice(0, limit);
  const last = kept[limit - 1] ?? '';
  kept[limit - 1] = `${last.length < width ? last : last.slice(0, width - 1).trimEnd()}…`;
  return { lines: kept, truncated: true };
}

/** How many characters of the given estimated width fit across `width` units. */
export function charsAcross(width: number, charWidth: number): number {
  return Math.max(1, Math.floor(width / charWidth));
}

/** The record's presence for a tier; when the tiers list leaves it out, the rule the API uses (@casebook/schema). */
export function tierPresence(period: CaseProfilePeriod, tier: Tier): TierPresence {
  return period.tiers.find((t) => t.tier === tier)?.presence ?? presenceAt(period.levels, tier);
}

/** The mechanisms in words: "structural integration, pooled budget". */
export function mechanismsText(mechanisms: readonly Mechanism[]): string {
  return mechanisms.length === 0 ? 'no mechanism recorded' : mechanisms.map((m) => MECHANISM_LABELS[m]).join(', ');
}

/** The words on a connection's edge: its mechanisms, and its tier when recorded. */
export function connectionLabel(connection: DiagramConnection): string {
  const tier = connection.tier ? ` (${TIER_LABELS[connection.tier].toLowerCase()})` : '';
  return `${mechanismsText(connection.mechanisms)}${tier}`;
}

/** "Children's social work and care — Health care: structural integration (regional)". */
export function connectionSummary(connection: DiagramConnection): string {
  return `${connection.areas.map((a) => a.name).join(' — ')}: ${connectionLabel(connection)}`;
}

/** "Uncertain: <note>", "Uncertain", or null for a certain item. */
export function uncertaintyText(item: { uncertain: boolean; uncertaintyNote: string | null }): string | null {
  if (!item.uncertain) return null;
  return item.uncertaintyNote ? `Uncertain: ${item.uncertaintyNote}` : 'Uncertain';
}

/** The service areas the period's connections join, each once, in the order they first appear. */
export function connectedAreas(connections: readonly DiagramConnection[]): DiagramServiceArea[] {
  const seen = new Map<string, DiagramServiceArea>();
  for (const connection of connections) {
    for (const area of connection.areas) if (!seen.has(area.key)) seen.set(area.key, area);
  }
  return [...seen.values()];
}

/** A body node's accessible name: its full name, type, tier, level and uncertainty. */
export function bodyAccessibleName(body: DiagramBody, level: DiagramLevel, tier: Tier): string {
  const parts = [
    body.name,
    BODY_TYPE_LABELS[body.type].toLowerCase(),
    `${TIER_LABELS[tier]} tier`,
    `level: ${levelTitle(level)}${level.absent ? ' (absent)' : ''}`,
  ];
  if (body.uncertain) parts.push('uncertain');
  return parts.join(', ');
}

function areaAccessibleName(area: DiagramServiceArea, count: number): string {
  return `${area.name}, service area, ${count} ${count === 1 ? 'connection' : 'connections'}`;
}

function laneAccessibleName(tier: Tier, presence: TierPresence, levels: readonly DiagramLevel[]): string {
  const name = `${TIER_LABELS[tier]} tier`;
  if (presence === 'NO_DATA') return `${name}: no data recorded`;
  if (presence === 'ABSENT') {
    const titles = levels.map(levelTitle);
    return titles.length ? `${name}: absent (${titles.join('; ')})` : `${name}: absent`;
  }
  return name;
}

function lineAt(x: number, top: number, lines: string[], truncated = false): PlacedText {
  return { x, y: top + DIAGRAM.ascent, lines, truncated };
}

function markerAt(x: number, top: number, text: string): UncertainMarker {
  const r = DIAGRAM.markerRadius;
  return { cx: x + r, cy: top + DIAGRAM.lineHeight / 2, textX: x + 2 * r + 6, baseline: top + DIAGRAM.ascent, text };
}

function layoutBody(body: DiagramBody, level: DiagramLevel, tier: Tier, x: number, y: number): BodyNodeLayout {
  const d = DIAGRAM;
  const inner = d.nodeWidth - 2 * d.nodePad;
  const wrapped = wrapText(body.name, charsAcross(inner, d.boldCharWidth), d.nameLines);
  const textX = x + d.nodePad;
  let cursor = y + d.nodePad;
  const name = lineAt(textX, cursor, wrapped.lines, wrapped.truncated);
  cursor += wrapped.lines.length * d.lineHeight;
  const type = lineAt(textX, cursor, [BODY_TYPE_LABELS[body.type]]);
  cursor += d.lineHeight;
  let marker: UncertainMarker | null = null;
  if (body.uncertain) {
    marker = markerAt(textX, cursor, 'uncertain');
    cursor += d.lineHeight;
  }
  return {
    body,
    level,
    tier,
    box: { x, y, width: d.nodeWidth, height: cursor + d.nodePad - y },
    name,
    type,
    marker,
    ariaLabel: bodyAccessibleName(body, level, tier),
  };
}

function layoutLevel(level: DiagramLevel, tier: Tier, x: number, y: number, width: number): LevelGroupLayout {
  const d = DIAGRAM;
  const inner = width - 2 * d.groupPad;
  const textX = x + d.groupPad;
  const title = level.absent ? `Absent: ${levelTitle(level)}` : levelTitle(level);
  const wrapped = wrapText(title, charsAcross(inner - 8, d.boldCharWidth), d.headingLines);
  let cursor = y + d.groupPad;
  const headingTop = cursor;
  const heading = lineAt(textX, cursor, wrapped.lines, wrapped.truncated);
  cursor += wrapped.lines.length * d.lineHeight;
  let marker: UncertainMarker | null = null;
  if (level.uncertain) {
    marker = markerAt(textX, cursor, 'uncertain level');
    cursor += d.lineHeight;
  }
  let plate: Box | null = null;
  if (level.absent) {
    const longest = Math.max(...wrapped.lines.map((l) => l.length), marker ? marker.text.length + 3 : 0);
    plate = {
      x: textX - 4,
      y: headingTop - 2,
      width: Math.min(inner + 8, longest * d.boldCharWidth + 8),
      height: cursor - headingTop + 4,
    };
  }

  const columns = Math.max(1, Math.floor((inner + d.nodeGap) / (d.nodeWidth + d.nodeGap)));
  const bodies: BodyNodeLayout[] = [];
  let note: PlacedText | null = null;
  if (level.bodies.length > 0) {
    cursor += 8;
    for (let start = 0; start < level.bodies.length; start += columns) {
      const row = level.bodies
        .slice(start, start + columns)
        .map((body, column) => layoutBody(body, level, tier, textX + column * (d.nodeWidth + d.nodeGap), cursor));
      // One height per row, so a row of nodes reads as a row.
      const rowHeight = Math.max(...row.map((node) => node.box.height));
      for (const node of row) node.box.height = rowHeight;
      bodies.push(...row);
      cursor += rowHeight + d.nodeGap;
    }
    cursor -= d.nodeGap;
  } else if (!level.absent) {
    cursor += 4;
    note = lineAt(textX, cursor, ['No bodies recorded']);
    cursor += d.lineHeight;
  }
  return { level, box: { x, y, width, height: cursor + d.groupPad - y }, heading, plate, marker, bodies, note };
}

function layoutLane(period: CaseProfilePeriod, tier: Tier, y: number, laneWidth: number): LaneLayout {
  const d = DIAGRAM;
  const presence = tierPresence(period, tier);
  const levels = period.levels.filter((l) => l.tier === tier);
  const x = d.margin;
  const width = laneWidth - 2 * d.margin;
  const title = lineAt(x + d.lanePad, y + d.lanePad, [TIER_LABELS[tier]]);
  let cursor = y + d.lanePad + d.laneTitleHeight;
  let note: PlacedText | null = null;
  const words =
    presence === 'NO_DATA'
      ? 'No data recorded'
      : levels.length === 0
        ? presence === 'ABSENT'
          ? 'Absent'
          : 'No levels recorded'
        : null;
  if (words) {
    note = lineAt(x + d.lanePad, cursor, [words]);
    cursor += d.lineHeight + d.groupGap;
  }
  const groups: LevelGroupLayout[] = [];
  for (const level of levels) {
    const group = layoutLevel(level, tier, x + d.lanePad, cursor, width - 2 * d.lanePad);
    groups.push(group);
    cursor = group.box.y + group.box.height + d.groupGap;
  }
  cursor += d.lanePad - d.groupGap;
  return {
    tier,
    presence,
    title,
    box: { x, y, width, height: cursor - y },
    levels: groups,
    note,
    ariaLabel: laneAccessibleName(tier, presence, levels),
  };
}

function edgePath(fromX: number, toX: number, labelY: number, areaYs: readonly number[]): string {
  const reach = DIAGRAM.curveReach;
  const [first, ...rest] = areaYs;
  if (first === undefined) return '';
  const out = `M ${fromX} ${first} C ${fromX + reach} ${first}, ${toX - reach} ${labelY}, ${toX} ${labelY}`;
  const back = rest.map(
    (y, i) => `${i === 0 ? '' : `M ${toX} ${labelY} `}C ${toX - reach} ${labelY}, ${fromX + reach} ${y}, ${fromX} ${y}`,
  );
  return [out, ...back].join(' ');
}

/** Lays a period out: lanes on the left, and the service areas and connections to their right. */
export function layoutStructureDiagram(period: CaseProfilePeriod): DiagramLayout {
  const d = DIAGRAM;
  const areasUsed = connectedAreas(period.connections);
  const withAreas = areasUsed.length > 0 || period.connections.length > 0;
  const laneWidth = withAreas ? d.laneWidthBesideAreas : d.width;

  const lanes: LaneLayout[] = [];
  let cursor = d.margin;
  for (const tier of TIER_ORDER) {
    const lane = layoutLane(period, tier, cursor, laneWidth);
    lanes.push(lane);
    cursor = lane.box.y + lane.box.height + d.laneGap;
  }
  let bottom = cursor - d.laneGap;

  const columnTop = d.margin + d.lanePad + d.laneTitleHeight;
  const areas: AreaNodeLayout[] = [];
  let areaCursor = columnTop;
  for (const area of areasUsed) {
    const wrapped = wrapText(area.name, charsAcross(d.areaWidth - 2 * d.areaPad, d.boldCharWidth), d.nameLines);
    const height = 2 * d.areaPad + wrapped.lines.length * d.lineHeight;
    const connections = period.connections.filter((c) => c.areas.some((a) => a.key === area.key));
    areas.push({
      area,
      box: { x: d.areaX, y: areaCursor, width: d.areaWidth, height },
      name: lineAt(d.areaX + d.areaPad, areaCursor + d.areaPad, wrapped.lines, wrapped.truncated),
      connections,
      ariaLabel: areaAccessibleName(area, connections.length),
    });
    areaCursor += height + d.areaGap;
  }
  const areaCentre = new Map(areas.map((a) => [a.area.key, a.box.y + a.box.height / 2]));

  // Each label wants to sit level with the middle of its areas; labels are placed in that order
  // and pushed down just enough not to overlap, so every label keeps a row of its own.
  const wanted = period.connections.map((connection, index) => {
    const ys = connection.areas.map((a) => areaCentre.get(a.key) ?? columnTop);
    const centre = ys.length ? ys.reduce((sum, y) => sum + y, 0) / ys.length : columnTop;
    const wrapped = wrapText(
      connectionLabel(connection),
      charsAcross(d.labelWidth - 2 * d.labelPad, d.charWidth),
      d.labelLines,
    );
    const height = 2 * d.labelPad + (wrapped.lines.length + (connection.uncertain ? 1 : 0)) * d.lineHeight;
    return { connection, index, ys, centre, wrapped, height };
  });
  const order = [...wanted].sort((a, b) => a.centre - b.centre || a.index - b.index);
  const edges: EdgeLayout[] = new Array<EdgeLayout>(wanted.length);
  let labelCursor = columnTop;
  for (const item of order) {
    const top = Math.max(labelCursor, item.centre - item.height / 2);
    const textX = d.labelX + d.labelPad;
    const labelBox = { x: d.labelX, y: top, width: d.labelWidth, height: item.height };
    const marker = item.connection.uncertain
      ? markerAt(textX, top + d.labelPad + item.wrapped.lines.length * d.lineHeight, 'uncertain')
      : null;
    edges[item.index] = {
      connection: item.connection,
      path: edgePath(d.areaX + d.areaWidth, d.labelX, top + item.height / 2, item.ys),
      labelBox,
      label: lineAt(textX, top + d.labelPad, item.wrapped.lines, item.wrapped.truncated),
      marker,
      areaKeys: item.connection.areas.map((a) => a.key),
    };
    labelCursor = top + item.height + d.labelGap;
  }
  if (withAreas) bottom = Math.max(bottom, areaCursor - d.areaGap, labelCursor - d.labelGap);

  const headingTop = d.margin + d.lanePad;
  return {
    width: d.width,
    height: Math.ceil(bottom + d.margin),
    lanes,
    areas,
    edges,
    areaHeading: withAreas ? lineAt(d.areaX, headingTop, ['Service areas']) : null,
    edgeHeading: withAreas ? lineAt(d.labelX, headingTop, ['Connections']) : null,
  };
}
