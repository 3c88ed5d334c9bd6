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
export type DiagramSelection =
  { kind: 'body'; id: string } | { kind: 'area'; key: string } | { kind: 'connection'; id: string };

/**
 * How the diagram is arranged. `wide`: lanes on the left, service areas and connections in
 * columns to their right, joined by edges. `stacked`: one narrow column (lanes, then the service
 * areas, then the connections), for phones and for diagrams shown four abreast.
 */
export type DiagramMode = 'wide' | 'stacked';

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
  labelLines: 8,
  /** The stacked arrangement's width: one column, readable on a phone without scrolling sideways. */
  stackedWidth: 400,
  /** The widest a container may be and still get the stacked arrangement (CSS pixels, 47rem). */
  stackedBelow: 752,
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
  /** `body:<id>`: the node's place in keyboard order. */
  id: string;
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
  /** How many of the level's bodies a folded diagram leaves out, and the words that say so. */
  left: number;
  more: PlacedText | null;
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
  /** `area:<key>`: the node's place in keyboard order. */
  id: string;
  area: DiagramServiceArea;
  box: Box;
  name: PlacedText;
  connections: DiagramConnection[];
  ariaLabel: string;
}

export interface EdgeLayout {
  /** `connection:<id>`: the box's place in keyboard order. */
  id: string;
  connection: DiagramConnection;
  /** SVG path data: from the first area out to the label and back to the other area(s); empty when stacked. */
  path: string;
  labelBox: Box;
  label: PlacedText;
  marker: UncertainMarker | null;
  areaKeys: string[];
  /** The box's words in full: both services it joins, and how. */
  text: string;
  ariaLabel: string;
}

export interface DiagramLayout {
  mode: DiagramMode;
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

/** The words in a connection's box: "Children's social work ↔ Health care: structural integration (regional)". */
export function connectionBoxText(connection: DiagramConnection): string {
  return `${connection.areas.map((a) => a.name).join(' ↔ ')}: ${connectionLabel(connection)}`;
}

/** A connection box's accessible name, the arrow in words. */
export function connectionAccessibleName(connection: DiagramConnection): string {
  const names = connection.areas.map((a) => a.name);
  const joined =
    names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? '');
  const parts = [`Connection between ${joined}`, connectionLabel(connection)];
  if (connection.uncertain) parts.push('uncertain');
  return parts.join(', ');
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

function layoutBody(
  body: DiagramBody,
  level: DiagramLevel,
  tier: Tier,
  x: number,
  y: number,
  nodeWidth: number,
): BodyNodeLayout {
  const d = DIAGRAM;
  const inner = nodeWidth - 2 * d.nodePad;
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
    id: `body:${body.id}`,
    body,
    level,
    tier,
    box: { x, y, width: nodeWidth, height: cursor + d.nodePad - y },
    name,
    type,
    marker,
    ariaLabel: bodyAccessibleName(body, level, tier),
  };
}

function layoutLevel(
  level: DiagramLevel,
  tier: Tier,
  x: number,
  y: number,
  width: number,
  stacked: boolean,
  bodyCap: number,
): LevelGroupLayout {
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

  // Stacked, one body a row across the whole level, so long names keep their words.
  const nodeWidth = stacked ? inner : d.nodeWidth;
  const columns = Math.max(1, Math.floor((inner + d.nodeGap) / (nodeWidth + d.nodeGap)));
  const bodies: BodyNodeLayout[] = [];
  let note: PlacedText | null = null;
  let more: PlacedText | null = null;
  const shown = level.bodies.slice(0, Math.max(1, bodyCap));
  const left = level.bodies.length - shown.length;
  if (level.bodies.length > 0) {
    cursor += 8;
    for (let start = 0; start < shown.length; start += columns) {
      const row = shown
        .slice(start, start + columns)
        .map((body, column) =>
          layoutBody(body, level, tier, textX + column * (nodeWidth + d.nodeGap), cursor, nodeWidth),
        );
      // One height per row, so a row of nodes reads as a row.
      const rowHeight = Math.max(...row.map((node) => node.box.height));
      for (const node of row) node.box.height = rowHeight;
      bodies.push(...row);
      cursor += rowHeight + d.nodeGap;
    }
    cursor -= d.nodeGap;
    if (left > 0) {
      cursor += 6;
      more = lineAt(textX, cursor, [`and ${left} more ${left === 1 ? 'body' : 'bodies'}`]);
      cursor += d.lineHeight;
    }
  } else if (!level.absent) {
    cursor += 4;
    note = lineAt(textX, cursor, ['No bodies recorded']);
    cursor += d.lineHeight;
  }
  return {
    level,
    box: { x, y, width, height: cursor + d.groupPad - y },
    heading,
    plate,
    marker,
    bodies,
    note,
    left,
    more,
  };
}

