import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { UserRole } from '../../server/src/modules/account/account.entity.js';
import { fillSignIn, seededSite, type Accounts } from '../support/seeded-site.js';

// The lead builds a small new profile in the app alone: a new case, 2 periods, 6 levels, 6 bodies,
// 9 responsibilities, 2 connections, 3 events, 2 lessons and 3 sources, every claim citing a
// source, through the UI only. Every
// click, fill, choice and tick is counted; no key is typed (each is read from a name), and no long
// page is scrolled: the outline shows one part's pane at a time.
const ACCOUNTS: Accounts = { 'lead@example.org': 'EDITOR' as UserRole };
const { browser, server } = seededSite(ACCOUNTS);
const SHOTS = path.join(os.tmpdir(), 'casebook-screenshots');
const MOST_ACTIONS = 120;

/** The lead's hands: each call is one action, counted. */
class Hands {
  count = 0;
  readonly log: string[] = [];
  constructor(private readonly page: Page) {}
  private did(what: string) {
    this.count += 1;
    this.log.push(what);
  }
  async click(target: Locator, what: string) {
    await target.click();
    this.did(`click ${what}`);
  }
  async fill(target: Locator, text: string) {
    await target.fill(text);
    this.did(`fill ${text}`);
  }
  async choose(target: Locator, choice: string | { index: number }) {
    await target.selectOption(choice);
    this.did(`choose ${JSON.stringify(choice)}`);
  }
  async tick(target: Locator, what: string) {
    await target.check();
    this.did(`tick ${what}`);
  }
  /** Saves a form (one click) and waits until the page says this save is done. */
  async save(target: Locator, kind: string) {
    const notice = this.page.locator('[data-test="notice"]');
    const before = (await notice.count()) ? await notice.textContent() : null;
    await this.click(target, `save the ${kind}`);
    await expect.poll(async () => ((await notice.count()) ? await notice.textContent() : null)).not.toBe(before);
    await expect(notice.textContent()).resolves.toMatch(new RegExp(`^Saved the ${kind}`));
  }
  /** Goes to a node of the outline: one click on its row. */
  async outline(node: string) {
    await this.click(this.page.locator(`[data-test="outline-item"][data-node="${node}"] > .outline-row`), node);
    return this.page.locator(`[data-test="draft-pane"][data-pane="${node}"]`);
  }
}

