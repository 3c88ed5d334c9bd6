import type { CiteDoc } from './document.js';

/** Splits a citation into its source key and optional locator. */
export function citeParts(cite: CiteDoc): { source: string; locator: string | null } {
  return typeof cite === 'string' ? { source: cite, locator: null } : { source: cite.source, locator: cite.locator };
}
