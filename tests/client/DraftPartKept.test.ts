import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import { preserveUnsavedState } from '@/composables/usePreservedState';
import DraftPage from '@/pages/DraftPage.vue';
import type { CaseProfileDoc } from '@casebook/schema';
import { draftDocument, draftRouter, servedDraft, servedDraftQuery } from '../support/draft-fixtures';
import { holdingLink, type HeldLink } from '../support/held-link';

// Another editor (or the author, elsewhere on the page) deletes the level, body or period holding
// the part whose form is open. The form does not go with it: it is kept, with the typed text, at
// the top of the period (or of the draft, when the period went), says what happened, and saves the
// text as a new part in a place still there, or copies it.
enableAutoUnmount(afterEach);
afterEach(() => sessionStorage.clear());

/** A period with two levels: the councils (a body with a responsibility) and the boards (none). */
function structured(): CaseProfileDoc {
  return {
    ...draftDocument(),
    periods: [
      {
        key: 'current',
        label: 'Now',
        levels: [
          {
            key: 'councils',
            tier: 'LOCAL',
            name: 'Local councils',
            cite: ['report-a'],
            bodies: [
              {
                key: 'social-work',
                name: 'Social work departments',
                type: 'AUTHORITY',
                cite: ['report-a'],
                responsibilities: [
                  { key: 'sw-delivery', function: 'DELIVERY', serviceArea: 'childrens-social-work', cite: [] },
                ],
              },
            ],
          },
          { key: 'boards', tier: 'REGIONAL', name: 'Health boards', cite: ['report-a'], bodies: [] },
        ],
      },
    ],
  };
}
/** The same draft after the councils level (and so its body and responsibility) was deleted. */
function withoutCouncils(): CaseProfileDoc {
  const doc = structured();
  doc.periods[0]!.levels = doc.periods[0]!.levels!.filter((l) => l.key !== 'councils');
  return doc;
}
const AREAS = [
  { value: 'childrens-social-work', label: "Children's social work and care" },
  { value: 'health', label: 'Health care' },
];

async function mountPage(doc: CaseProfileDoc = structured(), version = 7, path?: string) {
  const held: HeldLink = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = await draftRouter(path);
  const wrapper = mount(DraftPage, {
    global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
    attachTo: document.body,
  });
  onTestFinished(() => wrapper.unmount());
  (await held.nextRequest('Draft')).answer(servedDraftQuery(version, doc));
  (await held.nextRequest('Viewer')).answer({
    data: { viewer: { __typename: 'User', id: 'VXNlcjox', email: 'editor@example.org', name: null, role: 'EDITOR' } },
  });
  (await held.nextRequest('DraftServiceAreas')).answer({
    data: { serviceAreas: AREAS.map((a) => ({ __typename: 'ServiceArea', key: a.value, name: a.label })) },
  });
  await flushPromises();
  return { wrapper, held, router };
}
type Page = Awaited<ReturnType<typeof mountPage>>['wrapper'];
const valueOf = (wrapper: Page, selector: string) =>
  (wrapper.get(`[data-test="part-form"] ${selector}`).element as HTMLInputElement).value;
const payload = (name: string, draft: unknown, errors: { field: string; code: string; message: string }[] = []) => ({
  data: {
    [name]: {
      __typename: 'DraftPayload',
      draft,
      userErrors: errors.map((e) => ({ __typename: 'UserError', ...e })),
    },
  },
});

/** Opens the body's form and types in it. */
async function editBody(wrapper: Page) {
  await wrapper.get('[data-test="draft-body"][data-key="social-work"] [data-test="edit-body"]').trigger('click');
  await flushPromises();
  await wrapper.get('#part-description').setValue('Text typed while the level went.');
}

const DELETED =
  'The level Local councils, which held the body Social work departments, was deleted by Theo Reviewer on 4 December 2026 at 10:00 UTC, after you opened version 7. Nothing was saved: your text can still be saved as a new body somewhere else, or copied.';

