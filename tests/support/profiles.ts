import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { parse } from 'yaml';
import type { CaseProfileDoc } from '@casebook/schema';
import { loadCaseProfile } from '../../server/src/modules/profile/profile.loader.js';

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** A profile document from tests/fixtures/profiles. */
export function readProfileFixture(name: string): CaseProfileDoc {
  return parse(readFileSync(path.join(fixturesDir, 'profiles', `${name}.yaml`), 'utf8')) as CaseProfileDoc;
}

/** Publishes a document into the read model in one transaction. */
export function publishProfile(ds: DataSource, doc: CaseProfileDoc) {
  return ds.transaction((manager) => loadCaseProfile(manager, doc));
}

/**
 * A synthetic but realistic profile: two periods, three tiers, several bodies with
 * responsibilities, connections, events and lessons, all cited.
 */
export function generateProfile(n: number, size = 3): CaseProfileDoc {
  const areas = ['childrens-social-work', 'health', 'education', 'adult-social-care', 'youth-justice'];
  const themes = ['leadership', 'finance', 'workforce', 'culture'];
  const tiers = ['NATIONAL', 'REGIONAL', 'LOCAL'] as const;
  const period = (key: string, label: string, dates: { validFrom?: string; validTo?: string }) => ({
    key,
    label,
    ...dates,
    levels: tiers.map((tier, t) => ({
      key: `level-${t}`,
      tier,
      name: `${tier.toLowerCase()} level ${n}`,
      unitCount: 10 * (t + 1),
      cite: ['s1'],
      bodies: Array.from({ length: size }, (_, b) => ({
        key: `body-${t}-${b}`,
        name: `Body ${n}.${t}.${b}`,
        type: 'AUTHORITY' as const,
        cite: ['s2'],
        responsibilities: Array.from({ length: 2 }, (_, r) => ({
          key: `resp-${t}-${b}-${r}`,
          function: r === 0 ? ('DELIVERY' as const) : ('FUNDING' as const),
          serviceArea: areas[(b + r) % areas.length]!,
          cite: ['s1'],
        })),
      })),
    })),
    connections: Array.from({ length: size }, (_, c) => ({
      key: `conn-${c}`,
      between: [areas[0]!, areas[(c % (areas.length - 1)) + 1]!] as [string, string],
      mechanisms: ['JOINT_BOARD' as const],
      cite: ['s2'],
    })),
  });
  return {
    format: 'casebook/case-profile@1',
    slug: `generated-${n}`,
    name: `Generated case ${n}`,
    kind: n % 2 ? 'SERVICE_REFORM' : 'COUNTRY',
    jurisdiction: `Land ${n}`,
    baseline: false,
    summary: `Synthetic case number ${n} for load and cost tests.`,
    periods: [
      period('before', 'Before', { validTo: '2019-12-31' }),
      period('after', 'After', { validFrom: '2020-01-01' }),
    ],
    timeline: Array.from({ length: size }, (_, e) => ({
      key: `event-${e}`,
      date: `${2010 + e}`,
      title: `Event ${e}`,
      cite: ['s1'],
    })),
    lessons: Array.from({ length: size }, (_, l) => ({
      key: `lesson-${l}`,
      theme: themes[l % themes.length]!,
      title: `Lesson ${n}.${l}`,
      detail: 'Detail of the lesson.',
      cite: ['s1', 's2'],
    })),
    sources: [
      { key: 's1', url: `https://example.org/generated/${n}/one`, title: `Source one of ${n}`, standing: 'OFFICIAL' },
      { key: 's2', url: 'https://example.org/generated/shared', title: 'Shared source', standing: 'ACADEMIC' },
    ],
  };
}
