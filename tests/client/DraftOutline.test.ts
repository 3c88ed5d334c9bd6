import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import DraftOutline from '@/features/draft/components/DraftOutline.vue';
import { formNode, outlineOf, shownNode, type OutlineNode } from '@/features/draft/outline';
import DraftPage from '@/pages/DraftPage.vue';
import type { CaseProfileDoc } from '@casebook/schema';
import { draftDocument, draftRouter, servedDraftQuery } from '../support/draft-fixtures';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);
afterEach(() => sessionStorage.clear());

/** Two periods; the first with two levels, a body with two responsibilities (one unsourced) and a connection. */
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
                uncertain: true,
                note: 'Inferred from one report.',
                responsibilities: [
                  { key: 'sw-delivery', function: 'DELIVERY', serviceArea: 'health', cite: [] },
                  { key: 'sw-funding', function: 'FUNDING', serviceArea: 'health', cite: ['report-a'] },
                ],
              },
            ],
          },
          { key: 'boards', tier: 'REGIONAL', name: 'Health boards', cite: ['report-a'], bodies: [] },
        ],
        connections: [{ key: 'joint', between: ['health', 'education'], mechanisms: ['JOINT_BOARD'], cite: [] }],
      },
      { key: 'before', label: 'Before 2020' },
    ],
  };
}
const TITLES = {
  period: (p: { label: string }) => p.label,
  level: (l: { name: string }) => l.name,
  body: (b: { name: string }) => b.name,
  responsibility: (r: { key: string }) => r.key,
};
const ids = (nodes: OutlineNode[]): unknown[] => nodes.map((n) => (n.children.length ? [n.id, ids(n.children)] : n.id));
const find = (nodes: OutlineNode[], id: string): OutlineNode | undefined => {
  for (const n of nodes) {
    if (n.id === id) return n;
    const inner = find(n.children, id);
    if (inner) return inner;
  }
  return undefined;
};

describe('the outline of a draft', () => {
  it('has the headline, each period with its levels, bodies, responsibilities and connections, then the other sections', () => {
    const tree = outlineOf(structured(), TITLES);
    expect(ids(tree)).toEqual([
      'headline',
      [
        'periods',
        [
          [
            'PERIOD:current',
            [
              [
                'LEVEL:councils@current',
                [
                  [
                    'BODY:social-work@current',
                    ['RESPONSIBILITY:sw-delivery@current', 'RESPONSIBILITY:sw-funding@current'],
                  ],
                ],
              ],
              'LEVEL:boards@current',
              'connections@current',
            ],
          ],
          ['PERIOD:before', ['connections@before']],
        ],
      ],
      'events',
      'lessons',
      'sources',
      'review',
      'history',
    ]);
  });

  it('counts what each pane lists and marks claims without a source or uncertain, in words', () => {
    const tree = outlineOf(structured(), TITLES, {
      kept: new Set(['lessons']),
      open: { node: 'BODY:social-work@current', unsaved: true },
    });
    expect(find(tree, 'periods')?.count?.words).toBe('2 periods');
    expect(find(tree, 'PERIOD:current')?.count?.words).toBe('2 levels');
    expect(find(tree, 'LEVEL:councils@current')?.count?.words).toBe('1 body');
    const body = find(tree, 'BODY:social-work@current')!;
    expect(body.count?.words).toBe('2 responsibilities');
    expect(body.marks).toEqual(['uncertain', 'form open, not saved']);
    expect(find(tree, 'RESPONSIBILITY:sw-delivery@current')?.marks).toEqual(['no source']);
    expect(find(tree, 'RESPONSIBILITY:sw-funding@current')?.marks).toEqual([]);
    expect(find(tree, 'connections@current')?.marks).toEqual(['1 without a source']);
    expect(find(tree, 'lessons')?.marks).toEqual(['input kept']);
    expect(find(tree, 'lessons')?.count?.words).toBe('2 lessons');
  });

  it('shows a node that is gone as its period, or the periods, and a part’s form in its own pane or its list’s', () => {
    const tree = outlineOf(structured(), TITLES);
    expect(shownNode(tree, 'BODY:social-work@current')).toBe('BODY:social-work@current');
    expect(shownNode(tree, 'BODY:deleted@current')).toBe('PERIOD:current');
    expect(shownNode(tree, 'LEVEL:x@gone')).toBe('periods');
    expect(shownNode(tree, 'PERIOD:gone')).toBe('periods');
    expect(shownNode(tree, 'nonsense')).toBe('headline');
    expect(shownNode(tree, null)).toBe('headline');

    expect(formNode({ kind: 'BODY', key: 'social-work', periodKey: 'current', parentKey: 'councils' })).toBe(
      'BODY:social-work@current',
    );
    expect(formNode({ kind: 'BODY', key: null, periodKey: 'current', parentKey: 'councils' })).toBe(
      'LEVEL:councils@current',
    );
    expect(formNode({ kind: 'LEVEL', key: null, periodKey: 'current' })).toBe('PERIOD:current');
    expect(formNode({ kind: 'CONNECTION', key: 'joint', periodKey: 'current' })).toBe('connections@current');
    expect(formNode({ kind: 'LESSON', key: 'first-lesson' })).toBe('lessons');
    expect(formNode({ kind: 'CASE', key: null })).toBe('headline');
  });
});

