import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../../server/src/common/paths.js';
import { unlistedBreakingChanges as check } from '../../../scripts/check-schema-stability.mjs';

const sdl = readFileSync(fromRoot('schema', 'schema.graphql'), 'utf8');

describe('the schema stability check', () => {
  it('passes an unchanged schema and an added field', () => {
    expect(check(sdl, sdl, '')).toEqual([]);
    const added = sdl.replace('type Study {', 'type Study {\n  """New."""\n  extra: String\n');
    expect(check(sdl, added, '')).toEqual([]);
  });

  it('fails a removed field unless the changelog lists it word for word', () => {
    const removed = sdl.replace(/\n  """Title of the research\."""\n  title: String!\n/, '\n');
    expect(removed).not.toBe(sdl);
    expect(check(sdl, removed, '## Changelog\n- nothing\n')).toEqual([{ type: 'FIELD_REMOVED', description: 'Study.title was removed.' }]);
    expect(check(sdl, removed, '## Changelog\n- Study.title was removed.\n')).toEqual([]);
  });
});
