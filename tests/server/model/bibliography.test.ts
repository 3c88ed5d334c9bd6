import { describe, expect, it } from 'vitest';
import { CASE_PROFILE_FORMAT, caseClaims, claimMatches, claimsCiting, type CaseProfileDoc } from '@casebook/schema';
import { citeClaims, mergeSources } from '@casebook/schema/editing';
import { validateDraftProfile } from '@casebook/schema/validate';

// The bibliography's document work: the claims of a case named in words, a duplicate source merged
// into the one kept, and one source added to several claims at once.
function doc(): CaseProfileDoc {
  return {
    format: CASE_PROFILE_FORMAT,
    slug: 'testland',
    name: 'Testland',
    kind: 'COUNTRY',
    jurisdiction: 'Testland',
    baseline: false,
    summary: 'A case for the bibliography.',
    periods: [
      {
        key: 'now',
        label: 'Since 2020',
        levels: [
          {
            key: 'national',
            tier: 'NATIONAL',
            name: 'National government',
            cite: ['old', 'kept'],
            bodies: [
              {
                key: 'ministry',
                name: 'Ministry of Care',
                type: 'MINISTRY',
                cite: [{ source: 'old', locator: 'p. 4' }],
                responsibilities: [{ key: 'policy', function: 'POLICY', serviceArea: 'health', cite: ['kept'] }],
              },
            ],
          },
        ],
        connections: [{ key: 'h-e', between: ['health', 'education'], mechanisms: ['JOINT_BOARD'], cite: ['old'] }],
      },
    ],
    timeline: [
      { key: 'reform', date: '2020', title: 'The reform', cite: ['kept', { source: 'old', locator: 's. 2' }] },
    ],
    lessons: [{ key: 'lead', theme: 'leadership', title: 'Keep the leaders', detail: 'They matter.', cite: ['kept'] }],
    sources: [
      { key: 'kept', url: 'https://example.org/report', title: 'The report', standing: 'OFFICIAL' },
      { key: 'old', url: 'http://example.org/report/', title: 'The report (old address)', standing: 'OFFICIAL' },
    ],
  };
}

describe('the claims of a case in words', () => {
  it('names each claim by its kind and name, grouped by period, the timeline and the lessons', () => {
    const claims = caseClaims(doc());
    expect(claims.map((c) => c.words)).toEqual([
      'Level “National government”',
      'Body “Ministry of Care” in National government',
      'Responsibility “Policy: Health care” of Ministry of Care',
      'Connection “Health care and Education”',
      'Event “The reform”',
      'Lesson “Keep the leaders”',
    ]);
    expect(claims.map((c) => c.group.label)).toEqual([
      'Since 2020',
      'Since 2020',
      'Since 2020',
      'Since 2020',
      'Timeline',
      'Lessons',
    ]);
    expect(claims[2]).toMatchObject({
      kind: 'RESPONSIBILITY',
      key: 'policy',
      periodKey: 'now',
      parentKey: 'ministry',
      path: 'periods.0.levels.0.bodies.0.responsibilities.0',
    });
    expect(claimsCiting(doc(), 'old').map((c) => c.key)).toEqual(['national', 'ministry', 'h-e', 'reform']);
    expect(claims.filter((c) => claimMatches(c, 'ministry care')).map((c) => c.key)).toEqual(['ministry', 'policy']);
  });
});

describe('merging a duplicate source', () => {
  it('makes every citation of the merged source cite the kept one, never twice, and removes it', () => {
    const merged = mergeSources(doc(), 'kept', 'old');
    if (Array.isArray(merged)) throw new Error(JSON.stringify(merged));
    const level = merged.periods[0]!.levels![0]!;
    expect(level.cite).toEqual(['kept']);
    expect(level.bodies![0]!.cite).toEqual([{ source: 'kept', locator: 'p. 4' }]);
    expect(merged.periods[0]!.connections![0]!.cite).toEqual(['kept']);
    // Cited both ways: the kept citation takes the merged one's locator.
    expect(merged.timeline![0]!.cite).toEqual([{ source: 'kept', locator: 's. 2' }]);
    expect(merged.sources.map((s) => s.key)).toEqual(['kept']);
    expect(claimsCiting(merged, 'old')).toEqual([]);
    expect(validateDraftProfile(merged).ok).toBe(true);
  });

  it('refuses the same source twice and a source that is not there, changing nothing', () => {
    const before = doc();
    expect(mergeSources(before, 'kept', 'kept')).toEqual([
      {
        code: 'INVALID',
        path: 'merge',
        message: 'A source cannot be merged into itself: choose two different sources.',
      },
    ]);
    expect(mergeSources(before, 'nowhere', 'old')).toMatchObject([{ code: 'NOT_FOUND', path: 'keep' }]);
    expect(mergeSources(before, 'kept', 'gone')).toMatchObject([{ code: 'NOT_FOUND', path: 'merge' }]);
    expect(before).toEqual(doc());
  });
});

describe('citing several claims at once', () => {
  it('adds the source to each claim named, leaving those that already cite it as they are', () => {
    const cited = citeClaims(doc(), 'old', [
      { kind: 'RESPONSIBILITY', key: 'policy', periodKey: 'now' },
      { kind: 'LESSON', key: 'lead' },
      { kind: 'LEVEL', key: 'national', periodKey: 'now' },
    ]);
    if (Array.isArray(cited)) throw new Error(JSON.stringify(cited));
    expect(cited.periods[0]!.levels![0]!.bodies![0]!.responsibilities![0]!.cite).toEqual(['kept', 'old']);
    expect(cited.lessons![0]!.cite).toEqual(['kept', 'old']);
    expect(cited.periods[0]!.levels![0]!.cite).toEqual(['old', 'kept']);
  });

  it('says so when every claim chosen already cites it, and refuses what is not there', () => {
    expect(citeClaims(doc(), 'old', [{ kind: 'LEVEL', key: 'national', periodKey: 'now' }])).toEqual([
      {
        code: 'INVALID',
        path: 'claims',
        message: 'The claim chosen already cites “The report (old address)”: nothing was changed.',
      },
    ]);
    expect(citeClaims(doc(), 'none', [{ kind: 'LESSON', key: 'lead' }])).toMatchObject([
      { code: 'NOT_FOUND', path: 'sourceKey' },
    ]);
    expect(
      citeClaims(doc(), 'old', [
        { kind: 'LESSON', key: 'lead' },
        { kind: 'BODY', key: 'ministry', periodKey: 'elsewhere' },
      ]),
    ).toMatchObject([{ code: 'NOT_FOUND', path: 'claims.1' }]);
    expect(citeClaims(doc(), 'old', [])).toMatchObject([{ code: 'INVALID', path: 'claims' }]);
  });

  it('refuses a claim that cites as many sources as one may', () => {
    const full = doc();
    full.sources.push(
      ...Array.from({ length: 20 }, (_, i) => ({
        key: `s${i}`,
        url: `https://example.org/${i}`,
        title: `Source ${i}`,
        standing: 'OFFICIAL' as const,
      })),
    );
    full.lessons![0]!.cite = full.sources.slice(2).map((s) => s.key);
    expect(citeClaims(full, 'old', [{ kind: 'LESSON', key: 'lead' }])).toEqual([
      {
        code: 'INVALID',
        path: 'claims.0',
        message: 'Lesson “Keep the leaders” already cites 20 sources, the most one claim may cite.',
      },
    ]);
  });
});
