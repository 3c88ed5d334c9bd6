import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root. This file sits at server/src/common (or server/dist/common once
 * compiled), so the root is three folders up either way.
 */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Resolves a path relative to the repository root. */
export function fromRoot(...parts: string[]): string {
  return path.join(repoRoot, ...parts);
}
