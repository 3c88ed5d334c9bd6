import type { Locator, Page } from 'playwright-core';

/** A node of the draft page's outline (its id, as the address names it: `BODY:nhs-boards@current`). */
export const outlineItem = (page: Page, node: string): Locator =>
  page.locator(`[data-test="outline-item"][data-node="${node}"]`);

/** The pane of a node of the draft page; only the one selected is shown. */
export const draftPane = (page: Page, node: string): Locator =>
  page.locator(`[data-test="draft-pane"][data-pane="${node}"]`);

/**
 * Shows a pane of the draft page by choosing its node in the outline, as an editor would: the
 * phone's "Contents" are opened first when closed, and the nodes on the way (a level, to reach
 * its body) are expanded when they are not.
 */
export async function showPane(page: Page, ...path: [...string[], string]): Promise<Locator> {
  const toggle = page.locator('[data-test="contents-toggle"]');
  await page.locator('[data-test="draft-outline"]').waitFor({ state: 'attached' });
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  for (const node of path.slice(0, -1)) {
    if ((await outlineItem(page, node).getAttribute('aria-expanded')) === 'false')
      await outlineItem(page, node).locator(':scope > .outline-row > .twisty').click();
  }
  const last = path.at(-1)!;
  await outlineItem(page, last).locator(':scope > .outline-row').click();
  const pane = draftPane(page, last);
  await pane.waitFor();
  return pane;
}
