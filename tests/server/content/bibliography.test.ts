import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { SourceDoc } from '@casebook/schema';
import { fromRoot } from '../../../server/src/common/paths.js';
import { documentFiles } from '../../../server/src/modules/interchange/interchange.service.js';

// A source is its URL with the details it is cited with: where two seed files cite one address
// with different titles, dates or standings, readers find it listed twice in the bibliography.
describe('the seeded bibliography', () => {
  it('gives each address one set of details in every file that cites it', async () => {
    const details = new Map<string, Map<string, string[]>>();
    for (const file of await documentFiles(fromRoot('seeds'))) {
      const doc = parse(readFileSync(file, 'utf8')) as { sources?: SourceDoc[] };
      for (const s of doc.sources ?? []) {
        const said = JSON.stringify([s.title, s.publisher ?? null, s.date ?? null, s.accessed ?? null, s.standing]);
        const byDetails = details.get(s.url) ?? new Map<string, string[]>();
        byDetails.set(said, [...(byDetails.get(said) ?? []), file.split('/').pop()!]);
        details.set(s.url, byDetails);
      }
    }
    expect(details.size).toBeGreaterThan(100);
    const differing = [...details]
      .filter(([, byDetails]) => byDetails.size > 1)
      .map(([url, byDetails]) => ({
        url,
        details: Object.fromEntries(byDetails),
      }));
    expect(differing).toEqual([]);
  });
});
