import { useQuery } from '@vue/apollo-composable';
import { computed, type Ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useQueryParam } from '@/composables/useQueryParams';
import { AuditLogDocument } from '@/gql/graphql';

const PAGE = 50;

/** The filters of the audit log, as they are kept in the address. */
export type AuditFilters = { action: string; outcome: string; actor: string };

/**
 * The audit page's data: the audit log, newest first, a page at a time (asked for once `enabled`,
 * i.e. for an admin). Its filters live in the URL so that a filtered view can be shared.
 */
export function useAuditLog(enabled: Ref<boolean>) {
  const route = useRoute();
  const router = useRouter();
  const action = useQueryParam('action');
  const outcome = useQueryParam('outcome');
  const actor = useQueryParam('actor');
  const filters = computed<AuditFilters>(() => ({ action: action.value, outcome: outcome.value, actor: actor.value }));

  const variables = computed(() => ({
    first: PAGE,
    action: action.value || null,
    outcome: outcome.value || null,
    actor: actor.value || null,
  }));
  const { result, loading, error, refetch, fetchMore } = useQuery(AuditLogDocument, variables, () => ({
    enabled: enabled.value,
  }));

  /** Sets several filters in one URL change (one write per parameter would race). */
  function setFilters(values: Partial<AuditFilters>) {
    const query = { ...route.query };
    for (const [name, value] of Object.entries(values)) {
      if (value) query[name] = value;
      else delete query[name];
    }
    void router.replace({ query });
  }

  function more() {
    void fetchMore({
      variables: { after: result.value?.auditLog.pageInfo.endCursor },
      updateQuery: (previous, { fetchMoreResult }) =>
        fetchMoreResult
          ? {
              auditLog: {
                ...fetchMoreResult.auditLog,
                nodes: [...previous.auditLog.nodes, ...fetchMoreResult.auditLog.nodes],
              },
            }
          : previous,
    })?.catch(() => undefined);
  }

  return {
    filters,
    setFilters,
    log: computed(() => result.value?.auditLog ?? null),
    loading,
    error,
    retry: () => void refetch()?.catch(() => undefined),
    more,
  };
}
