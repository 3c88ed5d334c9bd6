import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import { preserveUnsavedState } from '@/composables/usePreservedState';
import DraftPartForm from '@/features/draft/components/DraftPartForm.vue';
import { CITE_CHOICES, THEME_CHOICES, draftDocument, draftRouter, servedDraft } from '../support/draft-fixtures';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);
afterEach(() => sessionStorage.clear());

async function mountLessonForm(partKey: string | null = 'second-lesson', document = draftDocument()) {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = await draftRouter();
  const wrapper = mount(DraftPartForm, {
    props: {
      slug: 'testland',
      kind: 'LESSON',
      partKey,
      version: 7,
      document,
      choices: { theme: THEME_CHOICES, cite: CITE_CHOICES },
    },
    global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
  });
  return { wrapper, held };
}

const value = (wrapper: Awaited<ReturnType<typeof mountLessonForm>>['wrapper'], selector: string) =>
  (wrapper.get(selector).element as HTMLInputElement).value;

describe('the lesson form', () => {
  it('opens with the lesson as saved, its citations chosen, and every field labelled', async () => {
    const { wrapper } = await mountLessonForm();
    expect(value(wrapper, '#part-title')).toBe('Second lesson');
    expect(value(wrapper, '#part-theme')).toBe('finance');
    expect(value(wrapper, '#part-evidenceStrength')).toBe('MODERATE');
    const chosen = wrapper.findAll('[data-test="cited-source"]').map((c) => c.attributes('data-key'));
    expect(chosen).toEqual(['report-a', 'report-b']);
    // An existing lesson's key names it: it is not offered for editing.
    expect(wrapper.find('#part-key').exists()).toBe(false);
    for (const name of ['theme', 'title', 'detail', 'evidenceStrength', 'transferability', 'cite', 'uncertain'])
      expect(wrapper.find(`label[for="part-${name}"]`).exists(), name).toBe(true);
    // The note asks why a claim is uncertain, so it appears only once it is ticked.
    expect(wrapper.find('#part-note').exists()).toBe(false);
    await wrapper.get('#part-uncertain').setValue(true);
    expect(wrapper.find('label[for="part-note"]').text()).toContain('Why it is uncertain');
  });

  it("edits the editor's note, which readers never see, and sends it with the lesson", async () => {
    const doc = draftDocument();
    doc.lessons![1]!.editorNote = 'Moderate: one official review.';
    const { wrapper, held } = await mountLessonForm('second-lesson', doc);
    expect(wrapper.get('label[for="part-editorNote"]').text()).toContain('Editor’s note');
    expect(wrapper.get('#part-editorNote-hint').text()).toContain('readers never see it');
    expect(value(wrapper, '#part-editorNote')).toBe('Moderate: one official review.');

    await wrapper.get('#part-editorNote').setValue('Moderate: one official review, read in full.');
    await wrapper.get('form').trigger('submit');
    const request = await held.nextRequest('SaveDraftPart');
    expect((request.variables as { part: { data: Record<string, unknown> } }).part.data.editorNote).toBe(
      'Moderate: one official review, read in full.',
    );
  });

  it('counts characters as they are typed and stops a title over the limit before asking the server', async () => {
    const { wrapper, held } = await mountLessonForm();
    const count = () => wrapper.get('#part-title-count');
    expect(count().text()).toBe('13 / 300 characters');
    expect(wrapper.get('#part-title').attributes('aria-describedby')).toContain('part-title-count');

    await wrapper.get('#part-title').setValue('x'.repeat(301));
    expect(count().text()).toBe('301 / 300 characters');
    expect(count().classes()).toContain('over');
    expect(wrapper.get('#part-title-error').text()).toBe('Title is 301 characters long; it may be at most 300.');
    expect(wrapper.get('#part-title').attributes('aria-invalid')).toBe('true');

    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(held.requests).toBe(0);

    await wrapper.get('#part-title').setValue('x'.repeat(300));
    expect(wrapper.find('#part-title-error').exists()).toBe(false);
  });

  it('puts each userError at the field its path names, and the rest at the top', async () => {
    const { wrapper, held } = await mountLessonForm();
    await wrapper.get('#part-detail').setValue('Two, with more.');
    await wrapper.get('form').trigger('submit');

    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables).toEqual({
      mode: 'UPDATE',
      edit: { slug: 'testland', expectedVersion: 7, message: 'Edited the lesson second-lesson' },
      // The citation with a locator keeps it.
      part: {
        kind: 'LESSON',
        key: 'second-lesson',
        data: {
          theme: 'finance',
          title: 'Second lesson',
          detail: 'Two, with more.',
          evidenceStrength: 'MODERATE',
          cite: ['report-a', { source: 'report-b', locator: 'p. 4' }],
        },
      },
    });
    request.answer({
      data: {
        saveDraftPart: {
          __typename: 'DraftPayload',
          draft: null,
          userErrors: [
            {
              __typename: 'UserError',
              field: 'lessons.1.title',
              code: 'BAD_USER_INPUT',
              message: 'title: must not repeat another lesson.',
            },
            {
              __typename: 'UserError',
              field: 'lessons.1.cite.1',
              code: 'BAD_USER_INPUT',
              message: 'cite: there is no source "report-b".',
            },
            // Another lesson's path is not this form's: it goes on top, with its path.
            { __typename: 'UserError', field: 'lessons.0.title', code: 'BAD_USER_INPUT', message: 'title: too short.' },
          ],
        },
      },
    });
    await flushPromises();

    expect(wrapper.get('#part-title-error').text()).toBe('title: must not repeat another lesson.');
    expect(wrapper.get('#part-title').attributes('aria-invalid')).toBe('true');
    expect(wrapper.get('#part-title').attributes('aria-describedby')).toContain('part-title-error');
    expect(wrapper.get('#part-cite-error').text()).toBe('cite: there is no source "report-b".');
    expect(wrapper.get('[data-test="form-problems"]').text()).toBe('lessons.0.title: title: too short.');
    expect(wrapper.find('#part-detail-error').exists()).toBe(false);
    expect(wrapper.emitted('saved')).toBeUndefined();

    // Typing in the field takes its server message away.
    await wrapper.get('#part-title').setValue('Second lesson, renamed');
    expect(wrapper.find('#part-title-error').exists()).toBe(false);
  });

  it('asks for the required fields of a new lesson and refuses a key already used', async () => {
    const { wrapper, held } = await mountLessonForm(null);
    expect(wrapper.find('#part-key').exists()).toBe(true);
    await wrapper.get('#part-key').setValue('first-lesson');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('#part-key-error').text()).toBe('There is already a lesson with this key.');
    expect(wrapper.get('#part-theme-error').text()).toBe('Fill in theme.');
    expect(wrapper.get('#part-title-error').text()).toBe('Fill in title.');
    expect(held.requests).toBe(0);
  });

  it('keeps typed input when the session runs out, and gives it back on the way back', async () => {
    const first = await mountLessonForm();
    await first.wrapper.get('#part-title').setValue('Typed before the session ended');
    preserveUnsavedState('/cases/testland/draft');
    first.wrapper.unmount();

    const again = await mountLessonForm();
    expect(value(again.wrapper, '#part-title')).toBe('Typed before the session ended');
    // Restored once: it does not come back a second time.
    expect(Object.keys(sessionStorage)).toEqual([]);
  });

  it('saves a new lesson and reports it saved', async () => {
    const { wrapper, held } = await mountLessonForm(null);
    await wrapper.get('#part-key').setValue('third-lesson');
    await wrapper.get('#part-theme').setValue('workforce');
    await wrapper.get('#part-title').setValue('Third lesson');
    await wrapper.get('#part-detail').setValue('Three.');
    await wrapper.get('form').trigger('submit');

    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables.part).toEqual({
      kind: 'LESSON',
      key: 'third-lesson',
      data: { theme: 'workforce', title: 'Third lesson', detail: 'Three.', cite: [] },
    });
    const saved = draftDocument();
    request.answer({
      data: { saveDraftPart: { __typename: 'DraftPayload', draft: servedDraft(8, saved), userErrors: [] } },
    });
    await flushPromises();
    expect(wrapper.emitted('saved')?.[0]).toEqual(['third-lesson']);
  });

  it('saves a new lesson and asks for a fresh form for the next one, on "Save and add another"', async () => {
    const { wrapper, held } = await mountLessonForm(null);
    await wrapper.get('#part-theme').setValue('workforce');
    await wrapper.get('#part-title').setValue('Third lesson');
    await wrapper.get('#part-detail').setValue('Three.');
    await wrapper.get('[data-test="save-next"]').trigger('click');
    const request = await held.nextRequest('SaveDraftPart');
    // The key is the one read from the title: the editor typed none.
    expect(request.variables.part).toMatchObject({ kind: 'LESSON', key: 'third-lesson' });
    request.answer({
      data: { saveDraftPart: { __typename: 'DraftPayload', draft: servedDraft(8, draftDocument()), userErrors: [] } },
    });
    await flushPromises();
    expect(wrapper.emitted('saved')?.[0]).toEqual(['third-lesson', undefined, true]);
  });

  it('offers "Save and add another" for a new part only', async () => {
    const { wrapper } = await mountLessonForm();
    expect(wrapper.find('[data-test="save-next"]').exists()).toBe(false);
  });

  it('adds a new lesson as a new part, and shows a refusal of its key at the key, keeping the typed text', async () => {
    const { wrapper, held } = await mountLessonForm(null);
    await wrapper.get('#part-key').setValue('third-lesson');
    await wrapper.get('#part-theme').setValue('workforce');
    await wrapper.get('#part-title').setValue('Third lesson');
    await wrapper.get('#part-detail').setValue('Three.');
    await wrapper.get('form').trigger('submit');

    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables.mode).toBe('CREATE');
    const refusal =
      'The key third-lesson is already used by the lesson Another. Give the new lesson another key, or edit that one.';
    request.answer({
      data: {
        saveDraftPart: {
          __typename: 'DraftPayload',
          draft: null,
          userErrors: [{ __typename: 'UserError', field: 'key', code: 'BAD_USER_INPUT', message: refusal }],
        },
      },
    });
    await flushPromises();
    expect(wrapper.get('#part-key-error').text()).toBe(refusal);
    expect(value(wrapper, '#part-key')).toBe('third-lesson');
    expect(value(wrapper, '#part-title')).toBe('Third lesson');
    expect(value(wrapper, '#part-detail')).toBe('Three.');
    expect(wrapper.emitted('saved')).toBeUndefined();
  });

  it('clears the fields emptied in the form through saveDraftPart, each as null, and nothing else', async () => {
    const document = draftDocument();
    Object.assign((document.lessons as Record<string, unknown>[])[1]!, {
      uncertain: true,
      note: 'One report only.',
      transferability: 'Applies to any transfer of duties.',
    });
    const { wrapper, held } = await mountLessonForm('second-lesson', document);
    expect(value(wrapper, '#part-note')).toBe('One report only.');
    await wrapper.get('#part-uncertain').setValue(false);
    await wrapper.get('#part-evidenceStrength').setValue('');
    await wrapper.get('#part-transferability').setValue('   ');
    await wrapper.get('form').trigger('submit');

    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables).toEqual({
      mode: 'UPDATE',
      edit: { slug: 'testland', expectedVersion: 7, message: 'Edited the lesson second-lesson' },
      part: {
        kind: 'LESSON',
        key: 'second-lesson',
        data: {
          theme: 'finance',
          title: 'Second lesson',
          detail: 'Two.',
          cite: ['report-a', { source: 'report-b', locator: 'p. 4' }],
          evidenceStrength: null,
          transferability: null,
          uncertain: null,
          note: null,
        },
      },
    });
    request.answer({
      data: { saveDraftPart: { __typename: 'DraftPayload', draft: servedDraft(8, draftDocument()), userErrors: [] } },
    });
    await flushPromises();
    expect(wrapper.emitted('saved')?.[0]).toEqual(['second-lesson']);
    // The whole document is never sent.
    expect(held.pending()).toEqual([]);
    expect(held.requests).toBe(1);
  });
});

