// `npm test` (through `npm run check`): the committed schema may not break the previous commit's
// unless docs/API.md's changelog names each breaking change. Removed fields go through
// @deprecated first (see docs/API.md, "Changelog").
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, findBreakingChanges } from 'graphql';
import { fileURLToPath } from 'node:url';
import { root } from './build-state.mjs';

/** The breaking changes from one SDL to another that the changelog does not list. */
export function unlistedBreakingChanges(beforeSdl, afterSdl, apiDoc) {
  const changelog = apiDoc.split(/^## Changelog$/m)[1] ?? '';
  return findBreakingChanges(buildSchema(beforeSdl), buildSchema(afterSdl)).filter((change) => !changelog.includes(change.description));
}

function previousSchema() {
  try {
    return execFileSync('git', ['show', 'HEAD~1:schema/schema.graphql'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

function main() {
  const before = previousSchema();
  if (!before) {
    console.log('Schema stability: no previous commit with a schema to compare with.');
    return 0;
  }
  const after = readFileSync(path.join(root, 'schema', 'schema.graphql'), 'utf8');
  const unlisted = unlistedBreakingChanges(before, after, readFileSync(path.join(root, 'docs', 'API.md'), 'utf8'));
  if (unlisted.length) {
    console.error('schema/schema.graphql breaks the previous commit\'s schema. Deprecate first, or list each change in docs/API.md under "## Changelog":');
    for (const change of unlisted) console.error(`- ${change.type}: ${change.description}`);
    return 1;
  }
  console.log('Schema stability: no unlisted breaking change since the previous commit.');
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(main());