describe('a body form whose level another editor deleted', () => {
  async function refused() {
    const { wrapper, held, router } = await mountPage();
    await editBody(wrapper);
    await wrapper.get('[data-test="part-form"]').trigger('submit');
    (await held.nextRequest('SaveDraftPart')).answer(
      payload('saveDraftPart', servedDraft(8, withoutCouncils(), 'Theo Reviewer'), [
        { field: 'key', code: 'NOT_FOUND', message: DELETED },
      ]),
    );
    await flushPromises();
    return { wrapper, held, router };
  }

  it('stays open with the text, at the top of the period, saying who deleted the level', async () => {
    const { wrapper, router } = await refused();
    // The level is gone from the page; the form is not: the body's pane gave way to its period's.
    expect(wrapper.find('[data-test="draft-level"][data-key="councils"]').exists()).toBe(false);
    expect(router.currentRoute.value.query.part).toBe('BODY:social-work@current');
    expect(wrapper.get('[data-node="PERIOD:current"]').attributes('aria-selected')).toBe('true');
    const kept = wrapper.get('[data-pane="PERIOD:current"] [data-kept-forms="current"]');
    expect(kept.find('[data-test="part-form"]').exists()).toBe(true);
    expect(wrapper.findAll('[data-test="part-form"]')).toHaveLength(1);
    expect(valueOf(wrapper, '#part-description')).toBe('Text typed while the level went.');
    expect(valueOf(wrapper, '#part-name')).toBe('Social work departments');
    const alert = wrapper.get('[data-test="part-gone"]');
    expect(alert.attributes('role')).toBe('alert');
    expect(alert.text()).toContain(DELETED);
    expect(alert.text()).toContain('Your text is still in the form below.');
    expect(document.activeElement).toBe(alert.element);

    // Its text still counts as unsaved: opening another form asks first, and a no keeps it.
    const asked = vi.fn(() => false);
    vi.stubGlobal('confirm', asked);
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    await wrapper.get('[data-test="draft-level"][data-key="boards"] [data-test="edit-level"]').trigger('click');
    await flushPromises();
    expect(asked).toHaveBeenCalledWith('The form open now has unsaved changes. Discard them?');
    expect(valueOf(wrapper, '#part-description')).toBe('Text typed while the level went.');
  });

  it('saves the text as a new body in a level chosen from those left, against the version now saved', async () => {
    const { wrapper, held } = await refused();
    const select = wrapper.get('[data-test="move-control"] select');
    expect(select.findAll('option').map((o) => o.text())).toEqual(['Choose a level…', 'Health boards']);
    // Without a level chosen, nothing is sent and the choice is asked for.
    await wrapper.get('[data-test="save-as-new"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-test="move-control"] [data-test="field-error"]').text()).toBe(
      'Choose the level to save the body in.',
    );
    expect(held.pending().filter((r) => r.operationName === 'SaveDraftPart')).toEqual([]);

    await select.setValue('boards');
    await wrapper.get('[data-test="save-as-new"]').trigger('click');
    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables.mode).toBe('CREATE');
    expect(request.variables.edit).toMatchObject({ expectedVersion: 8, message: 'Added the body social-work' });
    expect(request.variables.part).toEqual({
      kind: 'BODY',
      key: 'social-work',
      periodKey: 'current',
      parentKey: 'boards',
      data: {
        name: 'Social work departments',
        type: 'AUTHORITY',
        description: 'Text typed while the level went.',
        cite: ['report-a'],
      },
    });
    const saved = withoutCouncils();
    saved.periods[0]!.levels![0]!.bodies = [
      { key: 'social-work', name: 'Social work departments', type: 'AUTHORITY', cite: ['report-a'] },
    ];
    request.answer(payload('saveDraftPart', servedDraft(9, saved)));
    await flushPromises();
    expect(wrapper.find('[data-test="part-form"]').exists()).toBe(false);
    expect(wrapper.get('[data-test="notice"]').text()).toBe('Saved the body social-work.');
    expect(
      wrapper.find('[data-pane="LEVEL:boards@current"] [data-test="draft-body"][data-key="social-work"]').exists(),
    ).toBe(true);
  });

  it('is kept through a trip to sign in and back, with its text, still kept', async () => {
    const { wrapper, router } = await refused();
    // The address as it was when the session ran out: the trip to sign in comes back to it.
    const here = router.currentRoute.value.fullPath;
    preserveUnsavedState(here);
    wrapper.unmount();
    const again = await mountPage(withoutCouncils(), 8, here);
    const kept = again.wrapper.get('[data-kept-forms="current"]');
    expect(kept.find('[data-test="part-form"]').exists()).toBe(true);
    expect(valueOf(again.wrapper, '#part-description')).toBe('Text typed while the level went.');
    expect(again.wrapper.get('[data-test="part-gone"]').text()).toContain(
      'The level “Local councils”, which held this body, was deleted: it is not in version 8 of the draft, last saved by Theo Reviewer.',
    );
  });
});

