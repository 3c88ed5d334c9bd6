import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import DraftPartSection from '@/features/draft/components/DraftPartSection.vue';

// A list of parts in the draft: each can be moved up or down by its buttons or dragged onto
// another, the keyboard stays on the part moved, a period can be copied, and Add stays offered
// while a form is open.
enableAutoUnmount(afterEach);

const LESSONS = ['first', 'second', 'third'].map((key) => ({
  key,
  title: `The ${key} lesson`,
  theme: 't',
  detail: 'd',
  cite: [],
}));
function mountList(kind: 'LESSON' | 'PERIOD' = 'LESSON', items: object[] = LESSONS, open: object | null = null) {
  return mount(DraftPartSection, {
    attachTo: document.body,
    props: {
      kind,
      items,
      heading: 'Lessons',
      headingId: 'lessons-heading',
      addLabel: 'Add a lesson',
      title: (item: { title?: string; label?: string }) => item.title ?? item.label ?? '',
      meta: () => '',
      editable: true,
      open,
      deleting: null,
      removing: false,
    } as never,
  });
}
const row = (wrapper: ReturnType<typeof mountList>, key: string) => wrapper.get(`li[data-key="${key}"]`);

describe('the order of the parts in a list', () => {
  it('offers Move up and Move down where they can go, and asks for the new place', async () => {
    const wrapper = mountList();
    expect(row(wrapper, 'first').find('[data-test="move-up"]').exists()).toBe(false);
    expect(row(wrapper, 'third').find('[data-test="move-down"]').exists()).toBe(false);
    expect(row(wrapper, 'second').get('[data-test="move-up"]').attributes('aria-label')).toBe(
      'Move the lesson The second lesson up',
    );
    await row(wrapper, 'second').get('[data-test="move-down"]').trigger('click');
    expect(wrapper.emitted('move')).toEqual([[{ kind: 'LESSON', key: 'second', periodKey: null, parentKey: null }, 2]]);
  });

  it('keeps the keyboard on the part moved once the list has its new order, on the other button at an end', async () => {
    const wrapper = mountList();
    await row(wrapper, 'second').get('[data-test="move-down"]').trigger('click');
    await wrapper.setProps({ items: [LESSONS[0], LESSONS[2], LESSONS[1]] } as never);
    await nextTick();
    await nextTick();
    expect(document.activeElement).toBe(row(wrapper, 'second').get('[data-test="move-up"]').element);
  });

  it('moves a part dragged onto another into that one’s place', async () => {
    const wrapper = mountList();
    await row(wrapper, 'third').trigger('dragstart');
    await row(wrapper, 'first').trigger('dragover');
    await row(wrapper, 'first').trigger('drop');
    expect(wrapper.emitted('move')).toEqual([[{ kind: 'LESSON', key: 'third', periodKey: null, parentKey: null }, 0]]);
  });

  it('offers Copy for a period only, and Add while a form is open', async () => {
    const periods = [
      { key: 'before', label: 'Before 2020' },
      { key: 'after', label: 'After 2020' },
    ];
    const wrapper = mountList('PERIOD', periods, { kind: 'LESSON', key: 'x', periodKey: null, parentKey: null });
    await row(wrapper, 'before').get('[data-test="copy-period"]').trigger('click');
    expect(wrapper.emitted('copy')).toEqual([[{ kind: 'PERIOD', key: 'before', periodKey: null, parentKey: null }]]);
    expect(wrapper.find('[data-test="add-period"]').exists()).toBe(true);
    expect(mountList().find('[data-test="copy-period"]').exists()).toBe(false);
  });
});
