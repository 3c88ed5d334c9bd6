import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import DraftPartForm from '@/features/draft/components/DraftPartForm.vue';
import type { CaseProfileDoc } from '@casebook/schema';
import { draftDocument, draftRouter, servedDraft } from '../support/draft-fixtures';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);
afterEach(() => sessionStorage.clear());

/** A period with a national and a local level; the ministry holds a responsibility. */
function structure(): CaseProfileDoc {
  const doc = draftDocument();
  doc.periods = [
    {
      key: 'current',
      label: 'Now',
      levels: [
        {
          key: 'national',
          tier: 'NATIONAL',
          name: 'National government',
          cite: ['report-a'],
          bodies: [
            {
              key: 'ministry',
              name: 'Ministry of Care',
              type: 'MINISTRY',
              cite: ['report-a'],
              responsibilities: [
                { key: 'ministry-policy', function: 'POLICY', serviceArea: 'social-care', cite: ['report-a'] },
              ],
            },
          ],
        },
        {
          key: 'municipal',
          tier: 'LOCAL',
          name: 'Municipalities',
          cite: ['report-b'],
          bodies: [{ key: 'councils', name: 'Municipal councils', type: 'OTHER', cite: ['report-b'] }],
        },
      ],
    },
  ];
  return doc;
}

async function mountForm(kind: 'BODY' | 'RESPONSIBILITY', partKey: string | null, parentKey: string) {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const router = await draftRouter();
  const wrapper = mount(DraftPartForm, {
    props: {
      slug: 'testland',
      kind,
      partKey,
      version: 7,
      document: structure(),
      periodKey: 'current',
      parentKey,
      choices: { serviceArea: [{ value: 'social-care', label: 'Social care' }] },
    },
    global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
  });
  return { wrapper, held };
}

const ok = (version: number) => ({
  data: { saveDraftPart: { __typename: 'DraftPayload', draft: servedDraft(version, structure()), userErrors: [] } },
});

describe('moving a body or a responsibility within its period', () => {
  it('moves a body to another level chosen under “Level”, and says where it went', async () => {
    const { wrapper, held } = await mountForm('BODY', 'ministry', 'national');
    expect(wrapper.get('label[for="part-parentKey"]').text()).toBe('Level');
    const select = wrapper.get('#part-parentKey');
    expect((select.element as HTMLSelectElement).value).toBe('national');
    expect(select.findAll('option').map((o) => o.text())).toEqual([
      'National government (where it is now)',
      'Municipalities',
    ]);
    await select.setValue('municipal');
    await wrapper.get('#part-name').setValue('Municipal care services');
    await wrapper.get('form').trigger('submit');

    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables).toMatchObject({
      mode: 'UPDATE',
      edit: { message: 'Moved the body ministry to municipal' },
      part: { kind: 'BODY', key: 'ministry', periodKey: 'current', parentKey: 'municipal' },
    });
    // The move control is not a field of the body: it is not sent as data.
    expect((request.variables as { part: { data: Record<string, unknown> } }).part.data).not.toHaveProperty(
      'parentKey',
    );
    request.answer(ok(8));
    await flushPromises();
    expect(wrapper.emitted('saved')?.[0]).toEqual(['ministry', 'Moved Municipal care services to Municipalities.']);
  });

  it('saves a body left in its level as before: no parent change, no move said', async () => {
    const { wrapper, held } = await mountForm('BODY', 'ministry', 'national');
    await wrapper.get('#part-name').setValue('Ministry of Social Care');
    await wrapper.get('form').trigger('submit');
    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables).toMatchObject({
      edit: { message: 'Edited the body ministry' },
      part: { parentKey: 'national' },
    });
    request.answer(ok(8));
    await flushPromises();
    expect(wrapper.emitted('saved')?.[0]).toEqual(['ministry']);
  });

  it('moves a responsibility to another body chosen under “Body”, bodies grouped by level', async () => {
    const { wrapper, held } = await mountForm('RESPONSIBILITY', 'ministry-policy', 'ministry');
    expect(wrapper.get('label[for="part-parentKey"]').text()).toBe('Body');
    const groups = wrapper.findAll('#part-parentKey optgroup').map((g) => g.attributes('label'));
    expect(groups).toEqual(['National government', 'Municipalities']);
    await wrapper.get('#part-parentKey').setValue('councils');
    await wrapper.get('form').trigger('submit');
    const request = await held.nextRequest('SaveDraftPart');
    expect(request.variables).toMatchObject({
      mode: 'UPDATE',
      part: { kind: 'RESPONSIBILITY', key: 'ministry-policy', parentKey: 'councils' },
    });
    request.answer(ok(8));
    await flushPromises();
    expect(wrapper.emitted('saved')?.[0]).toEqual([
      'ministry-policy',
      'Moved Policy: Social care to Municipal councils.',
    ]);
  });

  it('shows a refused move at the control and keeps the form’s text', async () => {
    const { wrapper, held } = await mountForm('BODY', 'ministry', 'national');
    await wrapper.get('#part-parentKey').setValue('municipal');
    await wrapper.get('#part-description').setValue('Typed while moving.');
    await wrapper.get('form').trigger('submit');
    const request = await held.nextRequest('SaveDraftPart');
    const refusal = 'There is no level "municipal" in period current: name the level the body moves to (parentKey).';
    request.answer({
      data: {
        saveDraftPart: {
          __typename: 'DraftPayload',
          draft: null,
          userErrors: [{ __typename: 'UserError', field: 'parentKey', code: 'BAD_USER_INPUT', message: refusal }],
        },
      },
    });
    await flushPromises();
    expect(wrapper.get('#part-parentKey-error').text()).toBe(refusal);
    expect(wrapper.get('#part-parentKey').attributes('aria-describedby')).toContain('part-parentKey-error');
    expect(wrapper.find('[data-test="form-problems"]').exists()).toBe(false);
    expect((wrapper.get('#part-description').element as HTMLTextAreaElement).value).toBe('Typed while moving.');
    expect((wrapper.get('#part-parentKey').element as HTMLSelectElement).value).toBe('municipal');
    expect(wrapper.emitted('saved')).toBeUndefined();
  });

  it('offers no move for a new body: it goes where it was added', async () => {
    const { wrapper } = await mountForm('BODY', null, 'national');
    expect(wrapper.find('#part-parentKey').exists()).toBe(false);
  });
});
