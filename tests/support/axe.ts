import { AxeBuilder } from '@axe-core/playwright';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';

/** What a reader with a screen reader, a keyboard or low vision would run into first. */
const BLOCKING = new Set(['serious', 'critical']);

/** One line per failing element: rule, impact, where, and what axe says to do. */
export function describeViolations(violations: Result[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map(
      (node) =>
        `${v.id} (${v.impact ?? 'unknown'}): ${node.target.join(' ')}: ${v.help} [${node.failureSummary?.replace(/\s+/g, ' ') ?? ''}]`,
    ),
  );
}

/**
 * Runs axe on the page as it is now (or only on what `within` selects, such as one form); returns
 * its serious and critical violations, one line each.
 */
export async function seriousViolations(page: Page, within?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  const results = await (within ? builder.include(within) : builder).analyze();
  return describeViolations(results.violations.filter((v) => BLOCKING.has(v.impact ?? '')));
}

/**
 * Runs only the rules named (such as WCAG 2.2's `target-size`, which axe leaves off by default and
 * Lighthouse runs), and returns every violation, whatever its impact, one line each.
 */
export async function violationsOf(page: Page, rules: string[]): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withRules(rules).analyze();
  return describeViolations(results.violations);
}
