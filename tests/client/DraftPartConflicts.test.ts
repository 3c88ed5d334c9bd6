import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import DraftPartForm from '@/features/draft/components/DraftPartForm.vue';
import type { CaseProfileDoc } from '@casebook/schema';
import {
  CITE_CHOICES,
  THEME_CHOICES,
  draftDocument,
  draftRouter,
  servedDraft,
  servedDraftQuery,
} from '../support/draft-fixtures';
import { holdingLink, type HeldLink } from '../support/held-link';

// A save of lesson 2, opened at version 7, refused because someone else changed it (or the draft
// around it) since, or deleted it. The form keeps the typed text; a conflict is merged three ways,
// field by field, and a deletion offers to save the text as a new lesson or to copy it.
enableAutoUnmount(afterEach);
afterEach(() => sessionStorage.clear());

const REASON = 'The lesson Second lesson was changed by Theo Reviewer on 4 December 2026 at 10:00 UTC.';
const refusedWith = (code: string, field: string, message: string, draft: unknown = null) => ({
  data: {
    saveDraftPart: {
      __typename: 'DraftPayload',
      draft,
      userErrors: [{ __typename: 'UserError', field, code, message }],
    },
  },
});
const savedAt = (version: number) => ({
  data: { saveDraftPart: { __typename: 'DraftPayload', draft: servedDraft(version, draftDocument()), userErrors: [] } },
});

/** Lesson 2 as the other editor left it, changed by `change`. */
function theirDocument(change: (lesson: Record<string, unknown>) => void): CaseProfileDoc {
  const doc = draftDocument();
  change((doc.lessons as Record<string, unknown>[])[1]!);
  return doc;
}

async function mountForm() {
  const held: HeldLink = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = await draftRouter();
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
  return { wrapper, held };
}
type Form = Awaited<ReturnType<typeof mountForm>>['wrapper'];
const value = (wrapper: Form, selector: string) => (wrapper.get(selector).element as HTMLInputElement).value;
const row = (wrapper: Form, field: string) => {
  const tr = wrapper.get(`[data-test="merge-table"] tr[data-field="${field}"]`);
  return {
    outcome: tr.attributes('data-outcome'),
    cells: ['base', 'theirs', 'mine'].map((c) => tr.get(`[data-test="${c}"]`).text()),
  };
};

/**
 * I change the title, the detail and the transferability; they change the title differently,
 * the theme, and the transferability the same way as I did. Neither touches the evidence strength.
 */
async function intoConflict(answerWithDraft = true) {
  const { wrapper, held } = await mountForm();
  await wrapper.get('#part-title').setValue('My title');
  await wrapper.get('#part-detail').setValue('My detail.');
  await wrapper.get('#part-transferability').setValue('Applies anywhere.');
  await wrapper.get('form').trigger('submit');
  const theirs = theirDocument((l) => {
    l.title = 'Their title';
    l.theme = 'workforce';
    l.transferability = 'Applies anywhere.';
  });
  const request = await held.nextRequest('SaveDraftPart');
  expect(request.variables.edit).toMatchObject({ expectedVersion: 7 });
  if (answerWithDraft)
    request.answer(refusedWith('CONFLICT', 'expectedVersion', REASON, servedDraft(8, theirs, 'Theo Reviewer')));
  else {
    request.answer(refusedWith('CONFLICT', 'expectedVersion', REASON));
    (await held.nextRequest('Draft')).answer(servedDraftQuery(8, theirs, 'Theo Reviewer'));
  }
  await flushPromises();
  return { wrapper, held };
}

