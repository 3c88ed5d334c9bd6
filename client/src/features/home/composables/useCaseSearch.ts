import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { useQueryParam } from '@/composables/useQueryParams';
import { CaseCardsDocument, VocabulariesDocument, type CaseKind } from '@/gql/graphql';
import { limits } from '@casebook/schema';

/**
 * The home page's search: the cases matching the filters in the URL (`q`, `kind`, `area`,
 * `reach`, `theme`), and the service areas and lesson themes the filters offer. With
 * `reach=connected` the area also lets through cases where it is only connected to another
 * service (`connectedToServiceArea`); otherwise a body of the case must hold it (`serviceArea`).
 */
export function useCaseSearch() {
  const search = useQueryParam('q');
  const kind = useQueryParam('kind');
  const area = useQueryParam('area');
  const reach = useQueryParam('reach');
  const theme = useQueryParam('theme');

  const variables = computed(() => ({
    first: limits.pageSize.max,
    search: search.value || null,
    kind: (kind.value || null) as CaseKind | null,
    serviceArea: (reach.value !== 'connected' && area.value) || null,
    connectedToServiceArea: (reach.value === 'connected' && area.value) || null,
    theme: theme.value || null,
  }));
  const cards = useQuery(CaseCardsDocument, variables);
  const vocabularies = useQuery(VocabulariesDocument);

  return {
    cases: computed(() => cards.result.value?.caseStudies.nodes ?? []),
    /** Null until the first answer. */
    totalCount: computed(() => cards.result.value?.caseStudies.totalCount ?? null),
    loading: cards.loading,
    error: cards.error,
    filtered: computed(() => Boolean(search.value || kind.value || area.value || theme.value)),
    retry: () => void cards.refetch()?.catch(() => undefined),
    areas: computed(() => vocabularies.result.value?.serviceAreas ?? []),
    themes: computed(() => vocabularies.result.value?.lessonThemes ?? []),
  };
}