describe('the outline as a tree view, by keyboard', () => {
  function mountTree(selected = 'headline', movable = false) {
    const wrapper = mount(DraftOutline, {
      props: { nodes: outlineOf(structured(), TITLES), selected, label: 'Parts of the draft', movable },
      attachTo: document.body,
    });
    return wrapper;
  }
  const focused = () => document.activeElement?.getAttribute('data-node');
  async function press(wrapper: ReturnType<typeof mountTree>, key: string, altKey = false) {
    await wrapper.get('[role="tree"]').trigger('keydown', { key, altKey });
    await flushPromises();
  }

  it('is a tree with one tab stop, its parents expanded or not, the selected node marked', () => {
    const wrapper = mountTree('LEVEL:councils@current');
    expect(wrapper.get('[role="tree"]').attributes('aria-label')).toBe('Parts of the draft');
    const items = wrapper.findAll('[role="treeitem"]');
    expect(items.filter((i) => i.attributes('tabindex') === '0').map((i) => i.attributes('data-node'))).toEqual([
      'LEVEL:councils@current',
    ]);
    const councils = wrapper.get('[data-node="LEVEL:councils@current"]');
    expect(councils.attributes('aria-selected')).toBe('true');
    expect(councils.attributes('aria-level')).toBe('3');
    // The periods and each period start expanded, a level with bodies does not.
    expect(wrapper.get('[data-node="periods"]').attributes('aria-expanded')).toBe('true');
    expect(councils.attributes('aria-expanded')).toBe('false');
    expect(wrapper.get('[data-node="headline"]').attributes('aria-expanded')).toBeUndefined();
    expect(wrapper.get('[data-node="headline"]').attributes('aria-selected')).toBe('false');
    // A child list is a group; the count and the marks are in the name, as words.
    expect(wrapper.find('[data-node="periods"] > [role="group"]').exists()).toBe(true);
    expect(councils.attributes('aria-label')).toBe('Local councils, 1 body');
    expect(wrapper.find('[data-node="BODY:social-work@current"]').exists()).toBe(false);
    expect(wrapper.get('[data-node="connections@current"]').attributes('aria-label')).toBe(
      'Connections, 1 connection, 1 without a source',
    );
  });

  it('moves with the arrows, Home and End, expands and collapses with Right and Left, and selects with Enter', async () => {
    const wrapper = mountTree();
    (wrapper.get('[data-node="headline"]').element as HTMLElement).focus();
    await press(wrapper, 'ArrowDown');
    expect(focused()).toBe('periods');
    await press(wrapper, 'ArrowDown');
    expect(focused()).toBe('PERIOD:current');
    await press(wrapper, 'ArrowRight');
    expect(focused()).toBe('LEVEL:councils@current');
    // Right on a collapsed node expands it, the focus staying; again, it goes to the first child.
    await press(wrapper, 'ArrowRight');
    expect(focused()).toBe('LEVEL:councils@current');
    expect(wrapper.get('[data-node="LEVEL:councils@current"]').attributes('aria-expanded')).toBe('true');
    await press(wrapper, 'ArrowRight');
    expect(focused()).toBe('BODY:social-work@current');
    await press(wrapper, 'ArrowDown');
    // The body is collapsed: Down goes past its responsibilities to the next level.
    expect(focused()).toBe('LEVEL:boards@current');
    await press(wrapper, 'ArrowUp');
    expect(focused()).toBe('BODY:social-work@current');
    // Left from a collapsed node goes to its parent; Left there collapses it.
    await press(wrapper, 'ArrowLeft');
    expect(focused()).toBe('LEVEL:councils@current');
    await press(wrapper, 'ArrowLeft');
    expect(wrapper.get('[data-node="LEVEL:councils@current"]').attributes('aria-expanded')).toBe('false');
    expect(wrapper.find('[data-node="BODY:social-work@current"]').exists()).toBe(false);
    await press(wrapper, 'End');
    expect(focused()).toBe('history');
    await press(wrapper, 'Home');
    expect(focused()).toBe('headline');
    // The tab stop follows the keyboard.
    expect(wrapper.get('[data-node="headline"]').attributes('tabindex')).toBe('0');

    await press(wrapper, 'ArrowDown');
    await press(wrapper, 'Enter');
    expect(wrapper.emitted('select')).toEqual([['periods']]);
    await wrapper.get('[data-node="lessons"]').trigger('click');
    expect(wrapper.emitted('select')).toEqual([['periods'], ['lessons']]);
  });

  it('goes to the next node whose name starts with a letter typed', async () => {
    const wrapper = mountTree();
    (wrapper.get('[data-node="headline"]').element as HTMLElement).focus();
    await press(wrapper, 'l');
    expect(focused()).toBe('LEVEL:councils@current');
    await press(wrapper, 'L');
    expect(focused()).toBe('lessons');
    // From the end it goes round to the top.
    await press(wrapper, 'h');
    expect(focused()).toBe('history');
    await press(wrapper, 'h');
    expect(focused()).toBe('headline');
    await press(wrapper, 'h');
    expect(focused()).toBe('LEVEL:boards@current');
    expect(wrapper.emitted('select')).toBeUndefined();
  });

  it('moves a part among those of its kind beside it by Alt and an arrow, or by dragging, where parts may move', async () => {
    const wrapper = mountTree('LEVEL:councils@current', true);
    expect(wrapper.get('[role="tree"]').attributes('aria-describedby')).toBe('outline-keys');
    (wrapper.get('[data-node="LEVEL:councils@current"]').element as HTMLElement).focus();
    await press(wrapper, 'ArrowUp', true);
    // The first level goes no higher, and the connections are not one of the levels.
    expect(wrapper.emitted('move')).toBeUndefined();
    await press(wrapper, 'ArrowDown', true);
    expect(wrapper.emitted('move')).toEqual([['LEVEL:councils@current', 1]]);
    // The page saves the move; the outline gets the new order, and the keyboard stays on the level moved.
    const moved = structured();
    moved.periods[0]!.levels!.reverse();
    await wrapper.setProps({ nodes: outlineOf(moved, TITLES) });
    await flushPromises();
    expect(focused()).toBe('LEVEL:councils@current');
    await press(wrapper, 'ArrowDown', true);
    expect(wrapper.emitted('move')).toHaveLength(1);
    await wrapper.setProps({ nodes: outlineOf(structured(), TITLES) });

    expect(wrapper.get('[data-node="LEVEL:boards@current"]').attributes('draggable')).toBe('true');
    expect(wrapper.get('[data-node="connections@current"]').attributes('draggable')).toBeUndefined();
    expect(wrapper.get('[data-node="lessons"]').attributes('draggable')).toBeUndefined();
    await wrapper.get('[data-node="LEVEL:boards@current"]').trigger('dragstart');
    await wrapper.get('[data-node="LEVEL:councils@current"]').trigger('drop');
    expect(wrapper.emitted('move')).toEqual([
      ['LEVEL:councils@current', 1],
      ['LEVEL:boards@current', 0],
    ]);
    // Dropped on what is not beside it, it stays.
    await wrapper.get('[data-node="PERIOD:current"]').trigger('dragstart');
    await wrapper.get('[data-node="LEVEL:boards@current"]').trigger('drop');
    expect(wrapper.emitted('move')).toHaveLength(2);
  });

  it('moves nothing where parts may not move (a reader, a draft in review)', async () => {
    const wrapper = mountTree('LEVEL:councils@current');
    (wrapper.get('[data-node="LEVEL:councils@current"]').element as HTMLElement).focus();
    await press(wrapper, 'ArrowDown', true);
    expect(wrapper.emitted('move')).toBeUndefined();
    expect(wrapper.get('[data-node="LEVEL:boards@current"]').attributes('draggable')).toBeUndefined();
    expect(wrapper.get('[role="tree"]').attributes('aria-describedby')).toBeUndefined();
  });

  it('expands the nodes above one selected from elsewhere (a link, back and forward)', async () => {
    const wrapper = mountTree();
    expect(wrapper.find('[data-node="RESPONSIBILITY:sw-delivery@current"]').exists()).toBe(false);
    await wrapper.setProps({ selected: 'RESPONSIBILITY:sw-delivery@current' });
    const item = wrapper.get('[data-node="RESPONSIBILITY:sw-delivery@current"]');
    expect(item.attributes('aria-selected')).toBe('true');
    expect(item.attributes('tabindex')).toBe('0');
  });
});

