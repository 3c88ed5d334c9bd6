import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import NewCasePage from '@/pages/NewCasePage.vue';
import { mountAdminPage } from './admin-page';

// A case started from the app: the URL key is read from the name until the author changes it,
// missing fields are all named at once, and the server's refusals land at their fields.
enableAutoUnmount(afterEach);

const EDITOR = { __typename: 'User', id: 'u2', email: 'eve@example.org', name: 'Eve', role: 'EDITOR' };
const REVIEWER = { ...EDITOR, role: 'REVIEWER' };

type Wrapper = Awaited<ReturnType<typeof mountAdminPage>>['wrapper'];
const fill = async (wrapper: Wrapper, id: string, value: string) => {
  await wrapper.get(`#new-case-${id}`).setValue(value);
};

describe('a new case', () => {
  it('proposes the URL key from the name, keeps an edited one, and opens the new draft’s period', async () => {
    const { wrapper, held, router } = await mountAdminPage(NewCasePage, '/authoring/new-case', EDITOR);
    await fill(wrapper, 'name', 'Sámi Finland');
    const slug = () => (wrapper.get('#new-case-slug').element as HTMLInputElement).value;
    expect(slug()).toBe('sami-finland');
    await fill(wrapper, 'slug', 'finland-sami');
    await fill(wrapper, 'name', 'Sámi Finland today');
    expect(slug()).toBe('finland-sami');
    // Emptied, the key follows the name again.
    await fill(wrapper, 'slug', '');
    expect(slug()).toBe('sami-finland-today');

    await wrapper.get('#new-case-kind').setValue('SERVICE_REFORM');
    await fill(wrapper, 'jurisdiction', ' Finland ');
    await fill(wrapper, 'summary', 'Services for Sámi children.');
    await wrapper.get('form').trigger('submit');
    const request = await held.nextRequest('CreateCase');
    expect(request.variables).toEqual({
      input: {
        name: 'Sámi Finland today',
        kind: 'SERVICE_REFORM',
        jurisdiction: 'Finland',
        slug: 'sami-finland-today',
        summary: 'Services for Sámi children.',
      },
    });
    request.answer({
      data: {
        createCase: {
          __typename: 'DraftPayload',
          draft: { __typename: 'CaseDraft', slug: 'sami-finland-today', version: 1 },
          userErrors: [],
        },
      },
    });
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/cases/sami-finland-today/draft?open=periods.0');
  });

  it('names every missing field at once and asks nothing', async () => {
    const { wrapper, held } = await mountAdminPage(NewCasePage, '/authoring/new-case', EDITOR);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    const invalid = wrapper.findAll('[aria-invalid="true"]').map((c) => c.attributes('id'));
    expect(invalid).toEqual(['new-case-name', 'new-case-jurisdiction', 'new-case-slug', 'new-case-summary']);
    expect(document.activeElement?.id).toBe('new-case-name');
    expect(held.pending().map((r) => r.operationName)).toEqual([]);
  });

  it('shows a taken URL key at its field, keeping what was typed', async () => {
    const { wrapper, held } = await mountAdminPage(NewCasePage, '/authoring/new-case', EDITOR);
    await fill(wrapper, 'name', 'Finland');
    await fill(wrapper, 'jurisdiction', 'Finland');
    await fill(wrapper, 'summary', 'Wellbeing services counties.');
    await wrapper.get('form').trigger('submit');
    (await held.nextRequest('CreateCase')).answer({
      data: {
        createCase: {
          __typename: 'DraftPayload',
          draft: null,
          userErrors: [
            { __typename: 'UserError', field: 'slug', code: 'CONFLICT', message: 'There is already a case "finland".' },
          ],
        },
      },
    });
    await flushPromises();
    expect(wrapper.get('#new-case-slug-hint').text()).toBe('There is already a case "finland".');
    expect(document.activeElement?.id).toBe('new-case-slug');
    expect((wrapper.get('#new-case-summary').element as HTMLTextAreaElement).value).toBe(
      'Wellbeing services counties.',
    );
  });

  it('tells a reviewer that starting a case needs an editor, and shows no form', async () => {
    const { wrapper } = await mountAdminPage(NewCasePage, '/authoring/new-case', REVIEWER);
    expect(wrapper.get('[data-test="new-case-refused"]').text()).toContain('needs an editor');
    expect(wrapper.find('form').exists()).toBe(false);
  });
});
