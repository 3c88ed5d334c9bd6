import { fieldLabel } from './diff-words.js';
import type { CaseProfileDoc } from './document.js';
import type { DocumentPartKind } from './enums.js';
import { PART_FIELDS, PART_NAMES } from './forms.js';
import { sentence } from './labels.js';

/**
 * Review comments' anchors and threads: a comment is about the whole draft, a part (by kind, key
 * and for parts inside a period its period), or one field of a part; replies hang on the comment
 * that opened the thread.
 */

/** What a comment is about; every member null or absent for the whole draft. */
export interface CommentAnchor {
  partKind?: DocumentPartKind | null;
  partKey?: string | null;
  periodKey?: string | null;
  field?: string | null;
}

/** One part of a draft a comment can be about, named for a reader. */
export interface CommentablePart {
  kind: DocumentPartKind;
  key: string | null;
  periodKey: string | null;
  /** "Body “Tusla” in the period “2014 onwards”". */
  label: string;
  /** Where it is in the document, as problems name places: `periods.1.levels.0.bodies.2` (`name` for the headline). */
  path: string;
}

type Item = Record<string, unknown>;
const listOf = (owner: unknown, name: string): Item[] =>
  owner && typeof owner === 'object' && Array.isArray((owner as Item)[name]) ? ((owner as Item)[name] as Item[]) : [];
const nameOf = (item: Item): string | null => {
  const name = [item.name, item.title, item.label].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return name ?? null;
};
const keyOf = (item: Item): string | null => (typeof item.key === 'string' ? item.key : null);

/** A part in words: its kind, its name (its key when it has none yet), and its period. */
function partLabel(kind: DocumentPartKind, item: Item, period: Item | null): string {
  if (kind === 'CASE') return 'The headline';
  const name = nameOf(item) ?? keyOf(item) ?? '';
  const where = period ? ` in the period “${nameOf(period) ?? keyOf(period) ?? ''}”` : '';
  return `${sentence(PART_NAMES[kind])} “${name}”${where}`;
}

/** Every part of a draft in the order the draft page shows them, the headline first. */
export function commentableParts(doc: CaseProfileDoc): CommentablePart[] {
  const d = doc as unknown as Item;
  const parts: CommentablePart[] = [
    { kind: 'CASE', key: null, periodKey: null, label: partLabel('CASE', d, null), path: 'name' },
  ];
  const add = (kind: DocumentPartKind, item: Item, period: Item | null, path: string) =>
    parts.push({
      kind,
      key: keyOf(item),
      periodKey: period ? keyOf(period) : null,
      label: partLabel(kind, item, period),
      path,
    });
  listOf(d, 'periods').forEach((period, p) => {
    add('PERIOD', period, null, `periods.${p}`);
    listOf(period, 'levels').forEach((level, l) => {
      add('LEVEL', level, period, `periods.${p}.levels.${l}`);
      listOf(level, 'bodies').forEach((body, b) => {
        const at = `periods.${p}.levels.${l}.bodies.${b}`;
        add('BODY', body, period, at);
        listOf(body, 'responsibilities').forEach((r, i) =>
          add('RESPONSIBILITY', r, period, `${at}.responsibilities.${i}`),
        );
      });
    });
    listOf(period, 'connections').forEach((c, i) => add('CONNECTION', c, period, `periods.${p}.connections.${i}`));
  });
  for (const [list, kind] of [
    ['timeline', 'EVENT'],
    ['lessons', 'LESSON'],
    ['sources', 'SOURCE'],
  ] as const)
    listOf(d, list).forEach((item, i) => add(kind, item, null, `${list}.${i}`));
  return parts;
}

const INSIDE_PERIOD: readonly DocumentPartKind[] = ['LEVEL', 'BODY', 'RESPONSIBILITY', 'CONNECTION'];

/** The fields of a kind of part a comment can name, with their labels as the form gives them. */
export function commentableFields(kind: DocumentPartKind): { name: string; label: string }[] {
  const seen = new Set<string>();
  return PART_FIELDS[kind].flatMap((spec) => {
    const name = spec.item ? spec.item.of : spec.name;
    if (seen.has(name)) return [];
    seen.add(name);
    const label = spec.item ? (spec.group?.legend ?? fieldLabel(kind, name)) : spec.label;
    return [{ name, label: label.replace(/\s*\([^)]*\)$/, '') }];
  });
}