describe('a new body whose level another editor deleted', () => {
  it('is refused at its place, kept with its text and the server’s words, and saved in another level', async () => {
    const { wrapper, held } = await mountPage();
    await wrapper.get('[data-test="section-body"][data-parent="councils"] [data-test="add-body"]').trigger('click');
    await flushPromises();
    await wrapper.get('#part-name').setValue('Fostering teams');
    await wrapper.get('#part-type').setValue('AUTHORITY');
    await wrapper.get('[data-test="part-form"]').trigger('submit');
    const first = await held.nextRequest('SaveDraftPart');
    expect(first.variables).toMatchObject({ mode: 'CREATE', part: { key: 'fostering-teams', parentKey: 'councils' } });
    const refusal =
      'The level Local councils, which was to hold the new body, was deleted by Theo Reviewer on 4 December 2026 at 10:00 UTC, after you opened version 7. Nothing was saved: your text can still be saved in another place, or copied.';
    first.answer(
      payload('saveDraftPart', servedDraft(8, withoutCouncils(), 'Theo Reviewer'), [
        { field: 'parentKey', code: 'NOT_FOUND', message: refusal },
      ]),
    );
    await flushPromises();

    expect(wrapper.get('[data-kept-forms="current"]').find('[data-test="part-form"]').exists()).toBe(true);
    expect(valueOf(wrapper, '#part-name')).toBe('Fostering teams');
    expect(wrapper.get('[data-test="part-gone"]').text()).toContain(refusal);
    await wrapper.get('[data-test="move-control"] select').setValue('boards');
    await wrapper.get('[data-test="part-form"]').trigger('submit');
    const again = await held.nextRequest('SaveDraftPart');
    expect(again.variables.mode).toBe('CREATE');
    expect(again.variables.edit).toMatchObject({ expectedVersion: 8 });
    expect(again.variables.part).toMatchObject({ kind: 'BODY', key: 'fostering-teams', parentKey: 'boards' });
  });
});

describe('a form kept when the author deletes its holder elsewhere on the page', () => {
  it('keeps a new responsibility whose level was deleted, says it cannot be saved until there is a body, and copies it', async () => {
    const { wrapper, held } = await mountPage();
    await wrapper
      .get('[data-test="section-responsibility"][data-parent="social-work"] [data-test="add-responsibility"]')
      .trigger('click');
    await flushPromises();
    await wrapper.get('#part-serviceArea').setValue('health');
    await wrapper.get('#part-function').setValue('DELIVERY');
    await wrapper.get('#part-description').setValue('A responsibility typed before the level went.');

    await wrapper.get('[data-test="draft-level"][data-key="councils"] [data-test="delete-level"]').trigger('click');
    await wrapper.get('[data-test="confirm-delete"]').trigger('click');
    const request = await held.nextRequest('DeleteDraftPart');
    expect(request.variables).toMatchObject({ kind: 'LEVEL', key: 'councils' });
    request.answer(payload('deleteDraftPart', servedDraft(8, withoutCouncils())));
    await flushPromises();

    expect(wrapper.find('[data-test="draft-level"][data-key="councils"]').exists()).toBe(false);
    expect(wrapper.get('[data-kept-forms="current"]').find('[data-test="part-form"]').exists()).toBe(true);
    expect(valueOf(wrapper, '#part-description')).toBe('A responsibility typed before the level went.');
    const alert = wrapper.get('[data-test="part-gone"]');
    expect(alert.attributes('role')).toBe('alert');
    expect(alert.text()).toContain(
      'The level “Local councils”, which was to hold this responsibility, was deleted: it is not in version 8 of the draft, last saved by Eda Editor.',
    );
    expect(alert.get('[data-test="kept-nowhere"]').text()).toBe(
      'This responsibility cannot be saved until the draft has a body to hold it: copy your text, then add it again where it belongs.',
    );
    expect(wrapper.find('[data-test="save-as-new"]').exists()).toBe(false);
    // Save sends nothing: it says why.
    await wrapper.get('[data-test="part-form"]').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-test="form-problems"]').text()).toContain('cannot be saved until the draft has a body');
    expect(held.pending().filter((r) => r.operationName === 'SaveDraftPart')).toEqual([]);

    await alert.get('[data-test="copy-text"]').trigger('click');
    await flushPromises();
    expect(await navigator.clipboard.readText()).toContain(
      'Description (optional): A responsibility typed before the level went.',
    );
  });

  it('keeps a level form at the top of the draft when its whole period is deleted', async () => {
    const { wrapper, held } = await mountPage();
    await wrapper.get('[data-test="draft-level"][data-key="boards"] [data-test="edit-level"]').trigger('click');
    await flushPromises();
    await wrapper.get('#part-name').setValue('Fourteen health boards');

    await wrapper.get('[data-test="draft-period"][data-key="current"] [data-test="delete-period"]').trigger('click');
    await wrapper.get('[data-test="confirm-delete"]').trigger('click');
    const noPeriods = { ...structured(), periods: [{ key: 'later', label: 'Later' }] };
    (await held.nextRequest('DeleteDraftPart')).answer(payload('deleteDraftPart', servedDraft(8, noPeriods)));
    await flushPromises();

    expect(wrapper.find('[data-test="draft-period"][data-key="current"]').exists()).toBe(false);
    const top = wrapper.get('[data-kept-forms=""]');
    expect(top.find('[data-test="part-form"]').exists()).toBe(true);
    expect(valueOf(wrapper, '#part-name')).toBe('Fourteen health boards');
    expect(wrapper.get('[data-test="part-gone"]').text()).toContain(
      'The period “Now”, which held this level, was deleted',
    );
    await wrapper.get('[data-test="cancel-part"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-test="part-form"]').exists()).toBe(false);
  });
});
