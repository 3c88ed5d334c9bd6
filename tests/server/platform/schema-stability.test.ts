import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unlistedBreakingChanges as check } from '../../../scripts/check-schema-stability.mjs';
import { fromRoot } from '../../../server/src/common/paths.js';

const sdl = readFileSync(fromRoot('schema', 'schema.graphql'), 'utf8');

describe('the schema stability check', () => {
  it('passes an unchanged schema and an added field', () => {
    expect(check(sdl, sdl, '')).toEqual([]);
    const added = sdl.replace('type Study {', 'type Study {\n  """New."""\n  extra: String\n');
    expect(check(sdl, added, '')).toEqual([]);
  });

  const TITLE = /\n  """Title of the research\."""\n  title: String!\n/;

  it('fails a removed field that was not deprecated first, listed in the changelog or not', () => {
    const removed = sdl.replace(TITLE, '\n');
    expect(removed).not.toBe(sdl);
    const notDeprecated = {
      type: 'FIELD_REMOVED',
      description: 'Study.title was removed.',
      reason: 'removed without being @deprecated first',
    };
    expect(check(sdl, removed, '## Changelog\n- nothing\n')).toEqual([notDeprecated]);
    expect(check(sdl, removed, '## Changelog\n- Study.title was removed.\n')).toEqual([notDeprecated]);
  });

  it('passes the removal of a deprecated field once the changelog lists it word for word', () => {
    const deprecated = sdl.replace(
      TITLE,
      '\n  """Title of the research."""\n  title: String! @deprecated(reason: "Use name.")\n',
    );
    expect(deprecated).not.toBe(sdl);
    expect(check(sdl, deprecated, ''), 'deprecating is not a breaking change').toEqual([]);
    const removed = sdl.replace(TITLE, '\n');
    expect(check(deprecated, removed, '## Changelog\n- nothing\n')).toEqual([
      { type: 'FIELD_REMOVED', description: 'Study.title was removed.' },
    ]);
    expect(check(deprecated, removed, '## Changelog\n- Study.title was removed.\n')).toEqual([]);
  });

  it('fails any other breaking change the changelog does not list', () => {
    const narrowed = sdl.replace(/type Study \{/, 'type Study {\n  """New."""\n  extra: String\n');
    const changedType = narrowed.replace('  extra: String\n', '  extra: Int\n');
    expect(check(narrowed, changedType, '')).toEqual([
      { type: 'FIELD_CHANGED_KIND', description: 'Study.extra changed type from String to Int.' },
    ]);
  });
});