/** The part an anchor names, when the draft has it. */
export function anchoredPart(doc: CaseProfileDoc, anchor: CommentAnchor): CommentablePart | null {
  if (!anchor.partKind) return null;
  return (
    commentableParts(doc).find(
      (p) =>
        p.kind === anchor.partKind &&
        (p.kind === 'CASE' || p.key === (anchor.partKey ?? null)) &&
        (INSIDE_PERIOD.includes(p.kind) ? p.periodKey === (anchor.periodKey ?? null) : true),
    ) ?? null
  );
}

/** What is wrong with an anchor for this draft, by the argument that is wrong; empty when it is sound. */
export function anchorProblems(
  doc: CaseProfileDoc,
  anchor: CommentAnchor,
): { field: 'partKind' | 'partKey' | 'periodKey' | 'field'; message: string }[] {
  if (!anchor.partKind) {
    return anchor.field ? [{ field: 'field', message: 'Name the part whose field the comment is about.' }] : [];
  }
  const kind = anchor.partKind;
  if (kind !== 'CASE' && !anchor.partKey)
    return [{ field: 'partKey', message: `Name the ${PART_NAMES[kind]} the comment is about.` }];
  if (INSIDE_PERIOD.includes(kind) && !anchor.periodKey)
    return [{ field: 'periodKey', message: `Name the period of the ${PART_NAMES[kind]} the comment is about.` }];
  if (!anchoredPart(doc, anchor))
    return [
      {
        field: 'partKey',
        message: `The draft has no ${PART_NAMES[kind]} “${anchor.partKey ?? ''}”${
          INSIDE_PERIOD.includes(kind) ? ` in the period “${anchor.periodKey ?? ''}”` : ''
        } to comment on.`,
      },
    ];
  if (anchor.field && !commentableFields(kind).some((f) => f.name === anchor.field))
    return [{ field: 'field', message: `A ${PART_NAMES[kind]} has no field “${anchor.field}”.` }];
  return [];
}

/**
 * What a comment is about, in words, from the draft (or the edition) it was written on: "Body
 * “Tusla” in the period “2014 onwards”, its name". A part no longer there is said to be removed.
 */
export function anchorInWords(doc: CaseProfileDoc | null | undefined, anchor: CommentAnchor): string {
  if (!anchor.partKind) {
    // Comments written before parts had kinds name a lesson or a source by key.
    if (!anchor.partKey) return 'The whole draft';
    const legacy =
      doc &&
      (
        [
          ['LESSON', 'lessons'],
          ['SOURCE', 'sources'],
        ] as const
      )
        .map(([kind]) => anchoredPart(doc, { partKind: kind, partKey: anchor.partKey }))
        .find(Boolean);
    return legacy ? legacy.label : 'A part since removed from the draft';
  }
  const part = doc ? anchoredPart(doc, anchor) : null;
  const label = part?.label ?? `${sentence(PART_NAMES[anchor.partKind])} since removed from the draft`;
  if (!anchor.field) return label;
  const field = commentableFields(anchor.partKind).find((f) => f.name === anchor.field);
  return `${label}, its ${(field?.label ?? anchor.field).toLowerCase()}`;
}

/** A comment as threads need it. */
export interface ThreadedComment {
  id: string;
  parentId?: string | null;
  createdAt: string | Date;
}

/** A thread: the comment that opened it and its replies, oldest first. */
export interface CommentThread<C extends ThreadedComment> {
  root: C;
  replies: C[];
}

/**
 * Comments as threads, in the order they were opened. A reply whose opening comment is not in the
 * list (none should be) opens a thread of its own, so that no comment is ever hidden.
 */
export function commentThreads<C extends ThreadedComment>(comments: readonly C[]): CommentThread<C>[] {
  const time = (c: C) => new Date(c.createdAt).getTime();
  const sorted = [...comments].sort((a, b) => time(a) - time(b));
  const ids = new Set(sorted.map((c) => c.id));
  const threads = new Map<string, CommentThread<C>>();
  for (const c of sorted) if (!c.parentId || !ids.has(c.parentId)) threads.set(c.id, { root: c, replies: [] });
  for (const c of sorted) if (c.parentId && threads.has(c.parentId)) threads.get(c.parentId)!.replies.push(c);
  return [...threads.values()];
}
