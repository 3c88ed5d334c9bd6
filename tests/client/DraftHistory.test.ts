import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import DraftHistory from '@/features/draft/components/DraftHistory.vue';
import { DraftDocument, type DraftQuery } from '@/gql/graphql';
import { draftDocument, servedDraft, servedDraftQuery } from '../support/draft-fixtures';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);

const revision = (number: number, kind: string, message: string | null) => ({
  __typename: 'Revision',
  number,
  kind,
  authorLabel: 'Eda Editor',
  createdAt: `2026-11-2${number}T10:00:00.000Z`,
  message,
});
const REVISIONS = [
  revision(3, 'EDIT', 'Edited the lesson second-lesson'),
  revision(2, 'EDIT', 'Added the source report-b'),
  revision(1, 'IMPORT', 'Imported from a file'),
];

/** A page of revisions as the server sends it: `nodes` of `totalCount`, and whether older ones follow. */
const page = (nodes: ReturnType<typeof revision>[], totalCount = nodes.length, endCursor: string | null = null) => ({
  revisions: {
    __typename: 'RevisionConnection',
    totalCount,
    pageInfo: { __typename: 'PageInfo', hasNextPage: endCursor !== null, endCursor },
    nodes,
  },
});

const change = (
  change: string,
  part: string,
  path: string,
  label: string,
  fields: string[] = [],
  before: string[] = [],
  after: string[] = [],
) => ({
  __typename: 'DocumentChange',
  change,
  part,
  path,
  label,
  fields,
  before,
  after,
});

async function mountHistory(canEdit = true, first = page(REVISIONS), withDraft = false) {
  const held = holdingLink();
  const client = createApolloClient();
  client.setLink(held.link);
  // The draft page has the draft in the cache already; the history reads it from there.
  if (withDraft)
    client.writeQuery({
      query: DraftDocument,
      variables: { slug: 'testland' },
      data: servedDraftQuery(3, draftDocument()).data as DraftQuery,
    });
  onTestFinished(() => client.stop());
  const wrapper = mount(DraftHistory, {
    attachTo: document.body,
    props: { slug: 'testland', version: 3, canEdit },
    global: { provide: { [DefaultApolloClient]: client } },
  });
  const request = await held.nextRequest('Revisions');
  expect(request.variables).toEqual({ slug: 'testland', first: 20 });
  request.answer({ data: first });
  await flushPromises();
  return { wrapper, held };
}