describe('the selection in the address', () => {
  async function mountAt(path: string, role = 'EDITOR') {
    const held = holdingLink();
    const client = createApolloClient();
    client.setLink(held.link);
    onTestFinished(() => client.stop());
    const router = await draftRouter(path);
    const wrapper = mount(DraftPage, {
      global: { plugins: [router], provide: { [DefaultApolloClient]: client } },
      attachTo: document.body,
    });
    (await held.nextRequest('Draft')).answer(servedDraftQuery(3, structured()));
    await flushPromises();
    (await held.nextRequest('Viewer')).answer({
      data: { viewer: { __typename: 'User', id: 'VXNlcjox', email: 'someone@example.org', name: null, role } },
    });
    (await held.nextRequest('DraftServiceAreas')).answer({ data: { serviceAreas: [] } });
    await flushPromises();
    return { wrapper, router };
  }
  const visiblePanes = (wrapper: Awaited<ReturnType<typeof mountAt>>['wrapper']) =>
    wrapper
      .findAll('[data-test="draft-pane"]')
      .filter((p) => (p.element as HTMLElement).style.display !== 'none')
      .map((p) => p.attributes('data-pane'));

  it('shows the pane the address names, and only it, with its node selected in the outline', async () => {
    const { wrapper } = await mountAt('/cases/testland/draft?part=BODY:social-work@current');
    expect(visiblePanes(wrapper)).toEqual(['BODY:social-work@current']);
    expect(wrapper.get('[data-node="BODY:social-work@current"]').attributes('aria-selected')).toBe('true');
    const pane = wrapper.get('[data-pane="BODY:social-work@current"]');
    expect(pane.get('h2').text()).toBe('Body: Social work departments');
    expect(pane.findAll('[data-test="draft-responsibility"]').map((r) => r.attributes('data-key'))).toEqual([
      'sw-delivery',
      'sw-funding',
    ]);
  });

  it('puts the node chosen in the outline in the address, its pane shown and its heading focused', async () => {
    const { wrapper, router } = await mountAt('/cases/testland/draft');
    expect(visiblePanes(wrapper)).toEqual(['headline']);
    await wrapper.get('[data-node="connections@current"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query.part).toBe('connections@current');
    expect(visiblePanes(wrapper)).toEqual(['connections@current']);
    expect(document.activeElement?.textContent).toBe('Connections in Now (1)');
    await router.back();
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await flushPromises();
    expect(visiblePanes(wrapper)).toEqual(['headline']);
  });

  it('opens a part’s form in its own pane from the Edit of its row in the pane above, in the address too', async () => {
    const { wrapper, router } = await mountAt('/cases/testland/draft?part=LEVEL:councils@current');
    await wrapper.get('[data-pane="LEVEL:councils@current"] [data-test="edit-body"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query.part).toBe('BODY:social-work@current');
    expect(wrapper.find('[data-pane="BODY:social-work@current"] [data-test="part-form"]').exists()).toBe(true);
    expect(wrapper.get('[data-node="BODY:social-work@current"]').text()).toContain('form open');
  });

  it('takes a link to a part’s form (the coverage map’s ?open=) to its pane, with the form open', async () => {
    const { wrapper, router } = await mountAt('/cases/testland/draft?open=periods.0.levels.1');
    expect(router.currentRoute.value.fullPath).toBe('/cases/testland/draft?part=LEVEL:boards@current');
    expect(wrapper.find('[data-pane="LEVEL:boards@current"] [data-test="part-form"]').exists()).toBe(true);
    expect(visiblePanes(wrapper)).toEqual(['LEVEL:boards@current']);
  });
});
