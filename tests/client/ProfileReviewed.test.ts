import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ProfileReviewed from '@/features/profile/components/ProfileReviewed.vue';

describe('when a profile was last reviewed', () => {
  it.for([
    ['2026-12', 'Last reviewed December 2026.'],
    ['2026', 'Last reviewed 2026.'],
    ['2026-12-01', 'Last reviewed 1 December 2026.'],
  ] as const)('%s reads in plain words', ([text, words]) => {
    const wrapper = mount(ProfileReviewed, { props: { reviewed: { text } } });
    expect(wrapper.get('[data-test="reviewed"]').text()).toBe(words);
    expect(wrapper.get('time').attributes('datetime')).toBe(text);
  });

  it('names what was reviewed when it is a period', () => {
    const wrapper = mount(ProfileReviewed, { props: { reviewed: { text: '2026-11' }, subject: 'This period' } });
    expect(wrapper.text()).toBe('This period was last reviewed November 2026.');
  });

  it('says nothing when the profile does not say', () => {
    const wrapper = mount(ProfileReviewed, { props: { reviewed: null } });
    expect(wrapper.find('[data-test="reviewed"]').exists()).toBe(false);
  });
});
