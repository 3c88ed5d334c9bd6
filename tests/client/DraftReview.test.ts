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

const comment = (n: number) => ({
  __typename: 'ReviewComment',
  id: `comment-${n}`,
  authorLabel: 'Rob Reviewer',
  body: `Comment ${n}`,
  createdAt: '2026-11-25T10:00:00.000Z',
  partKey: null,
});

function mountReview(comments: number) {
  const client = createApolloClient();
  client.setLink(holdingLink().link);
  onTestFinished(() => client.stop());
  const draft = {
    ...servedDraft(3, draftDocument()),
    comments: Array.from({ length: comments }, (_, i) => comment(i + 1)),
  };
  return mount(DraftReview, {
    props: { slug: 'testland', draft: draft as Draft, canEdit: true, canReview: true },
    global: { provide: { [DefaultApolloClient]: client } },
  });
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
      `The draft has ${limits.reviewComments.perCase} comments, the most it may have: publishing it clears them.`,
    );
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
