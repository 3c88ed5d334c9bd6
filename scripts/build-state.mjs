// Decides whether the document core (schema), server or client build is missing or older than its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

// The server and the client are built against the document core, so its sources are theirs too.
const schemaSources = ['schema/src', 'schema/tsconfig.json', 'schema/package.json', 'schema/limits.json'];
const builds = {
  schema: {
    output: 'schema/dist/index.js',
    sources: [...schemaSources, 'tsconfig.base.json'],
  },
  server: {
    output: 'server/dist/main.js',
    sources: ['server/src', 'server/tsconfig.json', 'tsconfig.base.json', 'server/package.json', ...schemaSources],
  },
  client: {
    output: 'client/dist/index.html',
    sources: ['client/src', 'client/index.html', 'client/vite.config.ts', 'client/package.json', ...schemaSources],
  },
};

/** Whether the named build ('schema', 'server' or 'client') is missing or older than any of its sources. */
export function isStale(name) {
  const build = builds[name];
  const output = path.join(root, build.output);
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return build.sources.some((source) => newest(path.join(root, source)) > built);
}