describe('the period form', () => {
  async function mountPeriodForm(document = draftDocument()) {
    const held = holdingLink();
    const client = createApolloClient();
    client.setLink(held.link);
    onTestFinished(() => client.stop());
    const router = await draftRouter();
    const wrapper = mount(DraftPartForm, {
      props: { slug: 'testland', kind: 'PERIOD', partKey: 'current', version: 7, document },
      global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
    });
    return { wrapper, held };
  }
  const SECTIONS = [
    ['coverageLevels', 'Levels and bodies'],
    ['coverageResponsibilities', 'Responsibilities'],
    ['coverageConnections', 'Connections between services'],
  ] as const;

  it('lets the author say how much of each section the period records, partial until said', async () => {
    const { wrapper, held } = await mountPeriodForm();
    for (const [name, section] of SECTIONS) {
      expect(wrapper.get(`label[for="part-${name}"]`).text()).toContain(section);
      const options = wrapper.findAll(`#part-${name} option`).filter((o) => o.attributes('value') !== '');
      expect(options.map((o) => o.text())).toEqual(['Complete', 'Partial', 'Not recorded']);
      // A period that says nothing records part of each section.
      expect(value(wrapper, `#part-${name}`)).toBe('partial');
    }
    await wrapper.get('#part-coverageLevels').setValue('complete');
    await wrapper.get('#part-coverageConnections').setValue('not-recorded');
    await wrapper.get('form').trigger('submit');

    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables.part).toEqual({
      kind: 'PERIOD',
      key: 'current',
      data: {
        label: 'Now',
        coverage: { levels: 'complete', responsibilities: 'partial', connections: 'not-recorded' },
      },
    });
    request.answer({
      data: { saveDraftPart: { __typename: 'DraftPayload', draft: servedDraft(8, draftDocument()), userErrors: [] } },
    });
    await flushPromises();
    expect(wrapper.emitted('saved')?.[0]).toEqual(['current']);
  });

  it('opens with the coverage as saved, and puts a userError about one section at its select', async () => {
    const document = draftDocument();
    document.periods[0]!.coverage = { levels: 'complete', connections: 'not-recorded' };
    const { wrapper, held } = await mountPeriodForm(document);
    expect(SECTIONS.map(([name]) => value(wrapper, `#part-${name}`))).toEqual(['complete', 'partial', 'not-recorded']);
    await wrapper.get('form').trigger('submit');

    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables.part).toMatchObject({
      data: { coverage: { levels: 'complete', responsibilities: 'partial', connections: 'not-recorded' } },
    });
    request.answer({
      data: {
        saveDraftPart: {
          __typename: 'DraftPayload',
          draft: null,
          userErrors: [
            {
              __typename: 'UserError',
              field: 'periods.0.coverage.connections',
              code: 'BAD_USER_INPUT',
              message: 'says no connections are recorded, but the period lists 2: mark it partial or complete',
            },
          ],
        },
      },
    });
    await flushPromises();
    expect(wrapper.get('#part-coverageConnections-error').text()).toBe(
      'says no connections are recorded, but the period lists 2: mark it partial or complete',
    );
    expect(wrapper.find('#part-coverageLevels-error').exists()).toBe(false);
    expect(wrapper.find('[data-test="form-problems"]').exists()).toBe(false);
  });
});