describe('a save refused because the lesson changed since the form opened', () => {
  it('shows only the fields that really differ, each as it was, theirs and mine, and what is kept', async () => {
    const { wrapper } = await intoConflict();
    const dialog = wrapper.get('[role="dialog"]');
    expect(wrapper.get(`#${dialog.attributes('aria-labelledby')}`).text()).toBe('Someone else changed this part');
    expect(wrapper.get('[data-test="merge-reason"]').text()).toBe(REASON);
    expect(wrapper.get('#merge-intro').text()).toContain('now at version 8, last saved by Theo Reviewer');

    const fields = wrapper.findAll('[data-test="merge-table"] tbody tr').map((tr) => tr.attributes('data-field'));
    // Evidence strength (neither changed) and transferability (both the same) are not shown.
    expect(fields).toEqual(['theme', 'title', 'detail']);
    expect(row(wrapper, 'title')).toEqual({ outcome: 'ask', cells: ['Second lesson', 'Their title', 'My title'] });
    expect(row(wrapper, 'theme')).toEqual({ outcome: 'theirs', cells: ['Finance', 'Workforce', 'Finance'] });
    expect(row(wrapper, 'detail')).toEqual({ outcome: 'mine', cells: ['Two.', 'Two.', 'My detail.'] });
    expect(wrapper.get('tr[data-field="title"] legend').text()).toBe('You both changed title: keep which?');
    expect(wrapper.findAll('[data-test="choose-mine"]')).toHaveLength(1);
    // The text in the form is mine until I choose.
    expect(value(wrapper, '#part-title')).toBe('My title');
  });

  it('asks before saving a field both changed, then saves theirs where only they changed, mine where only I did, against the new version', async () => {
    const { wrapper, held } = await intoConflict();
    await wrapper.get('[data-test="merge-save"]').trigger('click');
    expect(wrapper.get('[data-test="merge-unanswered"]').text()).toBe('Choose yours or theirs for Title.');
    expect(held.pending()).toEqual([]);

    await wrapper.get('tr[data-field="title"] [data-test="choose-theirs"]').setValue(true);
    await wrapper.get('[data-test="merge-save"]').trigger('click');
    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables.edit).toMatchObject({ expectedVersion: 8 });
    expect(request.variables.mode).toBe('UPDATE');
    expect((request.variables.part as { data: Record<string, unknown> }).data).toMatchObject({
      title: 'Their title',
      theme: 'workforce',
      detail: 'My detail.',
      transferability: 'Applies anywhere.',
      evidenceStrength: 'MODERATE',
    });
    request.answer(savedAt(9));
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(wrapper.emitted('saved')).toEqual([['second-lesson']]);
  });

  it('keeps my title when I choose mine, and still takes the theme only they changed', async () => {
    const { wrapper, held } = await intoConflict(false);
    await wrapper.get('tr[data-field="title"] [data-test="choose-mine"]').setValue(true);
    await wrapper.get('[data-test="merge-save"]').trigger('click');
    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables.edit).toMatchObject({ expectedVersion: 8 });
    expect((request.variables.part as { data: Record<string, unknown> }).data).toMatchObject({
      title: 'My title',
      theme: 'workforce',
      detail: 'My detail.',
    });
  });

  it('goes back to the form with my text untouched, and the next save asks again', async () => {
    const { wrapper, held } = await intoConflict();
    await wrapper.get('[data-test="merge-back"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect([value(wrapper, '#part-title'), value(wrapper, '#part-detail'), value(wrapper, '#part-theme')]).toEqual([
      'My title',
      'My detail.',
      'finance',
    ]);
    expect(held.pending()).toEqual([]);
    await wrapper.get('form').trigger('submit');
    expect((await held.nextRequest('SaveDraftPart')).variables.edit).toMatchObject({ expectedVersion: 7 });
  });

  it('shows only my own changes, kept, when the change was around the lesson, and saves them against the new version', async () => {
    const { wrapper, held } = await mountForm();
    await wrapper.get('#part-detail').setValue('My detail.');
    await wrapper.get('form').trigger('submit');
    const reason =
      'The source Report A, in the lesson Second lesson, was changed by Theo Reviewer on 4 December 2026 at 10:00 UTC.';
    (await held.nextRequest('SaveDraftPart')).answer(
      refusedWith('CONFLICT', 'expectedVersion', reason, servedDraft(8, draftDocument(), 'Theo Reviewer')),
    );
    await flushPromises();
    expect(wrapper.get('[data-test="merge-reason"]').text()).toBe(reason);
    expect(wrapper.findAll('[data-test="merge-table"] tbody tr').map((tr) => tr.attributes('data-field'))).toEqual([
      'detail',
    ]);
    expect(row(wrapper, 'detail')).toEqual({ outcome: 'mine', cells: ['Two.', 'Two.', 'My detail.'] });
    await wrapper.get('[data-test="merge-save"]').trigger('click');
    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables.edit).toMatchObject({ expectedVersion: 8 });
    expect((request.variables.part as { data: Record<string, unknown> }).data.detail).toBe('My detail.');
  });
});

