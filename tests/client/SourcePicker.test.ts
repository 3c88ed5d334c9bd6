import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import DraftPartForm from '@/features/draft/components/DraftPartForm.vue';
import type { CaseProfileDoc } from '@casebook/schema';
import { THEME_CHOICES, draftDocument, draftRouter, servedDraft } from '../support/draft-fixtures';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);
afterEach(() => sessionStorage.clear());

/** The fixture's draft with two more sources, found by publisher and by address. */
function documentWithSources(): CaseProfileDoc {
  const doc = draftDocument();
  doc.sources.push(
    {
      key: 'care-plan',
      url: 'https://gov.example/Care-Plan-2024',
      title: 'National plan',
      publisher: 'Ministry of Care',
      standing: 'OFFICIAL',
    },
    { key: 'review', url: 'https://uni.example/review', title: 'An independent review', standing: 'ACADEMIC' },
  );
  return doc;
}

async function mountLesson(partKey: string | null = 'first-lesson', document = documentWithSources()) {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = await draftRouter();
  const wrapper = mount(DraftPartForm, {
    attachTo: globalThis.document.body,
    props: { slug: 'testland', kind: 'LESSON', partKey, version: 7, document, choices: { theme: THEME_CHOICES } },
    global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
  });
  return { wrapper, held };
}

type Wrapper = VueWrapper;
const search = (w: Wrapper) => w.get('#part-cite');
const chips = (w: Wrapper) => w.findAll('[data-test="cited-source"]').map((c) => c.attributes('data-key'));
const options = (w: Wrapper) =>
  w
    .findAll('[role="option"]')
    .filter((o) => (o.element as HTMLElement).style.display !== 'none')
    .map((o) => o.text());
const expanded = (w: Wrapper) => search(w).attributes('aria-expanded');
const announced = (w: Wrapper) => w.get('[data-test="source-announcement"]').text();
const key = (w: Wrapper, name: string) => search(w).trigger('keydown', { key: name });
const visibleOptions = (w: Wrapper) =>
  (w.get('[role="listbox"]').element as HTMLElement).style.display === 'none' ? [] : options(w);

/** The `cite` the lesson form sends when saved now. */
async function citeSent(wrapper: Wrapper, held: ReturnType<typeof holdingLink>) {
  await wrapper.get('form').trigger('submit');
  const request = await held.nextRequest('SaveDraftPart');
  return (request.variables as { part: { data: { cite: unknown[] } } }).part.data.cite;
}

