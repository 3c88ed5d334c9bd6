import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import DraftConflictDialog from '@/features/draft/components/DraftConflictDialog.vue';

enableAutoUnmount(afterEach);

describe('the conflict dialog for a delete', () => {
  const rows = [{ label: 'Title', mine: 'Second lesson', theirs: '' }];

  it('offers only to keep the saved draft when the part is gone, and says so', async () => {
    const wrapper = mount(DraftConflictDialog, {
      attachTo: document.body,
      props: {
        action: 'delete',
        part: 'lesson second-lesson',
        rows,
        theirsBy: 'Theo Reviewer',
        version: 9,
        retryable: false,
      },
    });
    await flushPromises();
    expect(wrapper.get('#conflict-intro').text()).toBe(
      'Theo Reviewer saved the draft (version 9) after you opened it, and the lesson second-lesson is no longer in it: there is nothing left to delete.',
    );
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual(['Keep the saved draft']);
    expect(document.activeElement).toBe(wrapper.get('[data-test="take-theirs"]').element);
    await wrapper.get('[data-test="take-theirs"]').trigger('click');
    expect(wrapper.emitted('take-theirs')).toHaveLength(1);
    expect(wrapper.emitted('keep-mine')).toBeUndefined();
  });
});