describe('the history and its diff view', () => {
  it('lists every revision with its number, kind, author, time and message', async () => {
    const { wrapper } = await mountHistory();
    const rows = wrapper.findAll('[data-test="revision"]').map((r) =>
      r
        .findAll('td')
        .slice(0, 5)
        .map((td) => td.text()),
    );
    expect(rows.map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ['3', 'Edit', 'Eda Editor', 'Edited the lesson second-lesson'],
      ['2', 'Edit', 'Eda Editor', 'Added the source report-b'],
      ['1', 'Import', 'Eda Editor', 'Imported from a file'],
    ]);
    expect(rows[2]![3]).toContain('21 November 2026');
  });

  it('asks for the revisions again when the draft gets a new version (a save or delete on the page), and lists the new one', async () => {
    const { wrapper, held } = await mountHistory();
    await wrapper.setProps({ version: 4 });
    const again = await held.nextRequest('Revisions');
    again.answer({ data: page([revision(4, 'EDIT', 'Deleted the lesson first-lesson'), ...REVISIONS]) });
    await flushPromises();
    expect(wrapper.findAll('[data-test="revision"]').map((r) => r.attributes('data-number'))).toEqual([
      '4',
      '3',
      '2',
      '1',
    ]);
  });

  it('compares any two revisions chosen, showing each change in words and symbols, field by field', async () => {
    const { wrapper, held } = await mountHistory();
    expect((wrapper.get('#diff-from').element as HTMLSelectElement).value).toBe('2');
    expect((wrapper.get('#diff-to').element as HTMLSelectElement).value).toBe('3');

    // Chosen the other way round, the older one is still "from".
    await wrapper.get('#diff-from').setValue('3');
    await wrapper.get('#diff-to').setValue('1');
    await wrapper.get('form.compare').trigger('submit');
    const request = await held.nextRequest('RevisionDiff');
    expect(request.variables).toEqual({ slug: 'testland', from: 1, to: 3 });
    request.answer({
      data: {
        revisionDiff: [
          change('ADDED', 'source', 'report-b', 'Report B'),
          change('REMOVED', 'lesson', 'old-lesson', 'An old lesson'),
          change(
            'CHANGED',
            'lesson',
            'second-lesson',
            'Second lesson',
            ['title', 'evidenceStrength'],
            ['Second lesson', ''],
            ['Second lesson, renamed', 'MODERATE'],
          ),
        ],
      },
    });
    await flushPromises();

    const items = wrapper.findAll('[data-test="diff-change"]');
    expect(items.map((i) => i.get('.change-head').text().replace(/\s+/g, ' '))).toEqual([
      '+ Added source Report B (report-b)',
      '− Removed lesson An old lesson (old-lesson)',
      '~ Changed lesson Second lesson (second-lesson)',
    ]);
    // The symbol is for the eye; the words are what a screen reader says.
    expect(items[0]!.get('.symbol').attributes('aria-hidden')).toBe('true');
    const fields = items[2]!
      .findAll('[data-test="diff-field"]')
      .map((row) => [row.get('th').text(), row.get('.before').text(), row.get('.after').text()]);
    expect(fields).toEqual([
      ['Title', 'Before: Second lesson', 'After: Second lesson, renamed'],
      ['Evidence strength', 'Before: —', 'After: Moderate'],
    ]);
    expect(items[0]!.find('table').exists()).toBe(false);
  });

  it('names the sources a change cites by their titles, from the draft the page holds', async () => {
    const { wrapper, held } = await mountHistory(true, page(REVISIONS), true);
    await wrapper.get('#diff-from').setValue('1');
    await wrapper.get('form.compare').trigger('submit');
    (await held.nextRequest('RevisionDiff')).answer({
      data: {
        revisionDiff: [
          change(
            'CHANGED',
            'lesson',
            'first-lesson',
            'First lesson',
            ['cite'],
            ['["report-a"]'],
            ['["report-a","report-b"]'],
          ),
        ],
      },
    });
    await flushPromises();
    const row = wrapper.get('[data-test="diff-field"]');
    expect([row.get('th').text(), row.get('.before').text(), row.get('.after').text()]).toEqual([
      'Sources cited',
      'Before: Report A',
      'After: Report A and Report B',
    ]);
  });

  it('says when nothing changed, and will not compare a revision with itself', async () => {
    const { wrapper, held } = await mountHistory();
    await wrapper.get('#diff-from').setValue('3');
    expect(wrapper.get('[data-test="compare-revisions"]').attributes('disabled')).toBeDefined();

    await wrapper.get('#diff-from').setValue('2');
    await wrapper.get('form.compare').trigger('submit');
    (await held.nextRequest('RevisionDiff')).answer({ data: { revisionDiff: [] } });
    await flushPromises();
    expect(wrapper.get('[data-test="diff-empty"]').text()).toBe('Nothing changed from revision 2 to revision 3.');
  });

  it('restores only after confirming in a dialog, against the draft version', async () => {
    const { wrapper, held } = await mountHistory();
    await wrapper.get('[data-test="revision"][data-number="1"] [data-test="restore"]').trigger('click');
    const dialog = wrapper.get('[role="dialog"]');
    expect(dialog.attributes('aria-modal')).toBe('true');
    expect(dialog.text()).toContain('Restore revision 1?');
    await wrapper.get('[data-test="cancel-restore"]').trigger('click');
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(held.pending()).toEqual([]);

    await wrapper.get('[data-test="revision"][data-number="1"] [data-test="restore"]').trigger('click');
    await wrapper.get('[data-test="confirm-restore"]').trigger('click');
    const request = await held.nextRequest('RestoreRevision');
    expect(request.variables).toEqual({
      slug: 'testland',
      number: 1,
      expectedVersion: 3,
      message: 'Restored revision 1',
    });
    request.answer({
      data: { restoreRevision: { __typename: 'DraftPayload', draft: servedDraft(4, draftDocument()), userErrors: [] } },
    });
    await flushPromises();
    expect(wrapper.emitted('restored')).toEqual([[1]]);
    expect(wrapper.get('[data-test="history-notice"]').text()).toBe('Restored revision 1 as revision 4.');
    (await held.nextRequest('Revisions')).answer({
      data: page([revision(4, 'RESTORE', 'Restored revision 1'), ...REVISIONS]),
    });
    await flushPromises();
    expect(wrapper.findAll('[data-test="revision"]')).toHaveLength(4);
  });

  it('shows the newest page of a long history, and older revisions a page at a time with "Show older revisions"', async () => {
    const numbered = (from: number, to: number) =>
      Array.from({ length: from - to + 1 }, (_, i) => revision(from - i, 'EDIT', `Edit ${from - i}`));
    const { wrapper, held } = await mountHistory(true, page(numbered(45, 26), 45, 'cursor-20'));
    const numbers = () => wrapper.findAll('[data-test="revision"]').map((r) => Number(r.attributes('data-number')));
    expect(numbers()).toEqual(numbered(45, 26).map((r) => r.number));
    expect(wrapper.get('[data-test="revisions-shown"]').text()).toBe('20 of 45 revisions are shown, newest first.');
    // A button, so Tab reaches it and Enter or Space presses it.
    const older = wrapper.get('[data-test="older-revisions"]');
    expect(older.element.tagName).toBe('BUTTON');
    expect(older.text()).toBe('Show older revisions');

    (older.element as HTMLButtonElement).focus();
    await older.trigger('click');
    const second = await held.nextRequest('Revisions');
    expect(second.variables).toEqual({ slug: 'testland', first: 20, after: 'cursor-20' });
    // A revision saved meanwhile moves the pages by one: the one already shown is not listed twice.
    second.answer({ data: page(numbered(26, 7), 46, 'cursor-40') });
    await flushPromises();
    expect(numbers()).toEqual(numbered(45, 7).map((r) => r.number));
    expect(wrapper.get('[data-test="revisions-shown"]').text()).toBe('39 of 46 revisions are shown, newest first.');
    expect(document.activeElement).toBe(wrapper.get('[data-test="older-revisions"]').element);

    await wrapper.get('[data-test="older-revisions"]').trigger('click');
    const third = await held.nextRequest('Revisions');
    expect(third.variables).toMatchObject({ after: 'cursor-40' });
    third.answer({ data: page(numbered(6, 1), 46) });
    await flushPromises();
    expect(numbers()).toEqual(numbered(45, 1).map((r) => r.number));
    // None older: the button goes, and focus goes to the count rather than being lost. (The one
    // saved meanwhile is listed when the history is next asked for, as after any save.)
    expect(wrapper.find('[data-test="older-revisions"]').exists()).toBe(false);
    const shown = wrapper.get('[data-test="revisions-shown"]');
    expect(shown.text()).toBe('45 of 46 revisions are shown, newest first.');
    expect(document.activeElement).toBe(shown.element);
    // Any of them can be compared.
    expect(wrapper.findAll('#diff-from option')).toHaveLength(45);
  });

  it('lists a history of one page without a button', async () => {
    const { wrapper } = await mountHistory();
    expect(wrapper.find('[data-test="older-revisions"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="revisions-shown"]').exists()).toBe(false);
  });

  it('offers no restore to those who may not edit', async () => {
    const { wrapper } = await mountHistory(false);
    expect(wrapper.find('[data-test="restore"]').exists()).toBe(false);
  });
});