describe('keys for new parts', () => {
  it('proposes a key from the title as it is typed, unique among the case’s lessons, until the author edits it', async () => {
    const { wrapper, held } = await mountLessonForm(null);
    await wrapper.get('#part-title').setValue('Första: Sámi services!');
    expect(value(wrapper, '#part-key')).toBe('forsta-sami-services');
    // A title whose key is taken gets the next free number.
    await wrapper.get('#part-title').setValue('First lesson');
    expect(value(wrapper, '#part-key')).toBe('first-lesson-2');
    // Once the author types a key, the title no longer changes it.
    await wrapper.get('#part-key').setValue('my-own-key');
    await wrapper.get('#part-title').setValue('Another title');
    expect(value(wrapper, '#part-key')).toBe('my-own-key');
    await wrapper.get('#part-theme').setValue('workforce');
    await wrapper.get('#part-detail').setValue('Detail.');
    await wrapper.get('form').trigger('submit');
    const request = await held.nextRequest('SaveDraftPart');
    expect((request.variables as { part: { key: string } }).part.key).toBe('my-own-key');
  });

  it('goes on proposing the key after typed input comes back from a session that ran out, unless the author had edited it', async () => {
    const first = await mountLessonForm(null);
    await first.wrapper.get('#part-title').setValue('Typed before the session ended');
    preserveUnsavedState('/cases/testland/draft');
    first.wrapper.unmount();
    const again = await mountLessonForm(null);
    expect(value(again.wrapper, '#part-key')).toBe('typed-before-the-session-ended');
    await again.wrapper.get('#part-title').setValue('Typed after signing in again');
    expect(value(again.wrapper, '#part-key')).toBe('typed-after-signing-in-again');

    await again.wrapper.get('#part-key').setValue('chosen-by-the-author');
    preserveUnsavedState('/cases/testland/draft');
    again.wrapper.unmount();
    const third = await mountLessonForm(null);
    await third.wrapper.get('#part-title').setValue('A third title');
    expect(value(third.wrapper, '#part-key')).toBe('chosen-by-the-author');
  });

  it('never proposes a key for a part that exists: its key names it', async () => {
    const { wrapper } = await mountLessonForm('second-lesson');
    await wrapper.get('#part-title').setValue('A new title');
    expect(wrapper.find('#part-key').exists()).toBe(false);
  });
});
