import { useApolloClient, useQuery } from '@vue/apollo-composable';
import { computed, type Ref } from 'vue';
import { DraftDocument, type DraftQuery } from '@/gql/graphql';

export type Draft = NonNullable<DraftQuery['draft']>;

/** The draft of a case, its case and the lesson themes; one query shared by the draft page's parts. */
export function useDraftQuery(slug: Ref<string>) {
  const query = useQuery(DraftDocument, () => ({ slug: slug.value }));
  return {
    ...query,
    draft: computed(() => query.result.value?.draft ?? null),
    caseStudy: computed(() => query.result.value?.caseStudy ?? null),
    themes: computed(() => query.result.value?.lessonThemes ?? []),
  };
}

/** Asks the server for the draft as it stands now (after a CONFLICT); the cache updates every view of it. */
export async function fetchLatestDraft(
  client: ReturnType<typeof useApolloClient>['client'],
  slug: string,
): Promise<Draft | null> {
  const answer = await client.query({ query: DraftDocument, variables: { slug }, fetchPolicy: 'network-only' });
  return answer.data.draft ?? null;
}
