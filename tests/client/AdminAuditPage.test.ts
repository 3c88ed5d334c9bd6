import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import AdminAuditPage from '@/pages/AdminAuditPage.vue';
import { mountAdminPage } from './admin-page';

enableAutoUnmount(afterEach);

/** The audit page at `path`, which asks for the log once it knows an admin is signed in. */
function mountAt(path: string) {
  return mountAdminPage(AdminAuditPage, path);
}

const event = (id: string, action: string) => ({
  __typename: 'AuditEvent',
  id,
  at: '2026-11-25T10:00:00.000Z',
  action,
  outcome: 'ok',
  actorLabel: 'admin@example.org',
  target: null,
  detail: null,
  address: '127.0.0.1',
});
const page = (nodes: ReturnType<typeof event>[], totalCount: number, endCursor: string | null) => ({
  data: {
    auditLog: {
      __typename: 'AuditEventConnection',
      totalCount,
      pageInfo: { __typename: 'PageInfo', hasNextPage: endCursor !== null, endCursor },
      nodes,
    },
  },
});

describe('the audit page', () => {
  it('asks with the filters in the URL, and "Show more" adds the next page after the end cursor', async () => {
    const { wrapper, held } = await mountAt('/admin/audit?action=signIn&outcome=refused');
    expect(wrapper.text()).toContain('Loading audit log…');
    const first = await held.nextRequest('AuditLog');
    expect(first.variables).toMatchObject({ action: 'signIn', outcome: 'refused', actor: null, first: 50 });
    expect((wrapper.get('#audit-action').element as HTMLInputElement).value).toBe('signIn');
    first.answer(page([event('1', 'signIn'), event('2', 'signIn')], 3, 'cursor-2'));
    await flushPromises();
    expect(wrapper.findAll('[data-test="audit-event"]')).toHaveLength(2);
    expect(wrapper.get('[data-test="audit-count"]').text()).toBe('3 events');
    expect(wrapper.findAll('th[scope="col"]').map((th) => th.text())).toEqual([
      'When',
      'Action',
      'Outcome',
      'Who',
      'Target',
      'Detail',
      'Address',
    ]);

    await wrapper.get('[data-test="audit-more"]').trigger('click');
    const more = await held.nextRequest('AuditLog');
    expect(more.variables).toMatchObject({ action: 'signIn', outcome: 'refused', after: 'cursor-2' });
    more.answer(page([event('3', 'signIn')], 3, null));
    await flushPromises();
    expect(wrapper.findAll('[data-test="audit-event"]').map((r) => r.attributes('data-action'))).toEqual([
      'signIn',
      'signIn',
      'signIn',
    ]);
    expect(wrapper.find('[data-test="audit-more"]').exists()).toBe(false);
  });

  it('puts a typed filter in the URL and asks again', async () => {
    const { wrapper, held, router } = await mountAt('/admin/audit');
    (await held.nextRequest('AuditLog')).answer(page([event('1', 'signIn')], 1, null));
    await flushPromises();
    await wrapper.get('#audit-action').setValue(' publishDraft ');
    await wrapper.get('#audit-actor').setValue('token:Nightly');
    await wrapper.get('form').trigger('submit');
    const filtered = await held.nextRequest('AuditLog');
    expect(router.currentRoute.value.query).toEqual({ action: 'publishDraft', actor: 'token:Nightly' });
    expect(filtered.variables).toMatchObject({ action: 'publishDraft', actor: 'token:Nightly', outcome: null });
    filtered.answer(page([], 0, null));
    await flushPromises();
    expect(wrapper.text()).toContain('No event matches these filters.');
  });

  it('says the log could not be loaded, and tries again', async () => {
    const { wrapper, held } = await mountAt('/admin/audit');
    (await held.nextRequest('AuditLog')).answer({
      errors: [{ message: 'server words', extensions: { code: 'FORBIDDEN' } }],
      data: null,
    });
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain(
      'The audit log could not be loaded. You do not have permission to do that.',
    );
    await wrapper.get('[role="alert"] button').trigger('click');
    (await held.nextRequest('AuditLog')).answer(page([event('1', 'signIn')], 1, null));
    await flushPromises();
    expect(wrapper.findAll('[data-test="audit-event"]')).toHaveLength(1);
  });
});
