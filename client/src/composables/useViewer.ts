import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { ViewerDocument, type UserRole } from '@/gql/graphql';

const EDIT_ROLES: readonly UserRole[] = ['EDITOR', 'ADMIN'];
const REVIEW_ROLES: readonly UserRole[] = ['REVIEWER', 'ADMIN'];

/**
 * Who is signed in (null for a reader), shared by the whole app through Apollo's cache: every
 * caller reads the same `viewer` query, so signing in or out updates them all.
 */
export function useViewer() {
  const { result, loading } = useQuery(ViewerDocument, null, { fetchPolicy: 'cache-first' });
  const viewer = computed(() => result.value?.viewer ?? null);
  const role = computed(() => viewer.value?.role ?? null);
  return {
    viewer,
    loading,
    /** May start and edit drafts, restore revisions, send for review. */
    canEdit: computed(() => role.value !== null && EDIT_ROLES.includes(role.value)),
    /** May request changes and publish. */
    canReview: computed(() => role.value !== null && REVIEW_ROLES.includes(role.value)),
  };
}