describe('the source picker in a claim’s form', () => {
  it('shows the sources cited as chips, each with its own labelled remove button, and a labelled combobox', async () => {
    const { wrapper } = await mountLesson('second-lesson');
    expect(chips(wrapper)).toEqual(['report-a', 'report-b']);
    expect(wrapper.findAll('[data-test="remove-source"]').map((b) => b.attributes('aria-label'))).toEqual([
      'Remove Report A',
      'Remove Report B',
    ]);
    expect(wrapper.get('label[for="part-cite"]').text()).toBe('Sources cited');
    const input = search(wrapper);
    expect(input.attributes('role')).toBe('combobox');
    expect(input.attributes('aria-expanded')).toBe('false');
    const listId = input.attributes('aria-controls')!;
    expect(wrapper.get(`#${listId}`).attributes('role')).toBe('listbox');
    expect(input.attributes('aria-describedby')).toContain('part-cite-hint');
    expect(wrapper.get('#part-cite-hint').text()).not.toMatch(/Ctrl/);
    // No plain multi-select is left to lose a citation by a click.
    expect(wrapper.find('select[multiple]#part-cite').exists()).toBe(false);
  });

  it('filters by title, publisher and address, in any case, offering only sources not cited yet', async () => {
    const { wrapper } = await mountLesson();
    await search(wrapper).setValue('REPORT');
    expect(expanded(wrapper)).toBe('true');
    // Report A is cited already: it is not offered twice.
    expect(visibleOptions(wrapper).map((t) => t.split('https')[0]?.trim())).toEqual(['Report B']);
    await search(wrapper).setValue('ministry of');
    expect(visibleOptions(wrapper)).toHaveLength(1);
    expect(visibleOptions(wrapper)[0]).toContain('National plan');
    await search(wrapper).setValue('care-plan-2024');
    expect(visibleOptions(wrapper)[0]).toContain('National plan');
    await search(wrapper).setValue('uni.example independent');
    expect(visibleOptions(wrapper)[0]).toContain('An independent review');
    await search(wrapper).setValue('pooled budgets');
    expect(visibleOptions(wrapper)).toEqual([]);
    expect(wrapper.get('[data-test="no-source-match"]').text()).toContain('No sources match “pooled budgets”.');
    expect(wrapper.get('[data-test="new-source-from-empty"]').text()).toBe('New source “pooled budgets”');
  });

  it('is worked by keyboard: arrows move the active option, Enter adds it, Escape closes, and Enter never sends the form', async () => {
    const { wrapper, held } = await mountLesson();
    (search(wrapper).element as HTMLInputElement).focus();
    await key(wrapper, 'ArrowDown');
    expect(expanded(wrapper)).toBe('true');
    const ids = wrapper.findAll('[role="option"]').map((o) => o.attributes('id'));
    expect(ids).toHaveLength(3);
    expect(search(wrapper).attributes('aria-activedescendant')).toBe(ids[0]);
    await key(wrapper, 'ArrowDown');
    expect(search(wrapper).attributes('aria-activedescendant')).toBe(ids[1]);
    expect(wrapper.get(`#${ids[1]}`).attributes('aria-selected')).toBe('true');
    await key(wrapper, 'ArrowUp');
    await key(wrapper, 'ArrowUp');
    // Up from the first wraps to the last.
    expect(search(wrapper).attributes('aria-activedescendant')).toBe(ids[2]);
    await key(wrapper, 'Enter');
    expect(chips(wrapper)).toEqual(['report-a', 'review']);
    expect(expanded(wrapper)).toBe('false');
    expect(search(wrapper).attributes('aria-activedescendant')).toBeUndefined();
    await flushPromises();
    expect(announced(wrapper)).toBe('Added An independent review. 2 sources cited.');
    expect(globalThis.document.activeElement).toBe(search(wrapper).element);

    await search(wrapper).setValue('plan');
    expect(expanded(wrapper)).toBe('true');
    await key(wrapper, 'Escape');
    expect(expanded(wrapper)).toBe('false');
    // Enter with nothing active adds nothing and sends nothing.
    await key(wrapper, 'Enter');
    await flushPromises();
    expect(chips(wrapper)).toEqual(['report-a', 'review']);
    expect(held.requests).toBe(0);
    expect(await citeSent(wrapper, held)).toEqual(['report-a', 'review']);
  });

  it('never removes a citation by Backspace in the empty search', async () => {
    const { wrapper } = await mountLesson('second-lesson');
    (search(wrapper).element as HTMLInputElement).focus();
    for (let i = 0; i < 3; i++) await key(wrapper, 'Backspace');
    expect(chips(wrapper)).toEqual(['report-a', 'report-b']);
  });

  it('adds by a plain click without dropping any source chosen before, and keeps their locators', async () => {
    const { wrapper, held } = await mountLesson('second-lesson');
    await search(wrapper).trigger('click');
    expect(expanded(wrapper)).toBe('true');
    await wrapper.get('[role="option"][data-key="care-plan"]').trigger('click');
    await search(wrapper).trigger('click');
    await wrapper.get('[role="option"][data-key="review"]').trigger('click');
    expect(chips(wrapper)).toEqual(['report-a', 'report-b', 'care-plan', 'review']);
    expect(await citeSent(wrapper, held)).toEqual([
      'report-a',
      { source: 'report-b', locator: 'p. 4' },
      'care-plan',
      'review',
    ]);
  });

  it('removes a source only by its chip: the button, or Delete on it, saying so', async () => {
    const { wrapper, held } = await mountLesson('second-lesson');
    await wrapper.get('[aria-label="Remove Report A"]').trigger('click');
    expect(chips(wrapper)).toEqual(['report-b']);
    await flushPromises();
    expect(announced(wrapper)).toBe('Removed Report A. 1 source cited.');
    // Focus stays among the chips.
    expect(globalThis.document.activeElement?.getAttribute('aria-label')).toBe('Remove Report B');
    await wrapper.get('[aria-label="Remove Report B"]').trigger('keydown', { key: 'Delete' });
    expect(chips(wrapper)).toEqual([]);
    expect(wrapper.get('[data-test="no-sources-cited"]').text()).toBe('No sources cited yet.');
    expect(globalThis.document.activeElement).toBe(search(wrapper).element);
    expect(await citeSent(wrapper, held)).toEqual([]);
  });
});

