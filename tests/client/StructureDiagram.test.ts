import { enableAutoUnmount, mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import StructureDiagram from '@/features/profile/components/StructureDiagram.vue';
import {
  DIAGRAM,
  FOLD,
  foldDiagram,
  foldHeight,
  focusStops,
  highlightFor,
  layoutStructureDiagram,
  moveFocus,
  wrapText,
} from '@/features/profile/structure-diagram';
import type { CaseProfileQuery } from '@/gql/graphql';

type CaseProfilePeriod = NonNullable<CaseProfileQuery['caseStudy']>['periods'][number];
type Level = CaseProfilePeriod['levels'][number];
type Body = Level['bodies'][number];
type Connection = CaseProfilePeriod['connections'][number];

enableAutoUnmount(afterEach);

const SOCIAL_WORK = { key: 'childrens-social-work', name: "Children's social work and care" };
const HEALTH = { key: 'health', name: 'Health care' };
const EDUCATION = { key: 'education', name: 'Education' };
const FAMILY_HEALTH = { key: 'child-family-health', name: 'Child and family health' };

const LONG_NAME =
  'National Supervisory Authority for Welfare and Health, which registers and supervises social and health care providers across the whole country';

function body(id: string, name: string, extra: Partial<Body> = {}): Body {
  return {
    id,
    key: id,
    name,
    type: 'AUTHORITY',
    description: null,
    extent: null,
    uncertain: false,
    uncertaintyNote: null,
    citations: [],
    responsibilities: [],
    ...extra,
  };
}

function level(id: string, tier: Level['tier'], name: string, bodies: Body[], extra: Partial<Level> = {}): Level {
  return {
    id,
    key: id,
    tier,
    name,
    unitCount: null,
    absent: false,
    description: null,
    extent: null,
    uncertain: false,
    uncertaintyNote: null,
    citations: [],
    bodies,
    ...extra,
  };
}

function connection(
  id: string,
  areas: Connection['areas'],
  mechanisms: Connection['mechanisms'],
  extra: Partial<Connection> = {},
): Connection {
  return {
    id,
    key: id,
    areas,
    mechanisms,
    tier: null,
    description: null,
    extent: null,
    uncertain: false,
    uncertaintyNote: null,
    citations: [],
    ...extra,
  };
}

/**
 * Two national levels, an absent regional tier, one local level of three bodies (one uncertain)
 * and three connections among four service areas. Levels and tiers are listed out of order on
 * purpose: the lanes must still run National, Regional, Local.
 */
const PERIOD: CaseProfilePeriod = {
  id: 'p1',
  key: 'from-2023',
  label: 'Wellbeing services counties (from 2023)',
  description: null,
  current: true,
  validFrom: { text: '2023-01-01' },
  reviewed: null,
  validTo: null,
  tiers: [
    { tier: 'LOCAL', presence: 'PRESENT' },
    { tier: 'REGIONAL', presence: 'ABSENT' },
    { tier: 'NATIONAL', presence: 'PRESENT' },
  ],
  levels: [
    level(
      'l-local',
      'LOCAL',
      'Municipalities',
      [
        body('b-social', 'Municipal social services', {
          responsibilities: [
            {
              id: 'r1',
              key: 'r1',
              function: 'DELIVERY',
              description: null,
              extent: null,
              uncertain: false,
              uncertaintyNote: null,
              citations: [],
              serviceArea: SOCIAL_WORK,
            },
            {
              id: 'r2',
              key: 'r2',
              function: 'COMMISSIONING',
              description: null,
              extent: null,
              uncertain: false,
              uncertaintyNote: null,
              citations: [],
              serviceArea: HEALTH,
            },
          ],
        }),
        body('b-schools', 'Municipal schools', { type: 'PROVIDER' }),
        body('b-family', 'Family centres', {
          type: 'PARTNERSHIP',
          uncertain: true,
          uncertaintyNote: 'Whether family centres continue after 2023 is not recorded.',
        }),
      ],
      { unitCount: 309 },
    ),
    level('l-national-gov', 'NATIONAL', 'National government', [
      body('b-ministry', 'Ministry of Social Affairs and Health', { type: 'MINISTRY' }),
      body('b-central', 'Central government', { type: 'OTHER' }),
    ]),
    level('l-regional', 'REGIONAL', 'Regional councils', [], { absent: true }),
    level('l-national-agencies', 'NATIONAL', 'National agencies', [body('b-long', LONG_NAME, { type: 'AGENCY' })]),
  ],
  connections: [
    connection('c1', [SOCIAL_WORK, HEALTH], ['STRUCTURAL_INTEGRATION', 'POOLED_BUDGET'], { tier: 'LOCAL' }),
    connection('c2', [SOCIAL_WORK, EDUCATION], ['INFORMATION_SHARING']),
    connection('c3', [HEALTH, FAMILY_HEALTH], ['MULTI_AGENCY_TEAM'], {
      tier: 'LOCAL',
      uncertain: true,
      uncertaintyNote: 'The record says the model coordinates these services but not how.',
    }),
  ],
  coverage: { responsibilities: 'PARTIAL' },
  sharedOrganisations: [],
};

/** No connections, nothing recorded at the regional tier. */
const QUIET_PERIOD: CaseProfilePeriod = {
  ...PERIOD,
  id: 'p0',
  key: 'before-2023',
  label: 'Before 2023',
  tiers: [
    { tier: 'NATIONAL', presence: 'PRESENT' },
    { tier: 'REGIONAL', presence: 'NO_DATA' },
    { tier: 'LOCAL', presence: 'PRESENT' },
  ],
  levels: PERIOD.levels.filter((l) => l.tier !== 'REGIONAL'),
  connections: [],
};

const ALL_BODIES = PERIOD.levels.flatMap((l) => l.bodies);

function mountDiagram(period: CaseProfilePeriod = PERIOD, caption?: string) {
  return mount(StructureDiagram, { props: { period, caption } });
}

function nodeFor(wrapper: VueWrapper, bodyId: string) {
  return wrapper.get(`[data-test="diagram-node"][data-body-id="${bodyId}"]`);
}

function details(wrapper: VueWrapper) {
  return wrapper.get('[data-test="diagram-details"]');
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** SVG text as read: its lines (tspans or text elements) joined by spaces. */
function svgWords(element: Pick<DOMWrapper<Element>, 'findAll'>): string {
  return element
    .findAll('tspan, text:not(:has(tspan))')
    .map((t) => t.text())
    .join(' ');
}

/** The details panel's definition list, term by term. */
function definitions(wrapper: VueWrapper): Record<string, string> {
  const terms = details(wrapper).findAll('dt');
  return Object.fromEntries(terms.map((dt) => [dt.text(), squash(dt.element.nextElementSibling?.textContent ?? '')]));
}

describe('StructureDiagram', () => {
  it('draws one lane per tier, National, Regional, Local, with the absent tier hatched and said in words', () => {
    const wrapper = mountDiagram();
    const lanes = wrapper.findAll('[data-test="diagram-lane"]');
    expect(lanes.map((l) => l.attributes('data-tier'))).toEqual(['NATIONAL', 'REGIONAL', 'LOCAL']);
    expect(lanes.map((l) => l.attributes('data-presence'))).toEqual(['PRESENT', 'ABSENT', 'PRESENT']);

    const regional = lanes[1]!;
    expect(squash(regional.text())).toContain('Absent: Regional councils');
    expect(regional.attributes('aria-label')).toBe('Regional tier: absent (Regional councils)');
    expect(regional.get('.sd-lane-box').attributes('fill')).toMatch(/^url\(#.+-hatch\)$/);
    expect(lanes[0]!.get('.sd-lane-box').attributes('fill')).toBeUndefined();
    expect(regional.text()).not.toContain('No data recorded');
  });

  it('says "No data recorded" for a tier with no data, without hatching or the word absent', () => {
    const wrapper = mountDiagram(QUIET_PERIOD);
    const lanes = wrapper.findAll('[data-test="diagram-lane"]');
    expect(lanes.map((l) => l.attributes('data-presence'))).toEqual(['PRESENT', 'NO_DATA', 'PRESENT']);
    const regional = lanes[1]!;
    expect(regional.text()).toContain('No data recorded');
    expect(regional.text()).not.toContain('Absent');
    expect(regional.get('.sd-lane-box').attributes('fill')).toBeUndefined();
    expect(regional.attributes('aria-label')).toBe('Regional tier: no data recorded');
    expect(squash(wrapper.get('[data-test="diagram-text"]').text())).toContain('Regional tier: no data recorded');
  });

  it('draws every body as a node in its own tier lane, grouped under its level with the unit count', () => {
    const wrapper = mountDiagram();
    const nodes = wrapper.findAll('[data-test="diagram-node"]');
    expect(nodes).toHaveLength(ALL_BODIES.length);
    expect(nodes.every((n) => n.attributes('data-kind') === 'body')).toBe(true);
    // One tab stop for the whole diagram: the first body; the rest are reached with the arrow keys.
    expect(nodes.map((n) => n.attributes('tabindex'))).toEqual(['0', ...nodes.slice(1).map(() => '-1')]);
    expect(new Set(nodes.map((n) => n.attributes('data-body-id')))).toEqual(new Set(ALL_BODIES.map((b) => b.id)));

    const bodiesIn = (tier: string) =>
      wrapper
        .findAll(`[data-test="diagram-lane"][data-tier="${tier}"] [data-test="diagram-node"]`)
        .map((n) => n.attributes('data-body-id'));
    expect(bodiesIn('NATIONAL')).toEqual(['b-ministry', 'b-central', 'b-long']);
    expect(bodiesIn('REGIONAL')).toEqual([]);
    expect(bodiesIn('LOCAL')).toEqual(['b-social', 'b-schools', 'b-family']);

    const local = wrapper.get('[data-test="diagram-lane"][data-tier="LOCAL"] [data-test="diagram-level"]');
    expect(local.attributes('aria-label')).toBe('Level: Municipalities (309)');
    expect(local.get('.sd-level-heading').text()).toBe('Municipalities (309)');
    expect(nodeFor(wrapper, 'b-ministry').attributes('aria-label')).toBe(
      'Ministry of Social Affairs and Health, ministry, National tier, level: National government',
    );
  });

  it('draws a service-area node per connected area and a labelled edge per connection', () => {
    const wrapper = mountDiagram();
    const areas = wrapper.findAll('[data-test="diagram-area"]');
    expect(areas.map((a) => a.attributes('data-area-key'))).toEqual([
      'childrens-social-work',
      'health',
      'education',
      'child-family-health',
    ]);
    expect(areas.every((a) => a.attributes('tabindex') === '-1')).toBe(true);
    expect(areas[0]!.attributes('aria-label')).toBe("Children's social work and care, service area, 2 connections");

    const edges = wrapper.findAll('[data-test="diagram-edge"]');
    expect(edges).toHaveLength(PERIOD.connections.length);
    expect(edges.map((e) => e.attributes('data-areas'))).toEqual([
      'childrens-social-work health',
      'childrens-social-work education',
      'health child-family-health',
    ]);
    // Each box names both services it joins, and how.
    expect(svgWords(edges[0]!.get('.sd-edge-label'))).toBe(
      "Children's social work and care ↔ Health care: structural integration, pooled budget (local)",
    );
    expect(svgWords(edges[1]!.get('.sd-edge-label'))).toBe(
      "Children's social work and care ↔ Education: information sharing",
    );
    expect(edges[0]!.attributes('aria-label')).toBe(
      "Connection between Children's social work and care and Health care, structural integration, pooled budget (local)",
    );
    expect(edges.every((e) => e.attributes('role') === 'button' && e.attributes('tabindex') === '-1')).toBe(true);
    // A curve out to the label and a curve back: two cubic segments between the two areas.
    const line = wrapper.get('[data-test="diagram-edge-line"][data-connection-id="c1"]');
    expect(line.attributes('d')?.match(/C /g)).toHaveLength(2);

    const uncertain = edges[2]!;
    expect(uncertain.classes()).toContain('is-uncertain');
    expect(svgWords(uncertain.get('[data-test="diagram-uncertain"]'))).toBe('? uncertain');
    expect(edges[0]!.find('[data-test="diagram-uncertain"]').exists()).toBe(false);
  });

  it('lists the same bodies and connections in the text alternative the svg points to', () => {
    const wrapper = mountDiagram();
    const svg = wrapper.get('svg');
    const text = wrapper.get('[data-test="diagram-text"]');
    expect(svg.attributes('role')).toBe('group');
    expect(svg.attributes('aria-describedby')).toBe(text.attributes('id'));
    expect(wrapper.get(`#${svg.attributes('aria-labelledby')}`).text()).toBe(
      'Structure: Wellbeing services counties (from 2023)',
    );

    const listed = text.findAll('[data-test="diagram-text-body"]');
    expect(listed.map((li) => li.get('.sd-text-name').text()).sort()).toEqual(ALL_BODIES.map((b) => b.name).sort());
    const drawn = wrapper.findAll('[data-test="diagram-node"]').map((n) => n.attributes('data-body-id'));
    expect(listed.map((li) => li.attributes('data-body-id'))).toEqual(drawn);

    expect(text.findAll('[data-test="diagram-text-connection"]').map((li) => squash(li.text()))).toEqual([
      "Children's social work and care — Health care: structural integration, pooled budget (local)",
      "Children's social work and care — Education: information sharing",
      'Health care — Child and family health: multi-agency team (local). Uncertain: The record says the model coordinates these services but not how.',
    ]);
    const regional = text.get('[data-test="diagram-text-tier"][data-tier="REGIONAL"]');
    expect(squash(regional.text())).toMatch(/^Regional tier: absent/);
    expect(regional.findAll('li').map((li) => squash(li.text()))).toEqual(['Absent: Regional councils']);
    expect(text.text()).not.toContain('No service connections');
  });

  it('keeps the text alternative hidden until asked for, and shows it from its button', async () => {
    const wrapper = mountDiagram();
    const toggle = wrapper.get('[data-test="diagram-text-toggle"]');
    const text = () => wrapper.get('[data-test="diagram-text"]');
    expect(toggle.attributes('aria-controls')).toBe(text().attributes('id'));
    expect(toggle.attributes('aria-expanded')).toBe('false');
    expect(text().attributes('hidden')).toBeDefined();

    await toggle.trigger('click');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(text().attributes('hidden')).toBeUndefined();
    expect(toggle.text()).toBe('Hide the diagram in words');
  });

  it('shows a body’s details when it is focused, and Escape clears them', async () => {
    const wrapper = mountDiagram();
    const panel = details(wrapper);
    expect(panel.attributes('aria-live')).toBe('polite');
    expect(panel.text()).toContain('Select a body or a service area');

    const node = nodeFor(wrapper, 'b-social');
    expect(node.attributes('aria-controls')).toBe(panel.attributes('id'));
    await node.trigger('focus');
    expect(details(wrapper).get('.sd-details-title').text()).toBe('Municipal social services');
    expect(definitions(wrapper)).toMatchObject({ Type: 'Authority', Tier: 'Local', Level: 'Municipalities (309)' });
    expect(definitions(wrapper)).not.toHaveProperty('Uncertainty');
    expect(
      details(wrapper)
        .findAll('[data-test="diagram-details-responsibilities"] li')
        .map((li) => squash(li.text())),
    ).toEqual(["Delivery — Children's social work and care", 'Commissioning — Health care']);
    expect(node.classes()).toContain('is-selected');
    expect(wrapper.emitted('select')).toEqual([[{ kind: 'body', id: 'b-social' }]]);

    await node.trigger('keydown', { key: 'Escape' });
    expect(details(wrapper).text()).not.toContain('Municipal social services');
    expect(details(wrapper).text()).toContain('Select a body or a service area');
    expect(nodeFor(wrapper, 'b-social').classes()).not.toContain('is-selected');
    expect(wrapper.emitted('select')?.[1]).toEqual([null]);
  });

  it('says in a body’s details what it does for each service area, and what of it is uncertain', async () => {
    const described: CaseProfilePeriod = {
      ...PERIOD,
      levels: PERIOD.levels.map((l) => ({
        ...l,
        bodies: l.bodies.map((b) =>
          b.id !== 'b-social'
            ? b
            : {
                ...b,
                responsibilities: [
                  { ...b.responsibilities[0]!, description: 'Child protection and family support.' },
                  { ...b.responsibilities[1]!, uncertain: true, uncertaintyNote: 'Read from the 2023 act.' },
                ],
              },
        ),
      })),
    };
    const wrapper = mountDiagram(described);
    await nodeFor(wrapper, 'b-social').trigger('focus');
    expect(
      details(wrapper)
        .findAll('[data-test="diagram-details-responsibilities"] li')
        .map((li) => squash(li.text())),
    ).toEqual([
      "Delivery — Children's social work and care: Child protection and family support.",
      'Commissioning — Health care ? Uncertain: Read from the 2023 act.',
    ]);
  });

  it('shows a service area’s connections when it is clicked, and marks its edges', async () => {
    const wrapper = mountDiagram();
    await wrapper.get('[data-test="diagram-area"][data-area-key="health"]').trigger('click');
    expect(
      details(wrapper)
        .findAll('[data-test="diagram-details-connections"] li')
        .map((li) => squash(li.text())),
    ).toEqual([
      "Children's social work and care — Health care: structural integration, pooled budget (local)",
      'Health care — Child and family health: multi-agency team (local) ? Uncertain: The record says the model coordinates these services but not how.',
    ]);
    const active = wrapper.findAll('[data-test="diagram-edge"]').filter((e) => e.classes().includes('is-active'));
    expect(active.map((e) => e.attributes('data-connection-id'))).toEqual(['c1', 'c3']);
  });

  it('marks an uncertain body with a "?" and the word, in its name and its details', async () => {
    const wrapper = mountDiagram();
    const family = nodeFor(wrapper, 'b-family');
    expect(svgWords(family.get('[data-test="diagram-uncertain"]'))).toBe('? uncertain');
    expect(family.classes()).toContain('is-uncertain');
    expect(family.attributes('aria-label')).toBe(
      'Family centres, partnership, Local tier, level: Municipalities (309), uncertain',
    );
    expect(nodeFor(wrapper, 'b-schools').find('[data-test="diagram-uncertain"]').exists()).toBe(false);
    expect(nodeFor(wrapper, 'b-schools').attributes('aria-label')).not.toContain('uncertain');

    await family.trigger('focus');
    expect(definitions(wrapper).Uncertainty).toBe(
      '? Uncertain: Whether family centres continue after 2023 is not recorded.',
    );
    const listed = wrapper.get('[data-test="diagram-text-body"][data-body-id="b-family"]');
    expect(squash(listed.text())).toBe(
      'Family centres (partnership). Uncertain: Whether family centres continue after 2023 is not recorded.',
    );
  });

  it('wraps a long name onto at most three lines ending in an ellipsis, keeping the full name in its label', async () => {
    const wrapper = mountDiagram();
    const node = nodeFor(wrapper, 'b-long');
    const lines = node.findAll('.sd-node-name tspan').map((t) => t.text());
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(lines.at(-1)).toMatch(/…$/);
    expect(lines.join(' ')).not.toContain('whole country');
    // Each line on a line of its own.
    expect(new Set(node.findAll('.sd-node-name tspan').map((t) => t.attributes('y'))).size).toBe(lines.length);
    expect(node.attributes('aria-label')).toContain(LONG_NAME);

    await node.trigger('keydown', { key: 'Enter' });
    expect(details(wrapper).text()).toContain(LONG_NAME);
  });

  it('draws no edges and no area column for a period without connections, and says so in words', () => {
    const wrapper = mountDiagram(QUIET_PERIOD, 'Finland before 2023');
    expect(wrapper.findAll('[data-test="diagram-node"]')).toHaveLength(ALL_BODIES.length);
    expect(wrapper.findAll('[data-test="diagram-edge"]')).toHaveLength(0);
    expect(wrapper.findAll('[data-test="diagram-area"]')).toHaveLength(0);
    expect(wrapper.text()).not.toContain('Service areas');
    const text = wrapper.get('[data-test="diagram-text"]');
    expect(text.findAll('[data-test="diagram-text-connection"]')).toHaveLength(0);
    expect(text.text()).toContain('No service connections recorded for this period.');
    expect(wrapper.get('figcaption').text()).toBe('Finland before 2023');
  });
});

describe('structure diagram layout', () => {
  it('wraps at spaces and ends a cut-short text in an ellipsis', () => {
    expect(wrapText('Ministry of Social Affairs and Health', 20, 3)).toEqual({
      lines: ['Ministry of Social', 'Affairs and Health'],
      truncated: false,
    });
    const cut = wrapText(LONG_NAME, 20, 3);
    expect(cut.truncated).toBe(true);
    expect(cut.lines).toHaveLength(3);
    expect(cut.lines.every((l) => l.length <= 20)).toBe(true);
    expect(cut.lines[2]).toMatch(/…$/);
  });

  it('lays the same period out the same way every time, with connection labels that never overlap', () => {
    const first = layoutStructureDiagram(PERIOD);
    expect(layoutStructureDiagram(structuredClone(PERIOD))).toEqual(first);
    expect(first.width).toBe(1000);
    const boxes = first.edges.map((e) => e.labelBox).sort((a, b) => a.y - b.y);
    for (let i = 1; i < boxes.length; i += 1)
      expect(boxes[i]!.y).toBeGreaterThanOrEqual(boxes[i - 1]!.y + boxes[i - 1]!.height);
    // Lanes stack top to bottom without overlapping, and the drawing is tall enough for all of them.
    const lanes = first.lanes.map((l) => l.box);
    for (let i = 1; i < lanes.length; i += 1)
      expect(lanes[i]!.y).toBeGreaterThan(lanes[i - 1]!.y + lanes[i - 1]!.height);
    expect(first.height).toBeGreaterThanOrEqual(lanes.at(-1)!.y + lanes.at(-1)!.height);
  });

  it('spreads the edges that share an area down its side, so each leaves at a height of its own', () => {
    const layout = layoutStructureDiagram(PERIOD);
    const starts = (areaKey: string) =>
      layout.edges
        .filter((e) => e.areaKeys.includes(areaKey))
        .map((e) => {
          const area = layout.areas.find((a) => a.area.key === areaKey)!;
          // Every point of the path that sits on the area's right-hand side.
          const points = [...e.path.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
          return points
            .filter(
              ([x, y]) => x === area.box.x + area.box.width && y! >= area.box.y && y! <= area.box.y + area.box.height,
            )
            .map(([, y]) => y);
        })
        .flat();
    const social = starts('childrens-social-work');
    expect(social).toHaveLength(2);
    expect(new Set(social).size).toBe(2);
    const health = starts('health');
    expect(new Set(health).size).toBe(health.length);
  });

  it('stacks lanes, then service areas, then connection boxes in one narrow column, with no edges', () => {
    const layout = layoutStructureDiagram(PERIOD, 'stacked');
    expect(layout.mode).toBe('stacked');
    expect(layout.width).toBe(DIAGRAM.stackedWidth);
    const boxes = [
      ...layout.lanes.map((l) => l.box),
      ...layout.lanes.flatMap((l) => l.levels.flatMap((g) => g.bodies.map((b) => b.box))),
      ...layout.areas.map((a) => a.box),
      ...layout.edges.map((e) => e.labelBox),
    ];
    for (const box of boxes) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
    }
    const lastLane = layout.lanes.at(-1)!.box;
    expect(layout.areas[0]!.box.y).toBeGreaterThan(lastLane.y + lastLane.height);
    const lastArea = layout.areas.at(-1)!.box;
    expect(layout.edges[0]!.labelBox.y).toBeGreaterThan(lastArea.y + lastArea.height);
    expect(layout.edges.every((e) => e.path === '')).toBe(true);
    expect(layout.height).toBeGreaterThanOrEqual(
      layout.edges.at(-1)!.labelBox.y + layout.edges.at(-1)!.labelBox.height,
    );
  });
});

describe('structure diagram keyboard order', () => {
  const layout = layoutStructureDiagram(PERIOD);
  const stops = focusStops(layout);
  const ids = stops.map((s) => s.id);

  it('runs bodies lane by lane, then service areas, then connections', () => {
    expect(ids).toEqual([
      'body:b-ministry',
      'body:b-central',
      'body:b-long',
      'body:b-social',
      'body:b-schools',
      'body:b-family',
      'area:childrens-social-work',
      'area:health',
      'area:education',
      'area:child-family-health',
      'connection:c1',
      'connection:c2',
      'connection:c3',
    ]);
  });

  it('moves down and up in order, to either end with Home and End, and stops at the ends', () => {
    expect(moveFocus(stops, 'body:b-ministry', 'ArrowDown')).toBe('body:b-central');
    expect(moveFocus(stops, 'body:b-central', 'ArrowUp')).toBe('body:b-ministry');
    expect(moveFocus(stops, 'body:b-ministry', 'ArrowUp')).toBe('body:b-ministry');
    expect(moveFocus(stops, 'connection:c3', 'ArrowDown')).toBe('connection:c3');
    expect(moveFocus(stops, 'area:health', 'Home')).toBe('body:b-ministry');
    expect(moveFocus(stops, 'area:health', 'End')).toBe('connection:c3');
    expect(moveFocus(stops, 'area:health', 'a')).toBeNull();
  });

  it('moves right and left to the nearest item in the next column, or along the order when stacked', () => {
    const area = moveFocus(stops, 'body:b-ministry', 'ArrowRight');
    expect(area?.startsWith('area:')).toBe(true);
    expect(moveFocus(stops, area, 'ArrowRight')?.startsWith('connection:')).toBe(true);
    expect(moveFocus(stops, 'connection:c1', 'ArrowLeft')?.startsWith('area:')).toBe(true);
    expect(moveFocus(stops, 'area:health', 'ArrowLeft')?.startsWith('body:')).toBe(true);
    const stacked = focusStops(layoutStructureDiagram(PERIOD, 'stacked'));
    expect(moveFocus(stacked, 'body:b-family', 'ArrowRight')).toBe('area:childrens-social-work');
    expect(moveFocus(stacked, 'area:childrens-social-work', 'ArrowLeft')).toBe('body:b-family');
  });

  it('moves the one tab stop and focus with the arrow keys in the component', async () => {
    const wrapper = mount(StructureDiagram, { props: { period: PERIOD }, attachTo: document.body });
    const first = nodeFor(wrapper, 'b-ministry');
    await first.trigger('keydown', { key: 'ArrowDown' });
    await wrapper.vm.$nextTick();
    expect(nodeFor(wrapper, 'b-central').attributes('tabindex')).toBe('0');
    expect(nodeFor(wrapper, 'b-ministry').attributes('tabindex')).toBe('-1');
    expect(document.activeElement?.getAttribute('data-focus-id')).toBe('body:b-central');
    await nodeFor(wrapper, 'b-central').trigger('keydown', { key: 'End' });
    await wrapper.vm.$nextTick();
    expect(wrapper.get('[data-test="diagram-edge"][data-connection-id="c3"]').attributes('tabindex')).toBe('0');
    expect(wrapper.findAll('[data-focus-id][tabindex="0"]')).toHaveLength(1);
  });
});

describe('structure diagram highlight', () => {
  const layout = layoutStructureDiagram(PERIOD);

  it('lights a service area’s holders, its connections and the areas they join, and says so', () => {
    const lit = highlightFor(layout, { kind: 'area', key: 'health' })!;
    expect(lit.selected).toBe('area:health');
    expect([...lit.related].sort()).toEqual(
      [
        'area:child-family-health',
        'area:childrens-social-work',
        'body:b-social',
        'connection:c1',
        'connection:c3',
      ].sort(),
    );
    expect(lit.summary).toBe(
      "Health care: held by Municipal social services; connected to Children's social work and care by structural integration, pooled budget (local); to Child and family health by multi-agency team (local).",
    );
  });

  it('lights what a body holds and the connections of those areas; a connection lights its areas and their holders', () => {
    const body = highlightFor(layout, { kind: 'body', id: 'b-social' })!;
    expect(body.related.has('area:health')).toBe(true);
    expect(body.related.has('connection:c2')).toBe(true);
    expect(body.summary).toContain("Municipal social services: holds Children's social work and care and Health care");
    const edge = highlightFor(layout, { kind: 'connection', id: 'c2' })!;
    expect([...edge.related].sort()).toEqual(['area:childrens-social-work', 'area:education', 'body:b-social']);
    expect(edge.summary).toContain('Education held by no body recorded in this period');
    expect(highlightFor(layout, null)).toBeNull();
  });

  it('marks the holders and dims the rest in the drawing, says it in the live panel, and Escape clears it', async () => {
    const wrapper = mountDiagram();
    const area = wrapper.get('[data-test="diagram-area"][data-area-key="health"]');
    await area.trigger('keydown', { key: 'Enter' });
    expect(area.attributes('aria-pressed')).toBe('true');
    expect(nodeFor(wrapper, 'b-social').attributes('data-related')).toBe('true');
    expect(nodeFor(wrapper, 'b-social').classes()).toContain('is-related');
    expect(nodeFor(wrapper, 'b-schools').classes()).toContain('is-dimmed');
    expect(wrapper.get('[data-test="diagram-edge"][data-connection-id="c2"]').classes()).toContain('is-dimmed');
    expect(wrapper.get('[data-test="diagram-edge-line"][data-connection-id="c1"]').classes()).toContain('is-active');
    expect(details(wrapper).get('[data-test="diagram-summary"]').text()).toContain(
      'Health care: held by Municipal social services',
    );
    await area.trigger('keydown', { key: 'Escape' });
    expect(wrapper.findAll('.is-dimmed')).toHaveLength(0);
    expect(wrapper.find('[data-test="diagram-summary"]').exists()).toBe(false);
  });

  it('shows a shortened name in full in a tooltip on focus and on hover', async () => {
    const wrapper = mountDiagram();
    expect(wrapper.find('[data-test="diagram-tooltip"]').exists()).toBe(false);
    await nodeFor(wrapper, 'b-long').trigger('focusin');
    expect(wrapper.get('[data-test="diagram-tooltip"]').text()).toBe(LONG_NAME);
    await nodeFor(wrapper, 'b-long').trigger('focusout');
    expect(wrapper.find('[data-test="diagram-tooltip"]').exists()).toBe(false);
    await nodeFor(wrapper, 'b-long').trigger('pointerover');
    expect(wrapper.get('[data-test="diagram-tooltip"]').text()).toBe(LONG_NAME);
    // A name shown whole needs no tooltip.
    await nodeFor(wrapper, 'b-ministry').trigger('pointerover');
    expect(wrapper.find('[data-test="diagram-tooltip"]').exists()).toBe(false);
  });
});

/** A national level of fifteen bodies: taller than a row of short diagrams; the last one holds health care. */
const CROWDED_PERIOD: CaseProfilePeriod = {
  ...PERIOD,
  id: 'p2',
  levels: PERIOD.levels.map((l) =>
    l.id === 'l-national-gov'
      ? {
          ...l,
          bodies: Array.from({ length: 15 }, (_, i) =>
            body(`b-n${i + 1}`, `National agency number ${i + 1}`, {
              type: 'AGENCY',
              responsibilities:
                i === 14
                  ? [
                      {
                        id: 'r-n15',
                        key: 'r-n15',
                        function: 'REGULATION',
                        description: null,
                        extent: null,
                        uncertain: false,
                        uncertaintyNote: null,
                        citations: [],
                        serviceArea: HEALTH,
                      },
                    ]
                  : [],
            }),
          ),
        }
      : l,
  ),
};

describe('folded compact diagrams', () => {
  const whole = layoutStructureDiagram(CROWDED_PERIOD, 'stacked');
  const short = layoutStructureDiagram(QUIET_PERIOD, 'stacked');

  it('fold a row to its shortest diagram, never below the floor, and only when one is much taller', () => {
    expect(whole.height).toBeGreaterThan(FOLD.floor + FOLD.slack);
    expect(foldHeight([whole.height])).toBeNull();
    expect(foldHeight([short.height, short.height + FOLD.slack])).toBeNull();
    expect(foldHeight([whole.height + 100, whole.height, whole.height + 400])).toBe(whole.height);
    expect(foldHeight([whole.height, short.height])).toBe(Math.max(short.height, FOLD.floor));
  });

  it('draw fewer bodies in a long level, say how many more, keep every lane above the fold and count what is left out', () => {
    const at = 1100;
    const fold = foldDiagram(CROWDED_PERIOD, 'stacked', at)!;
    expect(fold).not.toBeNull();
    expect(fold.y).toBeLessThanOrEqual(at);
    for (const lane of fold.layout.lanes) expect(lane.box.y + lane.box.height).toBeLessThanOrEqual(fold.y);
    const crowded = fold.layout.lanes.flatMap((l) => l.levels).find((g) => g.level.id === 'l-national-gov')!;
    expect(crowded.bodies.length).toBeGreaterThanOrEqual(4);
    expect(crowded.bodies.length).toBeLessThan(15);
    expect(crowded.left).toBe(15 - crowded.bodies.length);
    expect(crowded.more?.lines).toEqual([`and ${crowded.left} more bodies`]);
    // What is drawn below the fold is counted, and so is every body left out.
    const stops = focusStops(fold.layout);
    const below = stops.filter((s) => s.box.y + s.box.height > fold.y);
    expect([...fold.hiddenIds].sort()).toEqual(below.map((s) => s.id).sort());
    const wholeStops = focusStops(whole);
    const shownAbove = stops.length - below.length;
    expect(fold.hidden.bodies + fold.hidden.areas + fold.hidden.connections).toBe(wholeStops.length - shownAbove);
    expect(foldDiagram(CROWDED_PERIOD, 'stacked', whole.height)).toBeNull();
    expect(foldDiagram(QUIET_PERIOD, 'stacked', FOLD.floor)).toBeNull();
  });

  it('shows the rest from its button, says the whole in words while folded, and a focused item below the fold unfolds it', async () => {
    const wrapper = mount(StructureDiagram, {
      props: { period: CROWDED_PERIOD, compact: true, scale: 0.68, foldAt: FOLD.floor },
      attachTo: document.body,
    });
    const toggle = wrapper.get('[data-test="diagram-fold-toggle"]');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    expect(toggle.attributes('aria-controls')).toBe(wrapper.get('svg').attributes('id'));
    expect(squash(toggle.text())).toMatch(/^Show the rest of the diagram: \d+ bodies, .*connections$/);
    expect(wrapper.findAll('[data-test="diagram-node"]').length).toBeLessThan(15);
    expect(wrapper.get('[data-test="diagram-more"]').text()).toMatch(/^and \d+ more bodies$/);
    expect(wrapper.get('[data-test="diagram-fold"]').attributes('style')).toContain('height');
    // The words name every body, and a highlight's sentence names holders that are not drawn.
    for (const name of ['National agency number 1', 'National agency number 15'])
      expect(wrapper.get('[data-test="diagram-text"]').text()).toContain(name);
    await wrapper.get('[data-test="diagram-area"][data-area-key="health"]').trigger('click');
    expect(wrapper.get('[data-test="diagram-summary"]').text()).toContain('National agency number 15');

    await toggle.trigger('click');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(squash(toggle.text())).toBe('Fold the diagram to the height of the row');
    expect(wrapper.findAll('[data-test="diagram-node"]').length).toBe(15 + 4);
    expect(wrapper.find('[data-test="diagram-more"]').exists()).toBe(false);
    expect(wrapper.get('[data-test="diagram-fold"]').attributes('style') ?? '').not.toContain('height');

    await toggle.trigger('click');
    const last = wrapper.findAll('[data-test="diagram-edge"]').at(-1)!;
    (last.element as SVGElement).focus();
    await wrapper.vm.$nextTick();
    expect(toggle.attributes('aria-expanded')).toBe('true');
  });

  it('never folds without a row to fold to', () => {
    const wrapper = mount(StructureDiagram, { props: { period: CROWDED_PERIOD, compact: true, scale: 0.68 } });
    expect(wrapper.find('[data-test="diagram-fold-toggle"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-test="diagram-node"]')).toHaveLength(15 + 4);
  });
});