/** A form's field by its label, which reads "Name (required)" where the field must be filled. */
const field = (f: Locator, label: string) =>
  f.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?: \\(required\\))?$`));
const form = (page: Page, kind: string) => page.locator(`[data-test="part-form"][data-kind="${kind}"]`);
/** Waits for a fresh form of a kind: open, its name field empty (after "Save and add another"). */
async function freshForm(page: Page, kind: string, label: string) {
  const f = form(page, kind);
  await expect.poll(() => field(f, label).inputValue()).toBe('');
  return f;
}

describe('building a small profile in the app', () => {
  it(`takes at most ${MOST_ACTIONS} actions, with no key typed and no long page scrolled`, async () => {
    const { page, problems } = await browser.open({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/sign-in?next=/authoring`);
    await fillSignIn(page, 'lead@example.org');
    await page.waitForURL(/\/authoring$/);
    const hands = new Hands(page);

    // The case: its name, jurisdiction and summary; its URL key read from the name.
    await hands.click(page.locator('[data-test="new-case-link"]'), 'start a new case');
    await hands.fill(page.getByLabel('Name'), 'Testonia');
    await hands.fill(page.getByLabel('Jurisdiction'), 'Testonia');
    await hands.fill(page.getByLabel('Summary'), 'Testonia organises children’s services in its regions.');
    await hands.click(page.locator('[data-test="create-case"]'), 'start the case');
    await page.waitForURL(/\/cases\/testonia\/draft/);
    const period = page.locator('[data-test="draft-pane"][data-pane="PERIOD:current"]');
    await period.waitFor();

    // Three levels of the first period, one after another.
    const levels = [
      ['NATIONAL', 'Ministry of Welfare'],
      ['REGIONAL', 'Regions'],
      ['LOCAL', 'Municipalities'],
    ] as const;
    await hands.click(period.locator('[data-test="add-level"]'), 'add a level');
    for (const [i, [tier, name]] of levels.entries()) {
      const f = await freshForm(page, 'LEVEL', 'Name');
      await hands.choose(field(f, 'Tier'), tier);
      await hands.fill(field(f, 'Name'), name);
      await hands.save(
        f.locator(i < levels.length - 1 ? '[data-test="save-next"]' : '[data-test="save-part"]'),
        'level',
      );
    }

    // A body in each level, from the level's pane chosen in the outline (the keys were read from
    // the names, and the outline names its nodes by them); then the body's responsibilities, from
    // the body's pane, reached from the level's list.
    const bodies = [
      ['ministry-of-welfare', 'Welfare department', { index: 1 }, [1, 2]],
      ['regions', 'Regional boards', { index: 2 }, [3]],
      ['municipalities', 'Municipal councils', { index: 3 }, [4]],
    ] as const;
    for (const [level, name, type, held] of bodies) {
      const levelPane = await hands.outline(`LEVEL:${level}@current`);
      await hands.click(levelPane.locator('[data-test="add-body"]'), 'add a body');
      const f = await freshForm(page, 'BODY', 'Name');
      await hands.fill(field(f, 'Name'), name);
      await hands.choose(field(f, 'Type'), type);
      await hands.save(f.locator('[data-test="save-part"]'), 'body');
      await hands.click(levelPane.getByRole('link', { name, exact: true }), name);
      await hands.click(page.locator('[data-test="draft-pane"]:visible [data-test="add-responsibility"]'), 'add');
      for (const [i, n] of held.entries()) {
        const r = form(page, 'RESPONSIBILITY');
        await expect.poll(() => field(r, 'Function').inputValue()).toBe('');
        await hands.choose(field(r, 'Function'), { index: n });
        await hands.choose(field(r, 'Service area'), { index: n });
        const last = i === held.length - 1;
        await hands.save(r.locator(last ? '[data-test="save-part"]' : '[data-test="save-next"]'), 'responsibility');
      }
    }

    // One connection in the first period, between two services.
    const connections = await hands.outline('connections@current');
    await hands.click(connections.locator('[data-test="add-connection"]'), 'add a connection');
    const c = form(page, 'CONNECTION');
    await hands.choose(field(c, 'Between the service area'), { index: 1 });
    await hands.choose(field(c, 'And the service area'), { index: 2 });
    await hands.tick(field(c, 'Joint commissioning'), 'joint commissioning');
    await hands.save(c.locator('[data-test="save-part"]'), 'connection');

    // The period after the reform starts as a copy of the first, with everything in it.
    const periods = await hands.outline('periods');
    await hands.click(periods.locator('[data-test="copy-period"]').first(), 'copy the period');
    await hands.fill(page.getByLabel('Label of the new period'), 'After the reform');
    await hands.click(page.locator('[data-test="confirm-copy"]'), 'copy');
    await page.locator('[data-test="outline-item"][data-node="PERIOD:after-the-reform"]').waitFor();

    // One responsibility more, in the new period's regional body.
    const after = await hands.outline('PERIOD:after-the-reform');
    await hands.click(after.getByRole('link', { name: 'Regions', exact: true }), 'Regions');
    await hands.click(
      page.locator('[data-test="draft-pane"]:visible').getByRole('link', { name: 'Regional boards', exact: true }),
      'Regional boards',
    );
    await hands.click(page.locator('[data-test="draft-pane"]:visible [data-test="add-responsibility"]'), 'add');
    const r = form(page, 'RESPONSIBILITY');
    await hands.choose(field(r, 'Function'), { index: 1 });
    await hands.choose(field(r, 'Service area'), { index: 5 });
    await hands.save(r.locator('[data-test="save-part"]'), 'responsibility');

    // Three events, two lessons, three sources: each list's pane, one form after another.
    const lists: { node: string; kind: string; add: string; rows: [string, string | { index: number }][][] }[] = [
      {
        node: 'events',
        kind: 'EVENT',
        add: 'add-event',
        rows: [
          [
            ['Date', '2019'],
            ['Title', 'Reform law passed'],
          ],
          [
            ['Date', '2021-01'],
            ['Title', 'Regions take over'],
          ],
          [
            ['Date', '2023'],
            ['Title', 'First review'],
          ],
        ],
      },
      {
        node: 'lessons',
        kind: 'LESSON',
        add: 'add-lesson',
        rows: [
          [
            ['Theme', { index: 1 }],
            ['Title', 'Keep the leaders'],
            ['Detail', 'Continuity of leadership carried the reform.'],
          ],
          [
            ['Theme', { index: 2 }],
            ['Title', 'Pool the budgets'],
            ['Detail', 'Pooled budgets came first.'],
          ],
        ],
      },
      {
        node: 'sources',
        kind: 'SOURCE',
        add: 'add-source',
        rows: [
          [
            ['Address (URL)', 'https://example.org/testonia-law'],
            ['Title', 'The reform law'],
            ['Standing', 'OFFICIAL'],
          ],
          [
            ['Address (URL)', 'https://example.org/testonia-review'],
            ['Title', 'The first review'],
            ['Standing', 'STUDY_OUTPUT'],
          ],
          [
            ['Address (URL)', 'https://example.org/testonia-study'],
            ['Title', 'A study of the regions'],
            ['Standing', 'ACADEMIC'],
          ],
        ],
      },
    ];
    for (const list of lists) {
      const pane = await hands.outline(list.node);
      await hands.click(pane.locator(`[data-test="${list.add}"]`), list.add);
      for (const [i, row] of list.rows.entries()) {
        const f = await freshForm(page, list.kind, 'Title');
        for (const [label, value] of row) {
          const control = field(f, label);
          if (typeof value === 'string' && (await control.evaluate((el) => el.tagName)) !== 'SELECT')
            await hands.fill(control, value);
          else await hands.choose(control, value);
        }
        const last = i === list.rows.length - 1;
        await hands.save(
          f.locator(last ? '[data-test="save-part"]' : '[data-test="save-next"]'),
          list.kind.toLowerCase(),
        );
      }
    }

    // Each source cited in the claims it supports, from the bibliography: the law in every claim
    // at once, the review in the lessons, the study in the regional tier's claims.
    await hands.click(page.locator('[data-test="bibliography-link"]'), 'the sources of the draft');
    for (const [source, search] of [
      ['the-reform-law', null],
      ['the-first-review', 'lesson'],
      ['a-study-of-the-regions', 'regional boards'],
    ] as const) {
      await hands.click(
        page.locator(`[data-test="bibliography-source"][data-key="${source}"] [data-test="cite-source"]`),
        `cite ${source}`,
      );
      if (search) await hands.fill(page.locator('[data-test="cite-claims-search"]'), search);
      await hands.click(page.locator('[data-test="tick-shown"]'), 'tick every claim shown');
      const notice = page.locator('[data-test="bibliography-notice"]');
      const before = (await notice.count()) ? await notice.textContent() : null;
      await hands.click(page.locator('[data-test="confirm-cite"]'), 'cite');
      await expect.poll(async () => ((await notice.count()) ? await notice.textContent() : null)).not.toBe(before);
      await expect(notice.textContent()).resolves.toMatch(/is now cited by \d+ claims? more/);
    }

    // What was built, read back from the draft the server holds.
    const doc = (await page.evaluate(async () => {
      const reply = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ draft(slug: "testonia") { document publishProblems { code field } } }' }),
      });
      const { draft } = ((await reply.json()) as { data: { draft: { document: object; publishProblems: unknown[] } } })
        .data;
      return { ...draft.document, problems: draft.publishProblems };
    })) as {
      problems: unknown[];
      periods: { key: string; levels: { bodies: { responsibilities?: unknown[] }[] }[]; connections?: unknown[] }[];
      timeline: unknown[];
      lessons: unknown[];
      sources: unknown[];
    };
    const levelsOf = doc.periods.flatMap((p) => p.levels ?? []);
    const bodiesOf = levelsOf.flatMap((l) => l.bodies ?? []);
    expect({
      periods: doc.periods.length,
      levels: levelsOf.length,
      bodies: bodiesOf.length,
      responsibilities: bodiesOf.flatMap((b) => b.responsibilities ?? []).length,
      connections: doc.periods.flatMap((p) => p.connections ?? []).length,
      events: doc.timeline.length,
      lessons: doc.lessons.length,
      sources: doc.sources.length,
    }).toEqual({
      periods: 2,
      levels: 6,
      bodies: 6,
      responsibilities: 9,
      connections: 2,
      events: 3,
      lessons: 2,
      sources: 3,
    });
    // Every claim cites a source: nothing stops the draft being published.
    expect(doc.problems).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/small-profile.png`, fullPage: true });
    console.log(`The small profile took ${hands.count} actions.`);
    expect(hands.count, hands.log.join('\n')).toBeLessThanOrEqual(MOST_ACTIONS);
    expect(problems).toEqual([]);
  }, 240_000);
});
