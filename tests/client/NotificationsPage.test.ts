import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import NotificationsPage from '@/pages/NotificationsPage.vue';
import { mountAdminPage } from './admin-page';

// What the signed-in person has been told, in words; opening one marks it read and leads to it.
enableAutoUnmount(afterEach);

const EDITOR = { __typename: 'User', id: 'u2', email: 'eve@example.org', name: 'Eve', role: 'EDITOR' };
const note = (id: string, kind: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'Notification',
  id,
  kind,
  slug: 'finland',
  caseName: 'Finland',
  actorLabel: 'Rita',
  excerpt: null,
  commentId: null,
  edition: null,
  createdAt: '2026-12-07T09:00:00.000Z',
  read: false,
  ...extra,
});
const LIST = (items: object[]) => ({
  data: {
    notifications: {
      __typename: 'NotificationList',
      unread: items.filter((i) => !(i as { read: boolean }).read).length,
      items,
    },
  },
});
const ITEMS = [
  note('n1', 'COMMENTED', { excerpt: 'Which act set this up?', commentId: 'c1' }),
  note('n2', 'CHANGES_REQUESTED', { excerpt: 'Cite the 2021 review.' }),
  note('n3', 'PUBLISHED', { edition: 4, read: true }),
];

describe('the notifications page', () => {
  it('tells each notification in words, the unread marked for every reader', async () => {
    const { wrapper, held } = await mountAdminPage(NotificationsPage, '/notifications', EDITOR);
    (await held.nextRequest('Notifications')).answer(LIST(ITEMS));
    await flushPromises();
    expect(wrapper.get('[data-test="unread-summary"]').text()).toBe('2 unread.');
    expect(wrapper.findAll('[data-test="notification"] a').map((a) => a.text())).toEqual([
      'Unread: Rita commented on Finland: “Which act set this up?”',
      'Unread: Rita asked for changes to Finland: “Cite the 2021 review.”',
      'Rita published Finland as edition 4.',
    ]);
    expect(wrapper.findAll('[data-test="notification"] a').map((a) => a.attributes('href'))).toEqual([
      '/cases/finland/draft?part=review',
      '/cases/finland/draft?part=review',
      '/cases/finland',
    ]);
  });

  it('marks one read when opened and goes to it; marks all read on request', async () => {
    const { wrapper, held, router } = await mountAdminPage(NotificationsPage, '/notifications', EDITOR);
    (await held.nextRequest('Notifications')).answer(LIST(ITEMS));
    await flushPromises();
    await wrapper.get('[data-test="notification"] a').trigger('click');
    const mark = await held.nextRequest('MarkNotificationsRead');
    expect(mark.variables).toEqual({ ids: ['n1'] });
    mark.answer({
      data: { markNotificationsRead: { __typename: 'MarkNotificationsReadPayload', unread: 1, userErrors: [] } },
    });
    (await held.nextRequest('Notifications')).answer(LIST([{ ...ITEMS[0]!, read: true }, ITEMS[1]!, ITEMS[2]!]));
    (await held.nextRequest('WaitingOnMe')).answer({
      data: {
        workList: { __typename: 'WorkList', waitingOnMe: 0 },
        notifications: { __typename: 'NotificationList', unread: 1 },
      },
    });
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/cases/finland/draft?part=review'));

    await router.push('/notifications');
    await wrapper.get('[data-test="mark-all-read"]').trigger('click');
    expect((await held.nextRequest('MarkNotificationsRead')).variables).toEqual({ all: true });
  });

  it('says what it will show when there is nothing yet', async () => {
    const { wrapper, held } = await mountAdminPage(NotificationsPage, '/notifications', EDITOR);
    (await held.nextRequest('Notifications')).answer(LIST([]));
    await flushPromises();
    expect(wrapper.get('[data-test="unread-summary"]').text()).toBe('Nothing unread.');
    expect(wrapper.find('[data-test="mark-all-read"]').exists()).toBe(false);
    expect(wrapper.get('[data-test="notifications-empty"]').text()).toContain('You are told here');
  });
});