describe('a save refused because someone deleted the lesson', () => {
  const DELETED =
    'The lesson Second lesson was deleted by Theo Reviewer on 4 December 2026 at 10:00 UTC, after you opened version 7. Nothing was saved: your text can still be saved as a new lesson, or copied.';
  const withoutLesson = () => {
    const doc = draftDocument();
    doc.lessons = doc.lessons!.filter((l) => l.key !== 'second-lesson');
    return doc;
  };

  async function intoDeletion() {
    const { wrapper, held } = await mountForm();
    await wrapper.get('#part-title').setValue('My title');
    await wrapper.get('#part-detail').setValue('Text I must not lose.');
    await wrapper.get('form').trigger('submit');
    (await held.nextRequest('SaveDraftPart')).answer(
      refusedWith('NOT_FOUND', 'key', DELETED, servedDraft(8, withoutLesson(), 'Theo Reviewer')),
    );
    await flushPromises();
    return { wrapper, held };
  }

  it('keeps the form and its text, says who deleted it, and moves focus to the message', async () => {
    const { wrapper } = await intoDeletion();
    const alert = wrapper.get('[data-test="part-gone"]');
    expect(alert.attributes('role')).toBe('alert');
    expect(alert.text()).toContain(DELETED);
    expect(alert.text()).toContain('Your text is still in the form below.');
    expect(document.activeElement).toBe(alert.element);
    expect(value(wrapper, '#part-title')).toBe('My title');
    expect(value(wrapper, '#part-detail')).toBe('Text I must not lose.');
    expect(wrapper.get('[data-test="save-as-new"]').text()).toBe('Save as a new lesson');
    expect(wrapper.emitted('closed')).toBeUndefined();
    expect(wrapper.emitted('saved')).toBeUndefined();
  });

  it('saves the text as a new lesson under its old key, now free, against the version now saved', async () => {
    const { wrapper, held } = await intoDeletion();
    await wrapper.setProps({ document: withoutLesson() });
    await wrapper.get('[data-test="save-as-new"]').trigger('click');
    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables.mode).toBe('CREATE');
    expect(request.variables.edit).toMatchObject({ expectedVersion: 8 });
    expect(request.variables.part).toEqual({
      kind: 'LESSON',
      key: 'second-lesson',
      data: {
        theme: 'finance',
        title: 'My title',
        detail: 'Text I must not lose.',
        evidenceStrength: 'MODERATE',
        cite: ['report-a', 'report-b'],
      },
    });
    request.answer(savedAt(9));
    await flushPromises();
    expect(wrapper.emitted('saved')).toEqual([['second-lesson']]);
  });

  it('takes a fresh key when the old one has been used again since', async () => {
    const { wrapper, held } = await intoDeletion();
    const reused = withoutLesson();
    reused.lessons!.push({ key: 'second-lesson', theme: 'workforce', title: 'Another', detail: 'New.', cite: [] });
    await wrapper.setProps({ document: reused });
    await wrapper.get('[data-test="save-as-new"]').trigger('click');
    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables.mode).toBe('CREATE');
    expect((request.variables.part as { key: string }).key).toBe('second-lesson-2');
  });

  it('copies the text of the form, field by field', async () => {
    const { wrapper } = await intoDeletion();
    await wrapper.get('[data-test="copy-text"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test="copy-status"]').text()).toBe('Copied the text of the form.');
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain('Title: My title');
    expect(copied).toContain('Detail: Text I must not lose.');
    expect(copied).toContain('Theme: Finance');
  });
});
