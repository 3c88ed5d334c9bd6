// `npm test` (through `npm run check`): the schema may not break the previous one (the last
// commit's when the working tree changes it, otherwise the commit before) unless docs/API.md's
// changelog names each breaking change, and a field may only be removed once the previous schema
// marked it @deprecated (see docs/API.md, "Changelog").
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BreakingChangeType,
  buildSchema,
  findBreakingChanges,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { root } from './build-state.mjs';

/** Whether `Type.field` (from a FIELD_REMOVED description) was marked @deprecated in `schema`. */
function wasDeprecated(schema, description) {
  const match = /^(\w+)\.(\w+) was removed\.$/.exec(description);
  const type = match && schema.getType(match[1]);
  if (!type || !(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))) return false;
  return Boolean(type.getFields()[match[2]]?.deprecationReason);
}

/**
 * The breaking changes from one SDL to another that are not allowed: those the changelog does not
 * list, and fields removed without having been deprecated first (listed or not; the reason says
 * which).
 */
export function unlistedBreakingChanges(beforeSdl, afterSdl, apiDoc) {
  const changelog = apiDoc.split(/^## Changelog$/m)[1] ?? '';
  const before = buildSchema(beforeSdl);
  return findBreakingChanges(before, buildSchema(afterSdl)).flatMap((change) => {
    if (change.type === BreakingChangeType.FIELD_REMOVED && !wasDeprecated(before, change.description))
      return [{ ...change, reason: 'removed without being @deprecated first' }];
    return changelog.includes(change.description) ? [] : [change];
  });
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** The schema to compare with: the last commit's if the working tree changed it, else the one before. */
function previousSchema(current) {
  const committed = git(['show', 'HEAD:schema/schema.graphql']);
  if (committed !== undefined && committed !== current) return { sdl: committed, from: 'the last commit' };
  const before = git(['show', 'HEAD~1:schema/schema.graphql']);
  return before === undefined ? undefined : { sdl: before, from: 'the previous commit' };
}

function main() {
  const after = readFileSync(path.join(root, 'schema', 'schema.graphql'), 'utf8');
  const before = previousSchema(after);
  if (!before) {
    console.log('Schema stability: no previous commit with a schema to compare with.');
    return 0;
  }
  const unlisted = unlistedBreakingChanges(before.sdl, after, readFileSync(path.join(root, 'docs', 'API.md'), 'utf8'));
  if (unlisted.length) {
    console.error(
      `schema/schema.graphql breaks the schema of ${before.from}. Deprecate first, and list each change in docs/API.md under "## Changelog":`,
    );
    for (const change of unlisted)
      console.error(`- ${change.type}: ${change.description}${change.reason ? ` (${change.reason})` : ''}`);
    return 1;
  }
  console.log(`Schema stability: no unlisted breaking change since ${before.from}.`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(main());
