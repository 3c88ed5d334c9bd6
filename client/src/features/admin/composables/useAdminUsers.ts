import { useMutation, useQuery } from '@vue/apollo-composable';
import { computed, type Ref } from 'vue';
import { problemMessage } from '@/features/admin/messages';
import { UpdateUserDocument, UsersDocument, type UserRole } from '@/gql/graphql';
import { ROLE_LABELS } from '@casebook/schema';
import { useConfirmed } from './useConfirmed';

/** A change to one account, waiting for confirmation. */
export type UserChange = { id: string; email: string; role?: UserRole; disabled?: boolean };

/**
 * The accounts page's data: every account (asked for once `enabled`, i.e. for an admin), and the
 * role and disabled changes, each made only after a confirmation.
 */
export function useAdminUsers(enabled: Ref<boolean>) {
  const { result, loading, error, refetch } = useQuery(UsersDocument, null, () => ({ enabled: enabled.value }));
  const users = computed(() => result.value?.users ?? []);
  const { mutate, loading: saving } = useMutation(UpdateUserDocument);
  const change = useConfirmed<UserChange>(async (c) => {
    const answer = await mutate({ id: c.id, role: c.role ?? null, disabled: c.disabled ?? null });
    const errors = answer?.data?.updateUser.userErrors ?? [];
    if (errors.length > 0) return { problem: errors.map(problemMessage).join(' ') };
    return {
      done: c.role
        ? `${c.email} is now ${ROLE_LABELS[c.role]}.`
        : `${c.email} is ${c.disabled ? 'disabled' : 'enabled'}.`,
    };
  });

  return {
    users,
    loaded: computed(() => Boolean(result.value)),
    loading,
    error,
    retry: () => void refetch()?.catch(() => undefined),
    ...change,
    saving,
  };
}
