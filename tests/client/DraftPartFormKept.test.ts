import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import DraftPartForm from '@/features/draft/components/DraftPartForm.vue';
import { KEEP_AFTER_MS, pendingFormName, pendingFormPlace } from '@/features/draft/composables/usePendingChange';
import { CITE_CHOICES, draftDocument, draftRouter, servedDraft } from '../support/draft-fixtures';
import { holdingLink } from '../support/held-link';

// An open form's input is kept on the server a few seconds after typing stops, for its author: the
// form says so, a save or a cancel lets it go, and a form reopened from it starts where it was.
enableAutoUnmount(afterEach);
afterEach(() => {
  sessionStorage.clear();
  vi.useRealTimers();
});

const THEMES = [
  { value: 'workforce', label: 'Workforce' },
  { value: 'finance', label: 'Finance' },
];
async function mountLesson(pending: object | null = null) {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = await draftRouter();
  const wrapper = mount(DraftPartForm, {
    attachTo: document.body,
    props: {
      slug: 'testland',
      version: 7,
      document: draftDocument(),
      choices: { cite: CITE_CHOICES, theme: THEMES },
      kind: 'LESSON',
      partKey: 'first-lesson',
      pending,
    } as never,
    global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
  });
  return { wrapper, held };
}
const FORM = 'LESSON:first-lesson@/';

describe('an open form’s input, kept as it is typed', () => {
  it('is named by its part and place, and read back from that name', () => {
    const where = { kind: 'BODY', key: 'kela', periodKey: 'now', parentKey: 'national' } as const;
    expect(pendingFormName(where)).toBe('BODY:kela@now/national');
    expect(pendingFormPlace('BODY:kela@now/national')).toEqual(where);
    expect(pendingFormPlace(FORM)).toEqual({ kind: 'LESSON', key: 'first-lesson', periodKey: null, parentKey: null });
    expect(pendingFormPlace('not a form')).toBeNull();
  });

  it('is kept a few seconds after typing stops, once, and the form says it is kept but not saved', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { wrapper, held } = await mountLesson();
    await wrapper.get('#part-title').setValue('First lesson, ret');
    vi.advanceTimersByTime(KEEP_AFTER_MS - 500);
    await wrapper.get('#part-title').setValue('First lesson, retitled');
    vi.advanceTimersByTime(KEEP_AFTER_MS - 500);
    expect(held.pending().map((r) => r.operationName)).not.toContain('KeepPendingChange');
    vi.advanceTimersByTime(500);
    const request = await held.nextRequest('KeepPendingChange');
    expect(request.variables).toMatchObject({
      slug: 'testland',
      form: FORM,
      label: 'the lesson First lesson, retitled',
    });
    expect((request.variables.state as { values: { title: string }; baseVersion: number }).values.title).toBe(
      'First lesson, retitled',
    );
    expect((request.variables.state as { baseVersion: number }).baseVersion).toBe(7);
    request.answer({
      data: {
        keepPendingChange: {
          __typename: 'KeepPendingChangePayload',
          pendingChange: { __typename: 'PendingChange', form: FORM, updatedAt: '2026-12-05T09:41:00.000Z' },
          userErrors: [],
        },
      },
    });
    await flushPromises();
    expect(wrapper.get('[data-test="kept-note"]').text()).toContain('Kept for you as you type');
    expect(wrapper.get('[data-test="kept-note"]').text()).toContain('not in the draft until you save');
    // Kept, leaving loses nothing; typed on, it would until kept again.
    const exposed = wrapper.vm as unknown as { unkept: () => boolean; dirty: () => boolean };
    expect(exposed.dirty()).toBe(true);
    expect(exposed.unkept()).toBe(false);
    await wrapper.get('#part-title').setValue('First lesson, retitled again');
    expect(exposed.unkept()).toBe(true);
  });

  it('lets the kept input go once the form is saved', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { wrapper, held } = await mountLesson();
    await wrapper.get('#part-title').setValue('Saved title');
    vi.advanceTimersByTime(KEEP_AFTER_MS);
    (await held.nextRequest('KeepPendingChange')).answer({
      data: {
        keepPendingChange: {
          __typename: 'KeepPendingChangePayload',
          pendingChange: { __typename: 'PendingChange', form: FORM, updatedAt: '2026-12-05T09:41:00.000Z' },
          userErrors: [],
        },
      },
    });
    await flushPromises();
    await wrapper.get('form').trigger('submit');
    const doc = draftDocument();
    doc.lessons![0]!.title = 'Saved title';
    (await held.nextRequest('SaveDraftPart')).answer({
      data: { saveDraftPart: { __typename: 'DraftPayload', draft: servedDraft(8, doc), userErrors: [] } },
    });
    const discard = await held.nextRequest('DiscardPendingChange');
    expect(discard.variables).toEqual({ slug: 'testland', form: FORM });
  });

  it('starts from input kept before, against the version it was typed on, and a cancel lets it go', async () => {
    const { wrapper, held } = await mountLesson({
      state: {
        kind: 'LESSON',
        key: 'first-lesson',
        place: '/',
        values: { title: 'Typed before the reload', detail: 'One.', theme: 'workforce', cite: ['report-a'] },
        baseVersion: 5,
      },
      updatedAt: '2026-12-05T09:30:00.000Z',
    });
    expect((wrapper.get('#part-title').element as HTMLInputElement).value).toBe('Typed before the reload');
    expect(wrapper.get('[data-test="kept-note"]').text()).toContain('Kept for you as you type');
    await wrapper.get('[data-test="cancel-part"]').trigger('click');
    expect((await held.nextRequest('DiscardPendingChange')).variables).toEqual({ slug: 'testland', form: FORM });
  });
});
