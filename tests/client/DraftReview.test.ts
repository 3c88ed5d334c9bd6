import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createApolloClient } from '@/apollo/client';
import DraftReview from '@/features/draft/components/DraftReview.vue';
import type { Draft } from '@/features/draft/composables/useDraftQuery';
import { limits } from '@casebook/schema';
import { draftDocument, servedDraft } from '../support/draft-fixtures';
import { holdingLink } from '../support/held-link';

enableAutoUnmount(afterEach);

const comment = (n: number, more: Record<string, unknown> = {}) => ({
  __typename: 'ReviewComment',
  id: `comment-${n}`,
  authorLabel: 'Rob Reviewer',
  body: `Comment ${n}`,
  createdAt: `2026-11-25T10:${String(n % 60).padStart(2, '0')}:00.000Z`,
  partKind: null,
  partKey: null,
  periodKey: null,
  field: null,
  parentId: null,
  resolvedAt: null,
  resolvedBy: null,
  edition: null,
  about: 'The whole draft',
  ...more,
});

function mountReview(comments: number | ReturnType<typeof comment>[]) {
  const client = createApolloClient();
  const held = holdingLink();
  client.setLink(held.link);
  onTestFinished(() => client.stop());
  const draft = {
    ...servedDraft(3, draftDocument()),
    comments: Array.isArray(comments) ? comments : Array.from({ length: comments }, (_, i) => comment(i + 1)),
  };
  const wrapper = mount(DraftReview, {
    props: { slug: 'testland', draft: draft as Draft, canEdit: true, canReview: true },
    global: { provide: { [DefaultApolloClient]: client } },
  });
  return Object.assign(wrapper, { held });
}

describe('the comments of a draft', () => {
  it('lists the comments and offers the form while there is room for more', () => {
    const wrapper = mountReview(2);
    expect(wrapper.findAll('[data-test="comment"]')).toHaveLength(2);
    expect(wrapper.find('[data-test="add-comment"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="comments-full"]').exists()).toBe(false);
  });

  it('says so instead of offering the form once the draft has as many comments as it may have', () => {
    const wrapper = mountReview(limits.reviewComments.perCase);
    expect(wrapper.findAll('[data-test="comment"]')).toHaveLength(limits.reviewComments.perCase);
    expect(wrapper.find('[data-test="add-comment"]').exists()).toBe(false);
    expect(wrapper.get('[data-test="comments-full"]').text()).toBe(
      `The draft has ${limits.reviewComments.perCase} comments, the most it may have until it is published; they are then kept with the edition.`,
    );
  });
});