describe('a new source made from the picker', () => {
  it('proposes its key from the title, saves it in the draft and cites it, keeping the lesson’s typed text', async () => {
    const { wrapper, held } = await mountLesson(null);
    await wrapper.get('#part-title').setValue('Pooled budgets worked');
    await wrapper.get('#part-detail').setValue('Typed before the new source.');
    await wrapper.get('#part-theme').setValue('finance');
    await search(wrapper).setValue('Joint commissioning guide');
    await wrapper.get('[data-test="new-source"]').trigger('click');

    const form = wrapper.get('[data-test="new-source-form"]');
    expect(form.get('legend').text()).toBe('New source');
    // What was searched for becomes the title, and the key comes from it.
    expect((form.get('#part-cite-new-title').element as HTMLInputElement).value).toBe('Joint commissioning guide');
    expect((form.get('#part-cite-new-key').element as HTMLInputElement).value).toBe('joint-commissioning-guide');
    await form.get('#part-cite-new-title').setValue('Report A');
    // A title like a source's already in the draft gets a key of its own.
    expect((form.get('#part-cite-new-key').element as HTMLInputElement).value).toBe('report-a-2');
    await form.get('#part-cite-new-title').setValue('Joint commissioning guide');
    await form.get('#part-cite-new-url').setValue('https://example.org/guide');
    await form.get('#part-cite-new-publisher').setValue('Local Government Association');
    await form.get('#part-cite-new-standing').setValue('OFFICIAL');
    // Enter in a field of the new source adds the source; it does not send the lesson.
    await form.get('#part-cite-new-publisher').trigger('keydown', { key: 'Enter' });

    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables).toEqual({
      mode: 'CREATE',
      edit: { slug: 'testland', expectedVersion: 7, message: 'Added the source joint-commissioning-guide' },
      part: {
        kind: 'SOURCE',
        key: 'joint-commissioning-guide',
        data: {
          url: 'https://example.org/guide',
          title: 'Joint commissioning guide',
          publisher: 'Local Government Association',
          standing: 'OFFICIAL',
        },
      },
    });
    const saved = documentWithSources();
    saved.sources.push({
      key: 'joint-commissioning-guide',
      url: 'https://example.org/guide',
      title: 'Joint commissioning guide',
      publisher: 'Local Government Association',
      standing: 'OFFICIAL',
    });
    request.answer({
      data: { saveDraftPart: { __typename: 'DraftPayload', draft: servedDraft(8, saved), userErrors: [] } },
    });
    await flushPromises();
    // The page gives the form the draft as saved now.
    await wrapper.setProps({ document: saved, version: 8 });

    expect(wrapper.find('[data-test="new-source-form"]').exists()).toBe(false);
    expect(chips(wrapper)).toEqual(['joint-commissioning-guide']);
    expect(wrapper.find('[aria-label="Remove Joint commissioning guide"]').exists()).toBe(true);
    expect(announced(wrapper)).toBe('Added the new source Joint commissioning guide to the draft and cited it here.');
    expect((wrapper.get('#part-title').element as HTMLInputElement).value).toBe('Pooled budgets worked');
    expect((wrapper.get('#part-detail').element as HTMLTextAreaElement).value).toBe('Typed before the new source.');
    expect(wrapper.emitted('saved')).toBeUndefined();

    // The lesson is saved after the source, against the version the source made.
    await wrapper.get('form').trigger('submit');
    const lesson = await held.nextRequest('SaveDraftPart');
    expect(lesson.variables).toMatchObject({
      mode: 'CREATE',
      edit: { expectedVersion: 8 },
      part: { kind: 'LESSON', key: 'pooled-budgets-worked', data: { cite: ['joint-commissioning-guide'] } },
    });
  });

  it('offers the published bibliography’s entry for an address it holds, and fills the source from it', async () => {
    const { wrapper, held } = await mountLesson();
    await wrapper.get('[data-test="new-source"]').trigger('click');
    const form = () => wrapper.get('[data-test="new-source-form"]');
    await form().get('#part-cite-new-url').setValue('  https://example.org/shared/oecd ');
    await form().get('#part-cite-new-url').trigger('blur');
    const lookup = await held.nextRequest('BibliographyEntry');
    expect(lookup.variables).toEqual({ url: 'https://example.org/shared/oecd' });
    lookup.answer({
      data: {
        sources: {
          __typename: 'SourceConnection',
          nodes: [
            {
              __typename: 'Source',
              id: 'U291cmNlOjE=',
              url: 'https://example.org/shared/oecd',
              title: 'Child wellbeing across countries',
              publisher: 'OECD',
              standing: 'ACADEMIC',
              date: { __typename: 'PartialDate', text: '2021-03' },
            },
          ],
        },
      },
    });
    await flushPromises();
    const offer = form().get('[data-test="url-in-bibliography"]');
    expect(offer.text()).toContain('This address is already in the bibliography: “Child wellbeing across countries”');
    expect(offer.text()).toContain('OECD');
    // Readers' words, never the code.
    expect(offer.text()).not.toContain('ACADEMIC');
    await offer.get('[data-test="use-entry"]').trigger('click');
    const val = (name: string) => (form().get(`#part-cite-new-${name}`).element as HTMLInputElement).value;
    expect([val('title'), val('publisher'), val('date'), val('standing'), val('key')]).toEqual([
      'Child wellbeing across countries',
      'OECD',
      '2021-03',
      'ACADEMIC',
      'child-wellbeing-across-countries',
    ]);
    expect(form().get('[data-test="entry-used"]').text()).toContain('the bibliography’s');
  });

  it('says when the address is already a source of the draft, and cites that one instead of a copy', async () => {
    const { wrapper, held } = await mountLesson();
    await wrapper.get('[data-test="new-source"]').trigger('click');
    await wrapper.get('#part-cite-new-url').setValue('https://gov.example/Care-Plan-2024');
    const found = wrapper.get('[data-test="url-in-draft"]');
    expect(found.text()).toContain('This address is already the source “National plan” in this draft.');
    await found.get('[data-test="cite-existing"]').trigger('click');
    expect(wrapper.find('[data-test="new-source-form"]').exists()).toBe(false);
    expect(chips(wrapper)).toEqual(['report-a', 'care-plan']);
    // Nothing was created.
    expect(held.pending().filter((r) => r.operationName === 'SaveDraftPart')).toEqual([]);
  });

  it('shows a refusal at the field it names and keeps what was typed', async () => {
    const { wrapper, held } = await mountLesson();
    await wrapper.get('[data-test="new-source"]').trigger('click');
    await wrapper.get('[data-test="create-source"]').trigger('click');
    // Required fields first, before asking the server.
    expect(wrapper.get('#part-cite-new-url-error').text()).toBe('Fill in address (url).');
    expect(wrapper.get('#part-cite-new-standing-error').text()).toBe('Fill in standing.');
    await wrapper.get('#part-cite-new-url').setValue('https://example.org/new');
    await wrapper.get('#part-cite-new-title').setValue('A new report');
    await wrapper.get('#part-cite-new-standing').setValue('SECONDARY');
    await wrapper.get('[data-test="create-source"]').trigger('click');
    const request = await held.nextRequest('SaveDraftPart');
    request.answer({
      data: {
        saveDraftPart: {
          __typename: 'DraftPayload',
          draft: null,
          userErrors: [
            {
              __typename: 'UserError',
              field: 'sources.4.url',
              code: 'BAD_USER_INPUT',
              message: 'url: this address is not reachable as written.',
            },
          ],
        },
      },
    });
    await flushPromises();
    expect(wrapper.get('#part-cite-new-url-error').text()).toBe('url: this address is not reachable as written.');
    expect((wrapper.get('#part-cite-new-title').element as HTMLInputElement).value).toBe('A new report');
    expect(chips(wrapper)).toEqual(['report-a']);
  });
});
