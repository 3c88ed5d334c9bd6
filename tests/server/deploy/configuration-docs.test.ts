import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../../server/src/common/config.js';
import { fromRoot } from '../../../server/src/common/paths.js';

/** The rows of the configuration table: `| \`NAME\` | default | meaning |`. */
function documentedVariables(file: string): Map<string, string> {
  const text = readFileSync(fromRoot(file), 'utf8');
  return new Map([...text.matchAll(/^\| `([A-Z][A-Z_]*)` \| ([^|]*) \|/gm)].map((m) => [m[1]!, m[2]!.trim()]));
}

describe.each(['README.md', 'docs/DEPLOYMENT.md'])('the configuration table in %s', (file) => {
  const documented = documentedVariables(file);

  it('names every variable the server reads, and no other', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(CONFIG_VARIABLES).sort());
  });

  it('gives the default config.ts applies', () => {
    for (const [name, fallback] of Object.entries(CONFIG_VARIABLES)) {
      // A variable without a fixed default is described in words ("unset", "on, off in production").
      if (fallback !== '') expect(documented.get(name), name).toBe(`\`${fallback}\``);
    }
  });
});
