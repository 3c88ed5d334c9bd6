import { describe, expect, it } from 'vitest';
import { changeInWords, type CaseProfileDoc } from '@casebook/schema';
import { documentDiff } from '@casebook/schema/diff';
import { readSeed } from '../comparison/helpers.js';

// changeInWords: a revision's or a publication's changes as people read them, with no file code
// or field name left: fields by their form labels, values through the vocabularies' words.
const CODE = /\b[A-Z][A-Z_]+[A-Z]\b/;

/** A seed case edited where its vocabularies show: tiers, functions, mechanisms, standing and more. */
function edited(): { before: CaseProfileDoc; after: CaseProfileDoc } {
  const before = readSeed('finland');
  const after = structuredClone(before);
  const period = after.periods[0]!;
  const level = period.levels![0]!;
  level.tier = 'REGIONAL';
  const body = level.bodies![0]!;
  body.type = 'AGENCY';
  body.uncertain = false;
  body.cite = [...body.cite, after.sources[0]!.key];
  body.extent = { count: 9, of: 31, unit: 'partnerships', asOf: '2018' };
  body.responsibilities![0]!.function = 'FUNDING';
  body.responsibilities![0]!.serviceArea = 'health';
  const connection = period.connections![0]!;
  connection.mechanisms = ['INFORMATION_SHARING', 'POOLED_BUDGET'];
  connection.tier = 'NATIONAL';
  after.sources[0]!.standing = 'ACADEMIC';
  after.lessons![0]!.evidenceStrength = 'CONTESTED';
  return { before, after };
}

const rendered = (doc: CaseProfileDoc, changes: ReturnType<typeof documentDiff>) =>
  changes
    .map((c) => changeInWords(c, doc))
    .map((w) => [w.part, w.label, ...w.fields.flatMap((f) => [f.label, f.before, f.after])].join('\n'))
    .join('\n');

describe('changeInWords', () => {
  it('leaves no upper-case code in a diff of two versions of a seed case', () => {
    const { before, after } = edited();
    const changes = documentDiff(before, after);
    const raw = changes.flatMap((c) => [...c.before, ...c.after]).join('\n');
    // The diff itself still holds the codes (the API's data is unchanged) ...
    for (const code of ['REGIONAL', 'AGENCY', 'FUNDING', 'INFORMATION_SHARING', 'ACADEMIC', 'CONTESTED'])
      expect(raw).toContain(code);
    // ... and the words hold none of them.
    // Source titles are the sources' own words (an acronym such as CELCIS among them), so they are left out of the check.
    let text = rendered(after, changes);
    for (const s of after.sources) text = text.split(s.title).join('(a source)');
    expect(text).not.toMatch(CODE);
    expect(text).not.toMatch(/evidenceStrength|serviceArea|"count"/);
  });

  it('tells each field by its label and each value in words', () => {
    const { before, after } = edited();
    const words = documentDiff(before, after).map((c) => changeInWords(c, after));
    const field = (part: string, label: string) => {
      const found = words.filter((w) => w.part === part).flatMap((w) => w.fields.filter((f) => f.label === label));
      expect(found, `${part}: ${label}`).toHaveLength(1);
      return found[0]!;
    };
    expect(field('level', 'Tier')).toEqual({ label: 'Tier', before: 'National', after: 'Regional' });
    expect(field('body', 'Type')).toMatchObject({ before: 'Ministry', after: 'Agency' });
    expect(field('body', 'The evidence for this is uncertain')).toMatchObject({ before: 'Yes', after: 'No' });
    expect(field('body', 'Sources cited').after).toBe(
      `${after.sources.find((s) => s.key === 'stm-child-welfare')!.title} and ${after.sources[0]!.title}`,
    );
    expect(field('body', 'Where it holds')).toMatchObject({
      before: '',
      after: 'In 9 of 31 partnerships, as of 2018.',
    });
    expect(field('responsibility', 'Function')).toMatchObject({ before: 'Policy', after: 'Funding' });
    expect(field('responsibility', 'Service area').before).toBe("Children's social work and care");
    expect(field('connection', 'Mechanisms')).toMatchObject({
      before: 'Structural integration',
      after: 'Information sharing and Pooled budget',
    });
    expect(field('connection', 'Tier where it is made')).toMatchObject({ before: 'Local', after: 'National' });
    expect(field('source', 'Standing')).toMatchObject({ before: 'Study output', after: 'Academic' });
    expect(field('lesson', 'Evidence strength')).toMatchObject({ before: '', after: 'Contested' });
    const responsibility = words.find((w) => w.part === 'responsibility')!;
    expect(responsibility.label).toContain('(Health');
    expect(words.find((w) => w.part === 'connection')!.label).toBe("Children's social work and care and Health care");
  });
});
