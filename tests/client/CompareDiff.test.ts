import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import CompareDiff from '@/features/compare/components/CompareDiff.vue';
import type { ComparePickerQuery, StructuralDiffQuery } from '@/gql/graphql';

type Diff = StructuralDiffQuery['structuralDiff'];
type Change = Diff['changes'][number];
type PickerCase = ComparePickerQuery['caseStudies']['nodes'][number];

enableAutoUnmount(afterEach);

const BEFORE = 'Child, Youth and Family within the Ministry of Social Development (before 1 April 2017)';
const AFTER = 'Oranga Tamariki – Ministry for Children (from 1 April 2017)';
const NEW_ZEALAND: PickerCase = {
  id: 'case-nz',
  slug: 'new-zealand',
  name: 'New Zealand',
  baseline: false,
  periods: [
    { key: 'before-2017', label: BEFORE, current: false, validFrom: null, validTo: null },
    { key: 'from-2017', label: AFTER, current: true, validFrom: null, validTo: null },
  ],
};

const change = (
  kind: Change['change'],
  part: Change['part'],
  key: string,
  label: string,
  extra: Partial<Change> = {},
) => ({ change: kind, part, key, label, tier: 'NATIONAL', fields: [], ...extra }) satisfies Change;

function mountDiff(changes: Change[]) {
  const diff: Diff = {
    from: { selector: 'new-zealand@2016-06-30', caseStudy: { name: 'New Zealand' }, period: { label: BEFORE } },
    to: { selector: 'new-zealand', caseStudy: { name: 'New Zealand' }, period: { label: AFTER } },
    changes,
  };
  return mount(CompareDiff, {
    props: {
      cases: [NEW_ZEALAND],
      slug: 'new-zealand',
      fromKey: 'before-2017',
      toKey: 'from-2017',
      diff,
      loading: false,
    },
  });
}

const loose = (text: string) => text.replace(/\s+/g, ' ').trim();
/** What an item says, without its symbol (decoration, hidden from screen readers). */
const said = (li: ReturnType<ReturnType<typeof mountDiff>['get']>) =>
  loose(li.text().replace(li.get('.symbol').text(), ''));

describe('the two-dates diff', () => {
  it('says a body the earlier period does not record is not recorded before, never added', () => {
    const wrapper = mountDiff([
      change('NOT_RECORDED_BEFORE', 'BODY', 'msd', 'Ministry of Social Development (MSD)'),
      change(
        'NOT_RECORDED_BEFORE',
        'CONNECTION',
        'action-plan-health',
        "Children's social work and care and Health care",
        {
          tier: null,
        },
      ),
      change('NOT_RECORDED_AFTER', 'BODY', 'cyf', 'Child, Youth and Family (CYF)'),
    ]);
    const diff = wrapper.get('[data-test="structural-diff"]');
    expect(diff.text()).not.toContain('Added');
    expect(diff.text()).not.toContain('Removed');
    expect(diff.findAll('h3').map((h) => h.text())).toEqual(['Not recorded before (2)', 'Not recorded after (1)']);

    const msd = diff.get('li[data-change="NOT_RECORDED_BEFORE"][data-key="msd"]');
    expect(said(msd)).toBe('Not recorded before: Body: Ministry of Social Development (MSD) (National)');
    expect(msd.get('.symbol').attributes('aria-hidden')).toBe('true');
    expect(said(diff.get('li[data-key="action-plan-health"]'))).toBe(
      "Not recorded before: Connection: Children's social work and care and Health care",
    );
    // Each group says why it is not an addition or a removal, naming the period in question.
    expect(loose(diff.get('[data-test="diff-note-NOT_RECORDED_BEFORE"]').text())).toBe(
      `“${BEFORE}” records only part of its structure: these may have been there already.`,
    );
    expect(loose(diff.get('[data-test="diff-note-NOT_RECORDED_AFTER"]').text())).toBe(
      `“${AFTER}” records only part of its structure: these may still be there.`,
    );
  });

  it('keeps removed, added and changed first, and gives changed fields in words', () => {
    const wrapper = mountDiff([
      change('REMOVED', 'BODY', 'cyf', 'Child, Youth and Family (CYF)'),
      change('ADDED', 'BODY', 'oranga-tamariki', 'Oranga Tamariki – Ministry for Children'),
      change('CHANGED', 'RESPONSIBILITY', 'care', 'Oranga Tamariki: delivery (Youth justice)', {
        fields: [
          { field: 'uncertain', before: 'true', after: 'false' },
          { field: 'serviceArea', before: 'childrens-social-work', after: 'youth-justice' },
          { field: 'function', before: 'POLICY', after: 'DELIVERY' },
          { field: 'description', before: null, after: 'Youth justice services.' },
        ],
      }),
      change('CHANGED', 'CONNECTION', 'link', 'Health care and Education', {
        fields: [
          { field: 'mechanisms', before: 'JOINT_BOARD', after: 'JOINT_BOARD, POOLED_BUDGET' },
          { field: 'between', before: 'health, education', after: 'health, policing' },
        ],
      }),
      change('NOT_RECORDED_BEFORE', 'BODY', 'msd', 'Ministry of Social Development (MSD)'),
    ]);
    const diff = wrapper.get('[data-test="structural-diff"]');
    expect(diff.findAll('h3').map((h) => h.text())).toEqual([
      'Removed (1)',
      'Added (1)',
      'Changed (2)',
      'Not recorded before (1)',
    ]);
    expect(diff.findAll('[data-key="care"] .fields li').map((li) => loose(li.text()))).toEqual([
      'Marked uncertain: “yes” → “no”',
      "Service area: “Children's social work and care” → “Youth justice”",
      'Function: “Policy” → “Delivery”',
      'Description: “none” → “Youth justice services.”',
    ]);
    expect(diff.findAll('[data-key="link"] .fields li').map((li) => loose(li.text()))).toEqual([
      'Mechanisms: “joint board” → “joint board, pooled budget”',
      'Between: “Health care and Education” → “Health care and Policing”',
    ]);
  });
});
