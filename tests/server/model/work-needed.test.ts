import { describe, expect, it } from 'vitest';
import { caseWork, type CaseProfileDoc } from '@casebook/schema';
import { draftDocument } from '../../support/draft-fixtures.js';

// What needs work in a case: the current period's declared coverage, claims without a source or
// marked uncertain (with the path of the first, to open its form), and current periods due for review.
function twoPeriods(): CaseProfileDoc {
  const doc = draftDocument();
  doc.reviewed = '2026-11';
  doc.periods = [
    { key: 'before', label: 'Before the reform', validTo: '2019', reviewed: '2015' },
    {
      key: 'after',
      label: 'After the reform',
      validFrom: '2020',
      coverage: { levels: 'complete', connections: 'not-recorded' },
      levels: [
        {
          key: 'national',
          tier: 'NATIONAL',
          name: 'National government',
          cite: ['report-a'],
          bodies: [
            {
              key: 'ministry',
              name: 'Ministry',
              type: 'MINISTRY',
              cite: [],
              responsibilities: [
                { key: 'policy', function: 'POLICY', serviceArea: 'childrens-social-work', cite: ['report-a'] },
              ],
            },
          ],
        },
      ],
    },
  ];
  doc.lessons![1]!.uncertain = true;
  doc.lessons![1]!.note = 'The evaluation is not yet published.';
  doc.timeline = [{ key: 'act', date: '2020', title: 'The act', cite: [] }];
  return doc;
}

describe('what needs work in a case', () => {
  it('reads the current period’s coverage by section, with the parts it holds', () => {
    const work = caseWork(twoPeriods(), '2026-12-04');
    expect(work.period).toEqual({ key: 'after', label: 'After the reform', path: 'periods.1' });
    expect(work.sections).toEqual([
      { section: 'levels', coverage: 'COMPLETE', parts: 2, path: 'periods.1' },
      { section: 'responsibilities', coverage: 'PARTIAL', parts: 1, path: 'periods.1' },
      { section: 'connections', coverage: 'NOT_RECORDED', parts: 0, path: 'periods.1' },
    ]);
  });

  it('counts claims, the uncertain and the unsourced, and points at the first of each', () => {
    const work = caseWork(twoPeriods(), '2026-12-04');
    // Level, body, responsibility, one event, two lessons.
    expect(work.claims).toBe(6);
    expect(work.unsourced).toBe(2);
    expect(work.firstUnsourced).toBe('periods.1.levels.0.bodies.0');
    expect(work.uncertain).toBe(1);
    expect(work.firstUncertain).toBe('lessons.1');
  });

  it('finds a current period due for review only when its last review is over two years old', () => {
    const doc = twoPeriods();
    // The period takes the case's review date (November 2026); the old period's 2015 is not current.
    expect(caseWork(doc, '2026-12-04').reviewsDue).toEqual([]);
    doc.periods[1]!.reviewed = '2024-12';
    // December 2024 lasts to its 31st: on 4 December 2026 that is under two years ago, in 2027 it is over.
    expect(caseWork(doc, '2026-12-04').reviewsDue).toEqual([]);
    expect(caseWork(doc, '2027-01-01').reviewsDue).toEqual([
      { key: 'after', label: 'After the reform', reviewed: '2024-12', path: 'periods.1' },
    ]);
    delete doc.reviewed;
    delete doc.periods[1]!.reviewed;
    expect(caseWork(doc, '2026-12-04').reviewsDue).toEqual([
      { key: 'after', label: 'After the reform', reviewed: null, path: 'periods.1' },
    ]);
  });

  it('takes the latest period as current when none is open-ended', () => {
    const doc = twoPeriods();
    doc.periods[1]!.validTo = '2025';
    expect(caseWork(doc, '2026-12-04').period?.key).toBe('after');
  });
});