describe('review threads', () => {
  const lessonThread = [
    comment(1, {
      partKind: 'LESSON',
      partKey: 'second-lesson',
      field: 'title',
      about: 'Lesson “Second lesson”, its title',
    }),
    comment(2, { parentId: 'comment-1', body: 'Agreed', authorLabel: 'Eve Editor' }),
    comment(3, { resolvedAt: '2026-11-26T09:00:00.000Z', resolvedBy: 'Eve Editor', body: 'Done' }),
  ];

  it('shows a reply in its thread, what the thread is about in words, and resolved threads apart', () => {
    const wrapper = mountReview(lessonThread);
    const [open] = wrapper.findAll('[data-test="thread"][data-resolved="false"]');
    expect(open!.get('[data-test="thread-about"]').text()).toBe('Lesson “Second lesson”, its title');
    expect(open!.findAll('[data-test="comment"]').map((c) => c.text())).toEqual([
      expect.stringContaining('Comment 1'),
      expect.stringContaining('Agreed'),
    ]);
    // The part is in the draft: the link opens it, by the path the page knows.
    open!.get('[data-test="thread-about"]').trigger('click');
    expect(wrapper.emitted('open-path')).toEqual([['lessons.1']]);
    const resolved = wrapper.get('[data-test="resolved-threads"]');
    expect(resolved.get('summary').text()).toBe('Resolved threads (1)');
    expect(resolved.get('[data-test="thread-resolved"]').text()).toContain('resolved by Eve Editor');
    expect(wrapper.get('[data-test="thread-count"]').text()).toBe('1 open thread, 1 resolved.');
  });

  it('answers a thread and resolves it', async () => {
    const wrapper = mountReview(lessonThread);
    const thread = () => wrapper.get('[data-test="thread"][data-resolved="false"]');
    await thread().get('[data-test="reply"]').trigger('click');
    await thread().get('[data-test="reply-body"]').setValue('  Fixed in the title  ');
    await thread().get('form').trigger('submit');
    const sent = await wrapper.held.nextRequest('AddReviewComment');
    expect(sent.variables).toEqual({ slug: 'testland', body: 'Fixed in the title', parentId: 'comment-1' });
    sent.answer({
      data: {
        addReviewComment: {
          __typename: 'CommentPayload',
          comment: comment(4, { parentId: 'comment-1', body: 'Fixed in the title' }),
          userErrors: [],
        },
      },
    });
    await vi.waitFor(() => expect(wrapper.get('[data-test="review-notice"]').text()).toBe('Reply added.'));

    await thread().get('[data-test="resolve"]').trigger('click');
    const resolve = await wrapper.held.nextRequest('ResolveReviewComment');
    expect(resolve.variables).toEqual({ id: 'comment-1', resolved: true });
  });

  it('writes a comment about one field of a part, chosen by name', async () => {
    const wrapper = mountReview([]);
    const choices = wrapper.findAll('[data-test="comment-part"] option').map((o) => o.text());
    expect(choices).toEqual([
      'The whole draft',
      'The headline',
      'Period “Now”',
      'Lesson “First lesson”',
      'Lesson “Second lesson”',
      'Source “Report A”',
      'Source “Report B”',
    ]);
    expect(wrapper.find('[data-test="comment-field"]').exists()).toBe(false);
    await wrapper.get('[data-test="comment-part"]').setValue('LESSON||second-lesson');
    const fields = wrapper.findAll('[data-test="comment-field"] option').map((o) => o.text());
    expect(fields[0]).toBe('The whole lesson');
    expect(fields).toContain('Title');
    await wrapper.get('[data-test="comment-field"]').setValue('title');
    await wrapper.get('#comment-body').setValue('Shorter, please');
    await wrapper.get('.comment-form').trigger('submit');
    const sent = await wrapper.held.nextRequest('AddReviewComment');
    expect(sent.variables).toEqual({
      slug: 'testland',
      body: 'Shorter, please',
      partKind: 'LESSON',
      partKey: 'second-lesson',
      periodKey: null,
      field: 'title',
    });
  });
});

describe('a publication refused for a lesson rated above its sources', () => {
  it('names the lesson by its title and says what the rubric asks, in words rather than codes', async () => {
    const client = createApolloClient();
    const held = holdingLink();
    client.setLink(held.link);
    onTestFinished(() => client.stop());
    const draft = { ...servedDraft(3, draftDocument()), status: 'IN_REVIEW' };
    const wrapper = mount(DraftReview, {
      props: { slug: 'testland', draft: draft as Draft, canEdit: false, canReview: true },
      global: { provide: { [DefaultApolloClient]: client } },
    });
    await wrapper.get('[data-test="publish"]').trigger('click');
    const request = await held.nextRequest('PublishDraft');
    expect(request.variables).toEqual({ slug: 'testland', expectedVersion: 3 });
    request.answer({
      data: {
        publishDraft: {
          __typename: 'PublishPayload',
          edition: null,
          draft: servedDraft(3, draftDocument()),
          userErrors: [
            {
              __typename: 'UserError',
              field: 'lessons.1.evidenceStrength',
              code: 'BAD_USER_INPUT',
              message:
                'is MODERATE, but the evidence rubric needs at least one cited source whose standing is OFFICIAL, ACADEMIC or STUDY_OUTPUT: its sources support LIMITED',
            },
          ],
        },
      },
    });
    await vi.waitFor(() => expect(wrapper.find('[data-test="review-problem"]').exists()).toBe(true));
    expect(wrapper.get('[data-test="review-problem"]').text()).toBe(
      'Not published: the evidence strength of the lesson “Second lesson” is moderate, but the evidence rubric needs at least one cited source whose standing is official, academic or study output: its sources support limited.',
    );
    expect(wrapper.get('[data-test="review-problem"]').attributes('role')).toBe('alert');
  });
});
