import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import DraftRevisionDiff from '@/features/draft/components/DraftRevisionDiff.vue';
import { draftDocument } from '../support/draft-fixtures';

enableAutoUnmount(afterEach);

const change = (part: string, path: string, label: string, fields: string[], before: string[], after: string[]) => ({
  __typename: 'DocumentChange' as const,
  change: 'CHANGED',
  part,
  path,
  label,
  fields,
  before,
  after,
});

describe('DraftRevisionDiff', () => {
  it('shows each changed field by its label and its values in words, with no code', () => {
    const doc = draftDocument();
    const source = doc.sources[0]!;
    const wrapper = mount(DraftRevisionDiff, {
      props: {
        from: 1,
        to: 2,
        document: doc,
        changes: [
          change('level', 'p1/national', 'National government', ['tier'], ['NATIONAL'], ['REGIONAL']),
          change(
            'responsibility',
            'p1/r1',
            'Ministry: delivery (health)',
            ['function', 'serviceArea'],
            ['DELIVERY', 'health'],
            ['FUNDING', 'childrens-social-work'],
          ),
          change(
            'connection',
            'p1/c1',
            'health and childrens-social-work',
            ['mechanisms', 'uncertain', 'cite', 'extent'],
            ['["INFORMATION_SHARING"]', 'true', `["${source.key}"]`, ''],
            ['["INFORMATION_SHARING","POOLED_BUDGET"]', 'false', '[]', '{"count":9,"of":31,"unit":"partnerships"}'],
          ),
          change('source', source.key, source.title, ['standing'], ['OFFICIAL'], ['STUDY_OUTPUT']),
        ],
      },
    });
    const items = wrapper.findAll('[data-test="diff-change"]');
    const rows = (i: number) =>
      items[i]!.findAll('[data-test="diff-field"]').map((row) => [
        row.get('th').text(),
        row.get('.before').text(),
        row.get('.after').text(),
      ]);
    expect(rows(0)).toEqual([['Tier', 'Before: National', 'After: Regional']]);
    expect(items[1]!.get('.change-head').text()).toContain('responsibility Ministry: delivery (Health care)');
    expect(rows(1)).toEqual([
      ['Function', 'Before: Delivery', 'After: Funding'],
      ['Service area', 'Before: Health care', "After: Children's social work and care"],
    ]);
    expect(rows(2)).toEqual([
      ['Mechanisms', 'Before: Information sharing', 'After: Information sharing and Pooled budget'],
      ['The evidence for this is uncertain', 'Before: Yes', 'After: No'],
      ['Sources cited', `Before: ${source.title}`, 'After: —'],
      ['Where it holds', 'Before: —', 'After: In 9 of 31 partnerships.'],
    ]);
    expect(rows(3)).toEqual([['Standing', 'Before: Official', 'After: Study output']]);
    expect(wrapper.text()).not.toMatch(/\b[A-Z][A-Z_]+[A-Z]\b|serviceArea|"count"/);
  });
});