describe('restoring one part or one field from the diff', () => {
  async function compared() {
    const mounted = await mountHistory(true, page(REVISIONS), true);
    await mounted.wrapper.get('#diff-from').setValue('1');
    await mounted.wrapper.get('#diff-to').setValue('3');
    await mounted.wrapper.get('form.compare').trigger('submit');
    (await mounted.held.nextRequest('RevisionDiff')).answer({
      data: {
        revisionDiff: [
          change('ADDED', 'source', 'report-b', 'Report B'),
          change('REMOVED', 'body', 'now/kela', 'Kela'),
          change(
            'CHANGED',
            'lesson',
            'second-lesson',
            'Second lesson',
            ['title', 'cite'],
            ['Second lesson', '["report-a","report-b"]'],
            ['Second lesson, renamed', '["report-a"]'],
          ),
          change(
            'CHANGED',
            'responsibility',
            'now/kela-cw',
            'Kela: delivery',
            ['body', 'note'],
            ['kela', 'a'],
            ['x', 'b'],
          ),
        ],
      },
    });
    await flushPromises();
    return mounted;
  }

  it('offers a part it had and each of its own fields, never an added part or where a part sits', async () => {
    const { wrapper } = await compared();
    const items = wrapper.findAll('[data-test="diff-change"]');
    expect(items.map((i) => i.find('[data-test="restore-part"]').exists())).toEqual([false, true, true, true]);
    expect(items[2]!.get('[data-test="restore-part"]').attributes('aria-label')).toBe(
      'Restore as in revision 1: the lesson Second lesson',
    );
    expect(items[2]!.findAll('[data-test="restore-field"]')).toHaveLength(2);
    // A responsibility's body is where it sits, not a field of its own.
    const rows = items[3]!.findAll('[data-test="diff-field"]');
    expect(rows.map((r) => r.find('[data-test="restore-field"]').exists())).toEqual([false, true]);
  });

  it('restores one field of a lesson against the draft version, and says the rest stays', async () => {
    const { wrapper, held } = await compared();
    const lesson = wrapper.findAll('[data-test="diff-change"]')[2]!;
    await lesson.findAll('[data-test="restore-field"]')[1]!.trigger('click');
    const request = await held.nextRequest('RestoreRevisionPart');
    expect(request.variables).toMatchObject({
      slug: 'testland',
      number: 1,
      kind: 'LESSON',
      key: 'second-lesson',
      periodKey: null,
      field: 'cite',
      expectedVersion: 3,
    });
    expect(request.variables.message).toMatch(/^Restored the .* of the lesson Second lesson from revision 1$/);
    request.answer({
      data: {
        restoreRevisionPart: { __typename: 'DraftPayload', draft: servedDraft(4, draftDocument()), userErrors: [] },
      },
    });
    await flushPromises();
    expect(wrapper.get('[data-test="history-notice"]').text()).toMatch(
      /^Restored .* of the lesson Second lesson as in revision 1, as revision 4; the rest of the draft is as it was\.$/,
    );
    expect(wrapper.emitted('restored-part')).toHaveLength(1);
  });

  it('brings back a removed body by its period and key, and shows a refusal in the server’s words', async () => {
    const { wrapper, held } = await compared();
    await wrapper.findAll('[data-test="diff-change"]')[1]!.get('[data-test="restore-part"]').trigger('click');
    const request = await held.nextRequest('RestoreRevisionPart');
    expect(request.variables).toMatchObject({ kind: 'BODY', key: 'kela', periodKey: 'now', field: null });
    request.answer({
      data: {
        restoreRevisionPart: {
          __typename: 'DraftPayload',
          draft: null,
          userErrors: [
            {
              __typename: 'UserError',
              field: 'parentKey',
              code: 'NOT_FOUND',
              message: 'The level for it was deleted.',
            },
          ],
        },
      },
    });
    await flushPromises();
    expect(wrapper.get('[data-test="history-problem"]').text()).toBe('The level for it was deleted.');
    expect(wrapper.emitted('restored-part')).toBeUndefined();
  });
});

