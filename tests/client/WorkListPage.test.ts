import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import WorkListPage from '@/pages/WorkListPage.vue';
import { mountAdminPage } from './admin-page';

// The authoring home: each draft in the one group it belongs to, what waits on the viewer marked
// and counted, and a reviewer's queue first for a reviewer.
enableAutoUnmount(afterEach);

const EDITOR = { __typename: 'User', id: 'u2', email: 'eve@example.org', name: 'Eve', role: 'EDITOR' };
const REVIEWER = { ...EDITOR, id: 'u3', email: 'rita@example.org', role: 'REVIEWER' };

const draft = (slug: string, extra: Record<string, unknown> = {}) => ({
  __typename: 'WorkItem',
  slug,
  name: slug.charAt(0).toUpperCase() + slug.slice(1),
  status: 'DRAFT',
  changesRequestedBy: null,
  changesRequestedAt: null,
  updatedByLabel: 'ed@example.org',
  updatedAt: '2026-12-04T10:00:00.000Z',
  mine: false,
  published: true,
  waitsOnMe: false,
  openThreads: 0,
  ...extra,
});
const WORK = (drafts: object[], waitingOnMe: number) => ({
  data: {
    workList: {
      __typename: 'WorkList',
      waitingOnMe,
      drafts,
      recentlyPublished: [
        {
          __typename: 'RecentPublication',
          slug: 'finland',
          name: 'Finland',
          edition: 3,
          publishedAt: '2026-12-01T09:30:00.000Z',
          publishedBy: 'Rita',
          summary: '1 changed',
        },
      ],
    },
  },
});

type Wrapper = Awaited<ReturnType<typeof mountAdminPage>>['wrapper'];
const group = (wrapper: Wrapper, id: string) =>
  wrapper.findAll(`[data-test="work-${id}"] [data-test="work-item"]`).map((li) => li.attributes('data-slug'));
const headings = (wrapper: Wrapper) => wrapper.findAll('h2').map((h) => h.text().replace(/\s*\(\d+\)$/, ''));

const DRAFTS = [
  draft('wales', { status: 'IN_REVIEW' }),
  draft('finland', {
    changesRequestedBy: 'rita@example.org',
    changesRequestedAt: '2026-12-03T08:00:00.000Z',
    mine: true,
    waitsOnMe: true,
    openThreads: 2,
    updatedByLabel: 'eve@example.org',
  }),
  draft('ireland', { mine: true, updatedByLabel: 'eve@example.org' }),
  draft('netherlands', { published: false }),
];

describe('the work list', () => {
  it('puts each draft in its group and marks what waits on the editor, with the next step', async () => {
    const { wrapper, held } = await mountAdminPage(WorkListPage, '/authoring', EDITOR);
    expect(wrapper.text()).toContain('Loading work list…');
    (await held.nextRequest('WorkList')).answer(WORK(DRAFTS, 1));
    await flushPromises();
    expect(wrapper.get('[data-test="waiting-summary"]').text()).toBe('One draft waits on you.');
    expect(headings(wrapper)).toEqual([
      'Changes requested',
      'In review',
      'Your drafts',
      'Other drafts',
      'Recently published',
    ]);
    expect(group(wrapper, 'changes-requested')).toEqual(['finland']);
    expect(group(wrapper, 'in-review')).toEqual(['wales']);
    expect(group(wrapper, 'mine')).toEqual(['ireland']);
    expect(group(wrapper, 'others')).toEqual(['netherlands']);
    const finland = wrapper.get('[data-slug="finland"]');
    expect(finland.get('[data-test="waits-on-me"]').text()).toBe('waits on you');
    expect(finland.text()).toContain('Changes requested by rita@example.org');
    expect(finland.text()).toContain('Saved last by you');
    expect(finland.text()).toContain('Make the changes asked for');
    expect(finland.get('[data-test="open-threads"]').text()).toBe('2 review threads open');
    expect(wrapper.find('[data-slug="ireland"] [data-test="open-threads"]').exists()).toBe(false);
    expect(finland.get('a').attributes('href')).toBe('/cases/finland/draft');
    expect(wrapper.get('[data-slug="netherlands"]').text()).toContain('never published');
    expect(wrapper.find('[data-slug="wales"] [data-test="waits-on-me"]').exists()).toBe(false);
    const published = wrapper.get('[data-test="published-item"]');
    expect(published.text()).toContain('Edition 3, published by Rita');
    expect(published.get('a').attributes('href')).toBe('/cases/finland');
    expect(wrapper.get('[data-test="new-case-link"]').attributes('href')).toBe('/authoring/new-case');
  });

  it('shows a reviewer the review queue first, and no new-case link', async () => {
    const { wrapper, held } = await mountAdminPage(WorkListPage, '/authoring', REVIEWER);
    (await held.nextRequest('WorkList')).answer(
      WORK(
        [
          draft('wales', { status: 'IN_REVIEW', waitsOnMe: true }),
          draft('wales-2', { status: 'IN_REVIEW', waitsOnMe: true }),
        ],
        2,
      ),
    );
    await flushPromises();
    expect(headings(wrapper)).toEqual(['Review queue', 'Changes requested', 'Other drafts', 'Recently published']);
    expect(group(wrapper, 'in-review')).toEqual(['wales', 'wales-2']);
    expect(wrapper.get('[data-test="waiting-summary"]').text()).toBe('2 drafts wait on you.');
    expect(wrapper.get('[data-slug="wales"]').text()).toContain('Review it: publish, or ask for changes.');
    expect(wrapper.find('[data-test="new-case-link"]').exists()).toBe(false);
    expect(wrapper.get('[data-test="work-changes-requested"]').text()).toContain(
      'No draft has been sent back for changes.',
    );
  });

  it('asks a reader to sign in, and asks for nothing', async () => {
    const { wrapper, held } = await mountAdminPage(WorkListPage, '/authoring', null);
    expect(wrapper.get('[data-test="work-signed-out"]').text()).toContain('Sign in');
    expect(held.pending().map((r) => r.operationName)).toEqual([]);
  });
});
