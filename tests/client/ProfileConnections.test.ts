import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import ProfileConnections from '@/features/profile/components/ProfileConnections.vue';
import type { CaseProfilePeriod } from '@/features/profile/types';

enableAutoUnmount(afterEach);

type Connection = CaseProfilePeriod['connections'][number];

function connection(key: string, areas: [string, string]): Connection {
  return {
    id: `c-${key}`,
    key,
    mechanisms: ['STRATEGIC_PLANNING'],
    tier: 'LOCAL',
    description: null,
    extent: null,
    uncertain: false,
    uncertaintyNote: null,
    citations: [],
    areas: areas.map((name) => ({ key: name.toLowerCase(), name })),
  } as Connection;
}

const PERIOD = {
  key: 'since-2013',
  connections: [connection('planning', ['Policing', 'Education']), connection('safety', ['Policing', 'Health'])],
} as unknown as CaseProfilePeriod;

describe('ProfileConnections', () => {
  it('gives each connection an id of its period and key, for links to lead to it, and marks the one they lead to', () => {
    const wrapper = mount(ProfileConnections, {
      props: { period: PERIOD, numberOf: () => undefined, targetId: 'connection-since-2013--safety' },
    });
    const rows = wrapper.findAll('.connections > li');
    expect(rows.map((li) => li.attributes('id'))).toEqual([
      'connection-since-2013--planning',
      'connection-since-2013--safety',
    ]);
    expect(rows.map((li) => li.classes('targeted'))).toEqual([false, true]);
    // Nothing is marked when the address leads elsewhere.
    const elsewhere = mount(ProfileConnections, { props: { period: PERIOD, numberOf: () => undefined } });
    expect(elsewhere.findAll('.targeted')).toHaveLength(0);
  });
});
