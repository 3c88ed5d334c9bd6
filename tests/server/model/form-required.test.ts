import { describe, expect, it } from 'vitest';
import { PART_FIELDS, type CaseProfileDoc, type DocumentPartKind, type FieldSpec } from '@casebook/schema';
import { withCiteLists } from '@casebook/schema/editing';
import { validateDraftProfile } from '@casebook/schema/validate';
import { readSeedCases } from '../../support/seeds.js';

// A form marks a field required exactly when a draft refuses the part without it: an editor never
// meets "needs at least one item" at a field the form did not mark, nor a marker the save ignores.
type Loose = Record<string, unknown>;

/** The first part of each kind in the seed cases, with its document path. */
function samples(docs: CaseProfileDoc[]): Map<DocumentPartKind, { doc: CaseProfileDoc; path: string }> {
  const found = new Map<DocumentPartKind, { doc: CaseProfileDoc; path: string }>();
  const put = (kind: DocumentPartKind, doc: CaseProfileDoc, path: string) => {
    if (!found.has(kind)) found.set(kind, { doc, path });
  };
  for (const doc of docs) {
    put('CASE', doc, '');
    doc.periods.forEach((p, i) => {
      put('PERIOD', doc, `periods.${i}`);
      (p.levels ?? []).forEach((l, j) => {
        put('LEVEL', doc, `periods.${i}.levels.${j}`);
        (l.bodies ?? []).forEach((b, k) => {
          put('BODY', doc, `periods.${i}.levels.${j}.bodies.${k}`);
          (b.responsibilities ?? []).forEach((_, m) =>
            put('RESPONSIBILITY', doc, `periods.${i}.levels.${j}.bodies.${k}.responsibilities.${m}`),
          );
        });
      });
      (p.connections ?? []).forEach((_, j) => put('CONNECTION', doc, `periods.${i}.connections.${j}`));
    });
    (doc.timeline ?? []).forEach((_, i) => put('EVENT', doc, `timeline.${i}`));
    (doc.lessons ?? []).forEach((_, i) => put('LESSON', doc, `lessons.${i}`));
    doc.sources.forEach((_, i) => put('SOURCE', doc, `sources.${i}`));
  }
  return found;
}

const at = (doc: unknown, path: string): Loose =>
  (path ? path.split('.').reduce<unknown>((v, k) => (v as Loose)[k], doc) : doc) as Loose;

/** What the form sends for a field left empty: no value, or an empty list for a list of ticks or sources. */
function emptied(part: Loose, spec: FieldSpec): void {
  if (spec.type === 'checkboxes' || spec.type === 'multiselect') part[spec.name] = [];
  else delete part[spec.name];
}

describe('required markers', () => {
  it('agree with what a draft refuses, for every field of every form', async () => {
    const found = samples(await readSeedCases());
    const disagree: string[] = [];
    for (const [kind, specs] of Object.entries(PART_FIELDS) as [DocumentPartKind, FieldSpec[]][]) {
      const sample = found.get(kind);
      expect(sample, `a seeded ${kind}`).toBeDefined();
      for (const spec of specs) {
        // Keys name the part; members of a list or object and rows are checked with their whole.
        if (spec.name === 'key' || spec.item || spec.columns || spec.type === 'checkbox') continue;
        const doc = structuredClone(sample!.doc);
        const part = at(doc, sample!.path);
        if (spec.shownWith) part[spec.shownWith] = true;
        emptied(part, spec);
        withCiteLists(doc);
        const field = sample!.path ? `${sample!.path}.${spec.name}` : spec.name;
        const checked = validateDraftProfile(doc);
        const refused = !checked.ok && checked.problems.some((p) => p.path === field);
        if (refused !== Boolean(spec.required))
          disagree.push(
            `${kind}.${spec.name}: marked ${spec.required ? 'required' : 'optional'}, but a draft ${refused ? 'refuses' : 'accepts'} it empty`,
          );
      }
    }
    expect(disagree).toEqual([]);
  });
});