describe('quick saves in the history', () => {
  const quick = (number: number, minute: number, authorLabel = 'Eda Editor', message = `Save ${number}`) => ({
    ...revision(number, 'EDIT', message),
    authorLabel,
    createdAt: new Date(Date.UTC(2026, 11, 5, 9, minute)).toISOString(),
  });
  const HISTORY = [
    quick(6, 40, 'Ada Admin'),
    quick(5, 14),
    quick(4, 12),
    quick(3, 5),
    { ...revision(2, 'IMPORT', 'Imported from a file'), createdAt: '2026-12-05T09:04:00.000Z' },
  ];
  const shown = (wrapper: Awaited<ReturnType<typeof mountHistory>>['wrapper']) =>
    wrapper.findAll('[data-test="revision"]').map((r) => Number(r.attributes('data-number')));

  it('reads one author’s saves minutes apart as one entry with their messages, the others on request', async () => {
    const { wrapper } = await mountHistory(true, page(HISTORY));
    expect(shown(wrapper)).toEqual([6, 5, 2]);
    const group = wrapper.get('[data-number="5"] [data-test="revision-group"]');
    expect(group.text().replace(/\s+/g, ' ')).toMatch(/^One of 3 saves by Eda Editor from .*: Save 3; Save 4; Save 5$/);
    const toggle = wrapper.get('[data-number="5"] [data-test="toggle-group"]');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    expect(toggle.text()).toBe('Show the 2 earlier saves');
    await toggle.trigger('click');
    expect(shown(wrapper)).toEqual([6, 5, 4, 3, 2]);
    expect(wrapper.get('[data-number="5"] [data-test="toggle-group"]').attributes('aria-expanded')).toBe('true');
    // Each save of the entry can still be restored on its own.
    expect(wrapper.find('[data-number="4"] [data-test="restore"]').exists()).toBe(true);
    await wrapper.get('[data-number="5"] [data-test="toggle-group"]').trigger('click');
    expect(shown(wrapper)).toEqual([6, 5, 2]);
  });

  it('shows every save at once when asked, and offers nothing when no saves were grouped', async () => {
    const { wrapper } = await mountHistory(true, page(HISTORY));
    expect(wrapper.get('.every-save').text()).toContain('5 saves read as 3 entries');
    await wrapper.get('[data-test="every-save"]').setValue(true);
    expect(shown(wrapper)).toEqual([6, 5, 4, 3, 2]);
    expect(wrapper.find('[data-test="toggle-group"]').exists()).toBe(false);
    const apart = await mountHistory(true, page(REVISIONS));
    expect(apart.wrapper.find('[data-test="every-save"]').exists()).toBe(false);
  });
});
