import { describe, expect, it } from 'vitest';
import { seededSite } from '../support/seeded-site.js';

// The head the server writes for the page first loaded stays while the app runs on it, and goes
// once the reader moves to another page in the app, where it would describe the wrong page.
const { browser, server } = seededSite();

const headLines = () =>
  Array.from(
    document.head.querySelectorAll('link[rel="canonical"], meta[property^="og:"], meta[name="description"]'),
  ).map(
    (el) =>
      `${el.getAttribute('rel') ?? el.getAttribute('property') ?? el.getAttribute('name')}=${el.getAttribute('href') ?? el.getAttribute('content')}`,
  );

describe("the page's head in the app", () => {
  it('keeps the first page’s own head, and drops it on moving to another page', async () => {
    const { page, problems } = await browser.open();
    await page.goto(`${server.url}/cases/finland`);
    await page.getByRole('heading', { level: 1, name: 'Finland' }).waitFor();
    const first = await page.evaluate(headLines);
    expect(first).toContain(`canonical=${server.url}/cases/finland`);
    expect(first).toContain('og:title=Finland · Reform Casebook');
    expect(first.find((l) => l.startsWith('description='))).toMatch(/^description=Country\. Finland/);

    await page.getByRole('link', { name: 'Case studies' }).first().click();
    await page.waitForURL(`${server.url}/`);
    expect(await page.evaluate(headLines)).toEqual([
      'description=Reform Casebook compares how countries organise public services for children.',
    ]);
    expect(problems).toEqual([]);
  });
});