function layoutLane(
  period: CaseProfilePeriod,
  tier: Tier,
  y: number,
  laneWidth: number,
  stacked: boolean,
  bodyCap: number,
): LaneLayout {
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
    const group = layoutLevel(level, tier, x + d.lanePad, cursor, width - 2 * d.lanePad, stacked, bodyCap);
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

/**
 * An edge from its areas' right-hand sides out to its box. Each area spreads the ends of its
 * edges down its side and each box takes its edge at its own height, so edges that share an area
 * leave it apart instead of as one bundle.
 */
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

interface WantedLabel {
  connection: DiagramConnection;
  index: number;
  centre: number;
  text: string;
  wrapped: WrappedText;
  height: number;
}

function wantLabel(connection: DiagramConnection, index: number, centre: number, width: number): WantedLabel {
  const d = DIAGRAM;
  const text = connectionBoxText(connection);
  const wrapped = wrapText(text, charsAcross(width - 2 * d.labelPad, d.charWidth), d.labelLines);
  const height = 2 * d.labelPad + (wrapped.lines.length + (connection.uncertain ? 1 : 0)) * d.lineHeight;
  return { connection, index, centre, text, wrapped, height };
}

function placeLabel(item: WantedLabel, x: number, top: number, width: number, path: string): EdgeLayout {
  const d = DIAGRAM;
  const textX = x + d.labelPad;
  const marker = item.connection.uncertain
    ? markerAt(textX, top + d.labelPad + item.wrapped.lines.length * d.lineHeight, 'uncertain')
    : null;
  return {
    id: `connection:${item.connection.id}`,
    connection: item.connection,
    path,
    labelBox: { x, y: top, width, height: item.height },
    label: lineAt(textX, top + d.labelPad, item.wrapped.lines, item.wrapped.truncated),
    marker,
    areaKeys: item.connection.areas.map((a) => a.key),
    text: item.text,
    ariaLabel: connectionAccessibleName(item.connection),
  };
}

function layoutAreaNode(
  area: DiagramServiceArea,
  connections: readonly DiagramConnection[],
  x: number,
  y: number,
  width: number,
): AreaNodeLayout {
  const d = DIAGRAM;
  const wrapped = wrapText(area.name, charsAcross(width - 2 * d.areaPad, d.boldCharWidth), d.nameLines);
  const height = 2 * d.areaPad + wrapped.lines.length * d.lineHeight;
  const mine = connections.filter((c) => c.areas.some((a) => a.key === area.key));
  return {
    id: `area:${area.key}`,
    area,
    box: { x, y, width, height },
    name: lineAt(x + d.areaPad, y + d.areaPad, wrapped.lines, wrapped.truncated),
    connections: mine,
    ariaLabel: areaAccessibleName(area, mine.length),
  };
}

/**
 * Lays a period out. Wide: lanes on the left, and the service areas and connections to their
 * right. Stacked: lanes, then service areas, then connections, one under another. `bodyCap`: the
 * most bodies drawn in one level, the rest said in words (a folded diagram; see `foldDiagram`).
 */
export function layoutStructureDiagram(
  period: CaseProfilePeriod,
  mode: DiagramMode = 'wide',
  bodyCap = Infinity,
): DiagramLayout {
  return mode === 'stacked' ? layoutStacked(period, bodyCap) : layoutWide(period, bodyCap);
}

function layoutWide(period: CaseProfilePeriod, bodyCap: number): DiagramLayout {
  const d = DIAGRAM;
  const areasUsed = connectedAreas(period.connections);
  const withAreas = areasUsed.length > 0 || period.connections.length > 0;
  const laneWidth = withAreas ? d.laneWidthBesideAreas : d.width;

  const lanes: LaneLayout[] = [];
  let cursor = d.margin;
  for (const tier of TIER_ORDER) {
    const lane = layoutLane(period, tier, cursor, laneWidth, false, bodyCap);
    lanes.push(lane);
    cursor = lane.box.y + lane.box.height + d.laneGap;
  }
  let bottom = cursor - d.laneGap;

  const columnTop = d.margin + d.lanePad + d.laneTitleHeight;
  const areas: AreaNodeLayout[] = [];
  let areaCursor = columnTop;
  for (const area of areasUsed) {
    const node = layoutAreaNode(area, period.connections, d.areaX, areaCursor, d.areaWidth);
    areas.push(node);
    areaCursor += node.box.height + d.areaGap;
  }
  const areaCentre = new Map(areas.map((a) => [a.area.key, a.box.y + a.box.height / 2]));

  // Each label wants to sit level with the middle of its areas; labels are placed in that order
  // and pushed down just enough not to overlap, so every label keeps a row of its own.
  const wanted = period.connections.map((connection, index) => {
    const ys = connection.areas.map((a) => areaCentre.get(a.key) ?? columnTop);
    const centre = ys.length ? ys.reduce((sum, y) => sum + y, 0) / ys.length : columnTop;
    return wantLabel(connection, index, centre, d.labelWidth);
  });
  const order = [...wanted].sort((a, b) => a.centre - b.centre || a.index - b.index);
  const tops = new Map<number, number>();
  let labelCursor = columnTop;
  for (const item of order) {
    const top = Math.max(labelCursor, item.centre - item.height / 2);
    tops.set(item.index, top);
    labelCursor = top + item.height + d.labelGap;
  }

  // Where each edge meets each area: the area's edges, in the order of their boxes from the top,
  // share out its height, so each leaves at a height of its own.
  const attach = new Map<string, number>();
  for (const node of areas) {
    const mine = order.filter((item) => item.connection.areas.some((a) => a.key === node.area.key));
    const inset = Math.min(8, node.box.height / 4);
    const span = node.box.height - 2 * inset;
    mine.forEach((item, i) => {
      const y = node.box.y + inset + (mine.length === 1 ? span / 2 : (span * i) / (mine.length - 1));
      attach.set(`${item.index}|${node.area.key}`, y);
    });
  }
  const edges = wanted.map((item) => {
    const top = tops.get(item.index) ?? columnTop;
    const ys = item.connection.areas.map((a) => attach.get(`${item.index}|${a.key}`) ?? columnTop);
    const path = edgePath(d.areaX + d.areaWidth, d.labelX, top + item.height / 2, ys);
    return placeLabel(item, d.labelX, top, d.labelWidth, path);
  });
  if (withAreas) bottom = Math.max(bottom, areaCursor - d.areaGap, labelCursor - d.labelGap);

  const headingTop = d.margin + d.lanePad;
  return {
    mode: 'wide',
    width: d.width,
    height: Math.ceil(bottom + d.margin),
    lanes,
    areas,
    edges,
    areaHeading: withAreas ? lineAt(d.areaX, headingTop, ['Service areas']) : null,
    edgeHeading: withAreas ? lineAt(d.labelX, headingTop, ['Connections']) : null,
  };
}

function layoutStacked(period: CaseProfilePeriod, bodyCap: number): DiagramLayout {
  const d = DIAGRAM;
  const width = d.stackedWidth;
  const areasUsed = connectedAreas(period.connections);
  const withAreas = areasUsed.length > 0 || period.connections.length > 0;

  const lanes: LaneLayout[] = [];
  let cursor = d.margin;
  for (const tier of TIER_ORDER) {
    const lane = layoutLane(period, tier, cursor, width, true, bodyCap);
    lanes.push(lane);
    cursor = lane.box.y + lane.box.height + d.laneGap;
  }
  let bottom = cursor - d.laneGap;
  if (!withAreas) {
    return {
      mode: 'stacked',
      width,
      height: Math.ceil(bottom + d.margin),
      lanes,
      areas: [],
      edges: [],
      areaHeading: null,
      edgeHeading: null,
    };
  }

  const x = d.margin;
  const inner = width - 2 * d.margin;
  cursor = bottom + d.laneGap + 4;
  const areaHeading = lineAt(x, cursor, ['Service areas']);
  cursor += d.laneTitleHeight;
  const areas: AreaNodeLayout[] = [];
  for (const area of areasUsed) {
    const node = layoutAreaNode(area, period.connections, x, cursor, inner);
    areas.push(node);
    cursor += node.box.height + d.areaGap;
  }
  cursor += d.laneGap - d.areaGap + 4;
  const edgeHeading = lineAt(x, cursor, ['Connections']);
  cursor += d.laneTitleHeight;
  const edges: EdgeLayout[] = [];
  period.connections.forEach((connection, index) => {
    const item = wantLabel(connection, index, 0, inner);
    edges.push(placeLabel(item, x, cursor, inner, ''));
    cursor += item.height + d.labelGap;
  });
  bottom = cursor - d.labelGap;
  return {
    mode: 'stacked',
    width,
    height: Math.ceil(bottom + d.margin),
    lanes,
    areas,
    edges,
    areaHeading,
    edgeHeading,
  };
}

/** Every body node of a layout, lane by lane. */
export function bodyNodes(layout: DiagramLayout): BodyNodeLayout[] {
  return layout.lanes.flatMap((lane) => lane.levels.flatMap((group) => group.bodies));
}

/** How one focusable item is drawn at the moment: its tab stop and its part in the highlight. */
export interface NodeState {
  tabindex: 0 | -1;
  selected: boolean;
  /** Related to the selection: held by, holding, or joined to it. */
  related: boolean;
  /** Something is selected and this item has nothing to do with it. */
  dimmed: boolean;
}

/** One stop in the diagram's keyboard order; `column` is 0 for bodies, 1 for areas, 2 for connections when wide. */
export interface FocusStop {
  id: string;
  column: number;
  /** The middle of the item, to find the nearest stop in the next column. */
  y: number;
  /** The item's full words, for its tooltip; null when nothing of it is cut short. */
  fullText: string | null;
  box: Box;
}

/** The diagram's focusable items in reading order: bodies lane by lane, then service areas, then connections. */
export function focusStops(layout: DiagramLayout): FocusStop[] {
  const wide = layout.mode === 'wide';
  const middle = (box: Box) => box.y + box.height / 2;
  return [
    ...bodyNodes(layout).map((n) => ({
      id: n.id,
      column: 0,
      y: middle(n.box),
      fullText: n.name.truncated ? n.body.name : null,
      box: n.box,
    })),
    ...layout.areas.map((a) => ({
      id: a.id,
      column: wide ? 1 : 0,
      y: middle(a.box),
      fullText: a.name.truncated ? a.area.name : null,
      box: a.box,
    })),
    ...layout.edges.map((e) => ({
      id: e.id,
      column: wide ? 2 : 0,
      y: middle(e.labelBox),
      fullText: e.label.truncated ? e.text : null,
      box: e.labelBox,
    })),
  ];
}

/**
 * Where a key moves focus inside the diagram (one tab stop; arrow keys inside it, as in the
 * WAI-ARIA toolbar and grid patterns): Down/Up to the next/previous item in reading order,
 * Right/Left to the nearest item in the next/previous column (the next/previous item when there
 * is no such column, as when stacked), Home/End to the first/last item. Null when the key does
 * not move focus.
 */
export function moveFocus(stops: readonly FocusStop[], currentId: string | null, key: string): string | null {
  if (stops.length === 0) return null;
  const index = Math.max(
    0,
    stops.findIndex((s) => s.id === currentId),
  );
  const current = stops[index]!;
  const at = (i: number) => stops[Math.min(stops.length - 1, Math.max(0, i))]!.id;
  switch (key) {
    case 'Home':
      return at(0);
    case 'End':
      return at(stops.length - 1);
    case 'ArrowDown':
      return at(index + 1);
    case 'ArrowUp':
      return at(index - 1);
    case 'ArrowRight':
    case 'ArrowLeft': {
      const step = key === 'ArrowRight' ? 1 : -1;
      const columns = [...new Set(stops.map((s) => s.column))].sort((a, b) => a - b);
      const target = columns[columns.indexOf(current.column) + step];
      if (target === undefined) return at(index + step);
      const candidates = stops.filter((s) => s.column === target);
      const nearest = candidates.reduce((best, s) =>
        Math.abs(s.y - current.y) < Math.abs(best.y - current.y) ? s : best,
      );
      return nearest.id;
    }
    default:
      return null;
  }
}

/** What a selection lights up: the selected item, the items related to it, and the same in words. */
export interface DiagramHighlight {
  selected: string;
  related: Set<string>;
  /** One sentence for the live region: "Health care: held by X and Y; connected to …". */
  summary: string;
}

/** "A", "A and B", "A, B and C". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** The bodies that hold a service area (a responsibility for it), in lane order. */
export function holdersOf(layout: DiagramLayout, areaKey: string): BodyNodeLayout[] {
  return bodyNodes(layout).filter((n) => n.body.responsibilities.some((r) => r.serviceArea.key === areaKey));
}

function connectedToWords(edges: readonly EdgeLayout[], from: ReadonlySet<string>): string {
  const parts = edges.map((e) => {
    const others = e.connection.areas.filter((a) => !from.has(a.key)).map((a) => a.name);
    const names = others.length ? listInWords(others) : listInWords(e.connection.areas.map((a) => a.name));
    return `${names} by ${connectionLabel(e.connection)}`;
  });
  return parts.length === 0 ? 'no connections recorded' : `connected to ${parts.join('; to ')}`;
}

function heldWords(layout: DiagramLayout, areaKey: string): string {
  const holders = unique(holdersOf(layout, areaKey).map((n) => n.body.name));
  return holders.length ? `held by ${listInWords(holders)}` : 'held by no body recorded in this period';
}

/**
 * What a selection highlights. A service area: the bodies that hold it, its connections and the
 * areas they join it to. A body: the areas it holds, their connections and the areas those join.
 * A connection: its areas and the bodies that hold them.
 */
export function highlightFor(layout: DiagramLayout, selection: DiagramSelection | null): DiagramHighlight | null {
  if (!selection) return null;
  const related = new Set<string>();
  if (selection.kind === 'area') {
    const area = layout.areas.find((a) => a.area.key === selection.key);
    if (!area) return null;
    for (const n of holdersOf(layout, area.area.key)) related.add(n.id);
    const edges = layout.edges.filter((e) => e.areaKeys.includes(area.area.key));
    for (const e of edges) {
      related.add(e.id);
      for (const key of e.areaKeys) if (key !== area.area.key) related.add(`area:${key}`);
    }
    const summary = `${area.area.name}: ${heldWords(layout, area.area.key)}; ${connectedToWords(edges, new Set([area.area.key]))}.`;
    return { selected: area.id, related, summary };
  }
  if (selection.kind === 'body') {
    const node = bodyNodes(layout).find((n) => n.body.id === selection.id);
    if (!node) return null;
    const held = unique(node.body.responsibilities.map((r) => r.serviceArea.key));
    const heldNames = unique(node.body.responsibilities.map((r) => r.serviceArea.name));
    for (const key of held) if (layout.areas.some((a) => a.area.key === key)) related.add(`area:${key}`);
    const edges = layout.edges.filter((e) => e.areaKeys.some((k) => held.includes(k)));
    for (const e of edges) {
      related.add(e.id);
      for (const key of e.areaKeys) related.add(`area:${key}`);
    }
    const holds = heldNames.length ? `holds ${listInWords(heldNames)}` : 'holds no service area recorded';
    const summary = heldNames.length
      ? `${node.body.name}: ${holds}; ${connectedToWords(edges, new Set(held))}.`
      : `${node.body.name}: ${holds}.`;
    return { selected: node.id, related, summary };
  }
  const edge = layout.edges.find((e) => e.connection.id === selection.id);
  if (!edge) return null;
  for (const key of edge.areaKeys) {
    related.add(`area:${key}`);
    for (const n of holdersOf(layout, key)) related.add(n.id);
  }
  const held = edge.connection.areas.map((a) => `${a.name} ${heldWords(layout, a.key)}`);
  const summary = `${edge.text}. ${held.join('; ')}.`;
  return { selected: edge.id, related, summary };
}

/**
 * Folding compact diagrams shown abreast (viewBox units). A row of diagrams is as tall as its
 * tallest; folding the taller ones to the height of the shortest leaves no blank band under it.
 * `floor`: never fold shorter than this (about a screenful at the Compare scale), so one small
 * diagram does not fold the rest to a sliver. `slack`: a diagram at most this much taller than
 * the fold stays whole, since a button in place of its last few items would save nothing.
 */
export const FOLD = { floor: 880, slack: 150, edge: 8 } as const;

/** The height the diagrams of one row fold to, or null when none needs folding. */
export function foldHeight(heights: readonly number[]): number | null {
  if (heights.length < 2) return null;
  const at = Math.max(Math.min(...heights), FOLD.floor);
  return heights.some((h) => h > at + FOLD.slack) ? at : null;
}

/** A folded diagram: what it draws, down to `y`, and how many items of each kind it leaves out. */
export interface DiagramFold {
  layout: DiagramLayout;
  y: number;
  hidden: { bodies: number; areas: number; connections: number };
  /** The focus ids of the items drawn below the fold. */
  hiddenIds: ReadonlySet<string>;
}

/** The fewest bodies a folded level still draws before saying how many more it has. */
const FOLD_BODIES = 4;

/**
 * How a diagram folds when its row folds at `at`, or null when it fits, or nearly fits, whole.
 * First its longest levels draw fewer bodies, saying how many more they have, until every lane
 * fits above the line (or each long level is down to a few bodies): every tier keeps its place in
 * view. Then the drawing is cut under the last whole item, or whole lane, above the line.
 */
export function foldDiagram(period: CaseProfilePeriod, mode: DiagramMode, at: number): DiagramFold | null {
  let layout = layoutStructureDiagram(period, mode);
  if (layout.height <= at + FOLD.slack) return null;
  const bottom = (box: Box) => box.y + box.height;
  const lanesBottom = (l: DiagramLayout) => Math.max(...l.lanes.map((lane) => bottom(lane.box)));
  const most = Math.max(0, ...period.levels.map((l) => l.bodies.length));
  for (let cap = most - 1; cap >= FOLD_BODIES && lanesBottom(layout) + FOLD.edge > at; cap -= 1) {
    layout = layoutStructureDiagram(period, mode, cap);
  }
  const stops = focusStops(layout);
  const lines = [...stops.map((s) => bottom(s.box)), ...layout.lanes.map((l) => bottom(l.box))].filter(
    (y) => y + FOLD.edge <= at,
  );
  const line = lines.length ? Math.max(...lines) : Math.min(at, layout.height);
  const below = stops.filter((s) => bottom(s.box) > line);
  const left = layout.lanes.reduce((sum, lane) => sum + lane.levels.reduce((n, g) => n + g.left, 0), 0);
  // Nothing left out, only a lane's padding or words below the line: show it whole.
  if (below.length === 0 && left === 0) return null;
  const count = (prefix: string) => below.filter((s) => s.id.startsWith(prefix)).length;
  const y = below.length === 0 ? layout.height : Math.ceil(line + FOLD.edge);
  return {
    layout,
    y,
    hidden: { bodies: left + count('body:'), areas: count('area:'), connections: count('connection:') },
    hiddenIds: new Set(below.map((s) => s.id)),
  };
}
/** "9 bodies, 2 service areas and 13 connections": what a fold hides, in words. */
export function foldedWords(hidden: DiagramFold['hidden']): string {
  const part = (n: number, one: string, many: string) => (n === 0 ? [] : [`${n} ${n === 1 ? one : many}`]);
  return listInWords([
    ...part(hidden.bodies, 'body', 'bodies'),
    ...part(hidden.areas, 'service area', 'service areas'),
    ...part(hidden.connections, 'connection', 'connections'),
  ]);
}
