import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  anchorInWords,
  anchorProblems,
  commentableFields,
  commentableParts,
  commentThreads,
  type CaseProfileDoc,
} from '@casebook/schema';
import { parseDocumentText } from '@casebook/schema/format';
import { alphaFile } from '../profile/helpers.js';

// What a review comment is about, in words and checked against the draft; and comments as threads.
const doc = parseDocumentText(readFileSync(alphaFile, 'utf8'), alphaFile).value as CaseProfileDoc;

describe('comment anchors', () => {
  it('lists every part of the draft, named, in page order', () => {
    const parts = commentableParts(doc);
    expect(parts[0]).toEqual({ kind: 'CASE', key: null, periodKey: null, label: 'The headline', path: 'name' });
    expect(parts.find((p) => p.kind === 'BODY' && p.key === 'county-councils')).toEqual({
      kind: 'BODY',
      key: 'county-councils',
      periodKey: 'from-2020',
      label: 'Body “County councils” in the period “County services (from 2020)”',
      path: 'periods.1.levels.2.bodies.0',
    });
    // The same key in two periods is two parts.
    expect(parts.filter((p) => p.kind === 'LEVEL' && p.key === 'ministry-level')).toHaveLength(2);
    expect(parts.at(-1)?.kind).toBe('SOURCE');
  });

  it('offers each field once, by the name the file format gives it', () => {
    const connection = commentableFields('CONNECTION').map((f) => f.name);
    expect(connection).toContain('between');
    expect(connection.filter((f) => f === 'between')).toHaveLength(1);
    expect(commentableFields('BODY').find((f) => f.name === 'name')?.label).toBe('Name');
  });

  it('finds what is wrong with an anchor, by the argument', () => {
    expect(anchorProblems(doc, {})).toEqual([]);
    expect(anchorProblems(doc, { partKind: 'CASE', field: 'summary' })).toEqual([]);
    expect(anchorProblems(doc, { partKind: 'BODY', partKey: 'county-councils', periodKey: 'before-2020' })).toEqual([
      {
        field: 'partKey',
        message: 'The draft has no body “county-councils” in the period “before-2020” to comment on.',
      },
    ]);
    expect(anchorProblems(doc, { partKind: 'LESSON', partKey: 'pooled-budgets', field: 'colour' })[0]?.field).toBe(
      'field',
    );
    expect(anchorProblems(doc, { field: 'name' })[0]?.field).toBe('field');
  });

  it('tells a part since removed from the draft as removed', () => {
    expect(anchorInWords(doc, { partKind: 'LESSON', partKey: 'gone', field: 'title' })).toBe(
      'Lesson since removed from the draft, its title',
    );
    expect(anchorInWords(doc, {})).toBe('The whole draft');
    expect(anchorInWords(doc, { partKey: 'pooled-budgets' })).toMatch(/^Lesson “/);
  });
});

describe('comment threads', () => {
  const c = (id: string, minute: number, parentId: string | null = null) => ({
    id,
    parentId,
    createdAt: new Date(Date.UTC(2026, 11, 7, 9, minute)).toISOString(),
  });

  it('hang replies on the comment that opened their thread, oldest first', () => {
    const threads = commentThreads([c('r2', 5, 'a'), c('b', 2), c('a', 1), c('r1', 3, 'a')]);
    expect(threads.map((t) => [t.root.id, t.replies.map((r) => r.id)])).toEqual([
      ['a', ['r1', 'r2']],
      ['b', []],
    ]);
  });

  it('never hide a reply whose thread is missing', () => {
    expect(commentThreads([c('r', 1, 'missing')]).map((t) => t.root.id)).toEqual(['r']);
  });
});
