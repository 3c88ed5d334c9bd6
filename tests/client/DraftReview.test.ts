import { DefaultApolloClient } from '@vue/apollo-composable';
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
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
