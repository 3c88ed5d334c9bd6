// Vite and Vitest read the document core from its TypeScript sources (each export's
// `casebook-source` condition, which the client's and the tests' tsconfig also use), so the app's
// dev server and the tests need no build of it; Node (the built server, the CLI) reads schema/dist
// through the same `exports`. One alias per export, derived from package.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = new URL('.', import.meta.url);

/** Vite `resolve.alias` entries mapping each `@casebook/schema` entry point to its source file. */
export function schemaSourceAliases() {
  const { exports } = JSON.parse(readFileSync(new URL('package.json', here), 'utf8'));
  return Object.entries(exports).map(([entry, target]) => {
    const file = typeof target === 'string' ? target : target['casebook-source'];
    const name = `@casebook/schema${entry.slice(1)}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    return { find: new RegExp(`^${name}$`), replacement: fileURLToPath(new URL(file, here)) };
  });
}
