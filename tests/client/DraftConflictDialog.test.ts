import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import DraftConflictDialog from '@/features/draft/components/DraftConflictDialog.vue';
import DraftPartForm from '@/features/draft/components/DraftPartForm.vue';
import {
  CITE_CHOICES,
  THEME_CHOICES,
  draftDocument,
  draftRouter,
  servedDraft,
  servedDraftQuery,
} from '../support/draft-fixtures';
import { holdingLink, type HeldLink } from '../support/held-link';

enableAutoUnmount(afterEach);

const CONFLICT = {
  data: {
    saveDraftPart: {
      __typename: 'DraftPayload',
      draft: null,
      userErrors: [
        {
          __typename: 'UserError',
          field: null,
          code: 'CONFLICT',
          message: 'The draft is at version 8 (saved by Theo).',
        },
      ],
    },
  },
};

/** The document as the other editor left it: lesson 2 retitled. */
function theirDocument() {
  const doc = draftDocument();
  (doc.lessons as Record<string, unknown>[])[1]!.title = 'Their title';
  return doc;
}

/** Opens lesson 2's form at version 7, edits its title and saves into a CONFLICT, answering the refetch. */
async function intoConflict() {
  const held: HeldLink = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = await draftRouter();
  const opener = document.createElement('button');
  opener.textContent = 'Edit';
  document.body.append(opener);
  onTestFinished(() => opener.remove());
  opener.focus();
  const wrapper = mount(DraftPartForm, {
    attachTo: document.body,
    props: {
      slug: 'testland',
      kind: 'LESSON',
      partKey: 'second-lesson',
      version: 7,
      document: draftDocument(),
      choices: { theme: THEME_CHOICES, cite: CITE_CHOICES },
    },
    global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
  });
  await wrapper.get('#part-title').setValue('My title');
  // The dialog gives focus back to what had it when it opened.
  (wrapper.get('[data-test="save-part"]').element as HTMLButtonElement).focus();
  await wrapper.get('form').trigger('submit');
  (await held.nextRequest('SaveDraftPart')).answer(CONFLICT);
  const refetch = await held.nextRequest('Draft');
  expect(refetch.variables).toEqual({ slug: 'testland' });
  refetch.answer(servedDraftQuery(8, theirDocument(), 'Theo Reviewer'));
  await flushPromises();
  return { wrapper, held };
}

const cells = (wrapper: Awaited<ReturnType<typeof intoConflict>>['wrapper'], label: string) => {
  const row = wrapper.get(`[data-test="conflict-table"] tr[data-field="${label}"]`);
  return [
    row.get('[data-test="mine"]').text(),
    row.get('[data-test="theirs"]').text(),
    row.classes().includes('differs'),
  ];
};

describe('the conflict dialog', () => {
  it('shows an accessible modal with my version and theirs side by side, the differing field marked', async () => {
    const { wrapper } = await intoConflict();
    const dialog = wrapper.get('[role="dialog"]');
    expect(dialog.attributes('aria-modal')).toBe('true');
    const title = wrapper.get(`#${dialog.attributes('aria-labelledby')}`);
    expect(title.text()).toBe('Someone else saved this part first');
    expect(wrapper.get(`#${dialog.attributes('aria-describedby')}`).text()).toContain(
      'Theo Reviewer saved the lesson second-lesson (version 8)',
    );

    expect(cells(wrapper, 'Title')).toEqual(['My title', 'Their title', true]);
    expect(cells(wrapper, 'Detail')).toEqual(['Two.', 'Two.', false]);
    expect(cells(wrapper, 'Theme')).toEqual(['Finance', 'Finance', false]);
    expect(document.activeElement).toBe(wrapper.get('[data-test="keep-mine"]').element);
  });

  it('keeps focus inside: Tab from the last button goes to the first, Shift+Tab from the first to the last', async () => {
    const { wrapper } = await intoConflict();
    const first = wrapper.get('[data-test="keep-mine"]');
    const last = wrapper.get('[data-test="merge"]');
    (last.element as HTMLButtonElement).focus();
    await last.trigger('keydown', { key: 'Tab' });
    expect(document.activeElement).toBe(first.element);
    await first.trigger('keydown', { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last.element);
  });

  it('Keep mine saves my version again against the version now saved', async () => {
    const { wrapper, held } = await intoConflict();
    await wrapper.get('[data-test="keep-mine"]').trigger('click');
    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables.edit).toMatchObject({ expectedVersion: 8 });
    expect((request.variables.part as { data: { title: string } }).data.title).toBe('My title');
    request.answer({
      data: { saveDraftPart: { __typename: 'DraftPayload', draft: servedDraft(9, draftDocument()), userErrors: [] } },
    });
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(wrapper.emitted('saved')).toEqual([['second-lesson']]);
  });

  it('Take theirs discards mine without saving anything', async () => {
    const { wrapper, held } = await intoConflict();
    await wrapper.get('[data-test="take-theirs"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect((wrapper.get('#part-title').element as HTMLInputElement).value).toBe('Their title');
    expect(wrapper.emitted('closed')).toHaveLength(1);
    expect(held.pending()).toEqual([]);
    // Focus goes back to the button that opened it.
    expect(document.activeElement).toBe(wrapper.get('[data-test="save-part"]').element);
  });

  it('Escape (like Edit) closes it and keeps my text in the form, with theirs beside it and focus on the first field', async () => {
    const { wrapper, held } = await intoConflict();
    await wrapper.get('[role="dialog"]').trigger('keydown', { key: 'Escape' });
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect((wrapper.get('#part-title').element as HTMLInputElement).value).toBe('My title');
    expect(wrapper.get('[data-field="title"] [data-test="theirs-beside"]').text()).toBe('Theirs: Their title');
    expect(wrapper.get('[data-test="merge-note"]').text()).toContain('replaces version 8');
    expect(wrapper.emitted('closed')).toBeUndefined();
    expect(document.activeElement).toBe(wrapper.get('#part-theme').element);

    // Saving the merge expects the version now saved, so it is not refused again.
    await wrapper.get('form').trigger('submit');
    expect((await held.nextRequest('SaveDraftPart')).variables.edit).toMatchObject({ expectedVersion: 8 });
  });
});

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
