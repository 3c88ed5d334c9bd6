import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import AdminTokensPage from '@/pages/AdminTokensPage.vue';
import { mountAdminPage } from './admin-page';

enableAutoUnmount(afterEach);

const DAY = 24 * 60 * 60 * 1000;
const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();
const token = (id: string, name: string, expiresAt: string, revokedAt: string | null = null) => ({
  __typename: 'ApiToken',
  id,
  name,
  prefix: `cbk_${id}`,
  scope: 'READ',
  createdAt: iso(-40),
  expiresAt,
  revokedAt,
  lastUsedAt: null,
  createdBy: { __typename: 'TokenCreator', id: `user-${id}`, name: 'Ada Admin', active: id !== 'b' },
});

describe('the API tokens page', () => {
  it('says in words which tokens are expired or revoked, and offers to revoke only working ones', async () => {
    const { wrapper, held } = await mountAdminPage(AdminTokensPage, '/admin/tokens');
    (await held.nextRequest('ApiTokens')).answer({
      data: {
        apiTokens: [
          token('a', 'Working', iso(10)),
          token('b', 'Old', iso(-1)),
          token('c', 'Stopped', iso(10), iso(-2)),
        ],
      },
    });
    await flushPromises();

    const rows = wrapper.findAll('[data-test="token"]');
    expect(rows.map((r) => r.get('[data-test="token-status"]').text())).toEqual(['Active', 'Expired', 'Revoked']);
    expect(rows.map((r) => r.find('[data-test="revoke-token"]').exists())).toEqual([true, false, false]);
    expect(rows.map((r) => r.get('[data-test="token-creator"]').text())).toEqual([
      'Ada Admin',
      'Ada Admin (no longer an admin: token stopped)',
      'Ada Admin',
    ]);
    expect(wrapper.findAll('#new-token-scope option').map((o) => o.attributes('value'))).toContain('PUBLISHED');

    await rows[0]!.get('[data-test="revoke-token"]').trigger('click');
    expect(wrapper.get('[role="dialog"]').text()).toContain('Tools using “Working” stop working at once.');
    await wrapper.get('[data-test="confirm"]').trigger('click');
    const request = await held.nextRequest('RevokeApiToken');
    expect(request.variables).toEqual({ id: 'a' });
    request.answer({ data: { revokeApiToken: { __typename: 'ApiToken', id: 'a', revokedAt: iso(0) } } });
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-test="token-status"]')[0]!.text()).toBe('Revoked');
  });
});
