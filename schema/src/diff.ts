import { coverageText, periodCoverage } from './coverage.js';
import type { CaseProfileDoc } from './document.js';

/** One part added, removed or changed between two versions of a document. */
export interface DocumentChange {
  /** period, level, body, responsibility, connection, event, lesson, source, notModelled, or case for the headline. */
  part: string;
  change: 'ADDED' | 'REMOVED' | 'CHANGED';
  /** Where the part is: e.g. `from-2013/spa` for a body in a period, or its key. */
  path: string;
  /** Its name or title. */
  label: string;
  /** For a change: the fields that differ, and each before and after, as text. */
  fields: string[];
  before: string[];
  after: string[];
}

/** One part of a document, flattened: where it is, what it is, and its own fields. */
interface FlatPart {
  part: string;
  path: string;
  label: string;
  fields: Record<string, string>;
}

const CHILD_LISTS = new Set([
  'periods',
  'levels',
  'bodies',
  'responsibilities',
  'connections',
  'timeline',
  'lessons',
  'sources',
  'notModelled',
]);

/** A part's own fields as text, without its child lists. */
function ownFields(part: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(part)) {
    if (CHILD_LISTS.has(field) || value === undefined || value === null) continue;
    out[field] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** Which fields a diff compares: readers' diffs leave out what only editors see. */
export interface DiffOptions {
  /** Whether `editorNote` counts (true for editors; false for what readers are shown). */
  editorNotes?: boolean;
}

/** Flattens a case profile into its parts, keyed so that the same part matches across versions. */
export function flatten(doc: CaseProfileDoc, options: DiffOptions = {}): Map<string, FlatPart> {
  const parts = new Map<string, FlatPart>();
  const editorNotes = options.editorNotes ?? true;
  const add = (part: string, path: string, label: string, fields: Record<string, string>) => {
    if (!editorNotes) delete fields.editorNote;
    parts.set(`${part}:${path}`, { part, path, label, fields });
  };
  add('case', doc.slug, doc.name, ownFields(doc));
  for (const n of doc.notModelled ?? []) add('notModelled', n.url, n.url, ownFields(n));
  for (const p of doc.periods) {
    // In words, and as it reads: a period that says nothing covers what one that says "partial" does.
    add('period', p.key, p.label, { ...ownFields(p), coverage: coverageText(periodCoverage(p)) });
    for (const l of p.levels ?? []) {
      add('level', `${p.key}/${l.key}`, l.name, ownFields(l));
      for (const b of l.bodies ?? []) {
        add('body', `${p.key}/${b.key}`, b.name, { ...ownFields(b), level: l.key });
        for (const r of b.responsibilities ?? [])
          add('responsibility', `${p.key}/${r.key}`, `${b.name}: ${r.function.toLowerCase()} (${r.serviceArea})`, {
            ...ownFields(r),
            body: b.key,
          });
      }
    }
    for (const c of p.connections ?? []) add('connection', `${p.key}/${c.key}`, c.between.join(' and '), ownFields(c));
  }
  for (const e of doc.timeline ?? []) add('event', e.key, e.title, ownFields(e));
  for (const l of doc.lessons ?? []) add('lesson', l.key, l.title, ownFields(l));
  for (const s of doc.sources) add('source', s.key, s.title, ownFields(s));
  return parts;
}

/**
 * Every part added, removed or changed (field by field) from one document to another, by key.
 * With `editorNotes: false` (a publication, which readers read) editor notes are not compared, so
 * a part whose editor note alone changed is not listed and no note's text is shown.
 */
export function documentDiff(
  before: CaseProfileDoc | null,
  after: CaseProfileDoc,
  options: DiffOptions = {},
): DocumentChange[] {
  const a = before ? flatten(before, options) : new Map<string, FlatPart>();
  const b = flatten(after, options);
  const changes: DocumentChange[] = [];
  for (const [id, part] of a)
    if (!b.has(id))
      changes.push({
        part: part.part,
        change: 'REMOVED',
        path: part.path,
        label: part.label,
        fields: [],
        before: [],
        after: [],
      });
  for (const [id, part] of b)
    if (!a.has(id))
      changes.push({
        part: part.part,
        change: 'ADDED',
        path: part.path,
        label: part.label,
        fields: [],
        before: [],
        after: [],
      });
  for (const [id, part] of b) {
    const old = a.get(id);
    if (!old) continue;
    const fields = [...new Set([...Object.keys(old.fields), ...Object.keys(part.fields)])].filter(
      (f) => old.fields[f] !== part.fields[f],
    );
    if (fields.length) {
      changes.push({
        part: part.part,
        change: 'CHANGED',
        path: part.path,
        label: part.label,
        fields,
        before: fields.map((f) => old.fields[f] ?? ''),
        after: fields.map((f) => part.fields[f] ?? ''),
      });
    }
  }
  return changes;
}

/** "2 added, 1 removed, 3 changed" */
export function summarise(changes: DocumentChange[]): string {
  const n = (kind: string) => changes.filter((c) => c.change === kind).length;
  return changes.length ? `${n('ADDED')} added, ${n('REMOVED')} removed, ${n('CHANGED')} changed` : 'no changes';
}
