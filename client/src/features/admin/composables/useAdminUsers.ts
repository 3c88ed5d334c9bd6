import { useMutation, useQuery } from '@vue/apollo-composable';
import { computed, ref, type Ref } from 'vue';
import { describeError } from '@/apollo/errors';
import { problemMessage } from '@/features/admin/messages';
import { UpdateUserDocument, UsersDocument, type UserRole } from '@/gql/graphql';
import { ROLE_LABELS } from '@casebook/schema';

/** A change to one account, waiting for confirmation. */
export type UserChange = { id: string; email: string; role?: UserRole; disabled?: boolean };

/**
 * The accounts page's data: every account (asked for once `enabled`, i.e. for an admin), and the
 * role and disabled changes, each made only after a confirmation.
 */
export function useAdminUsers(enabled: Ref<boolean>) {
  const { result, loading, error, refetch } = useQuery(UsersDocument, null, () => ({ enabled: enabled.value }));
  const users = computed(() => result.value?.users ?? []);
  const pending = ref<UserChange | null>(null);
  const problem = ref('');
  const done = ref('');
  const { mutate, loading: saving } = useMutation(UpdateUserDocument);

  function ask(change: UserChange) {
    problem.value = '';
    pending.value = change;
  }

  async function confirm() {
    const change = pending.value;
    if (!change) return;
    problem.value = '';
    try {
      const answer = await mutate({ id: change.id, role: change.role ?? null, disabled: change.disabled ?? null });
      const errors = answer?.data?.updateUser.userErrors ?? [];
      if (errors.length > 0) {
        problem.value = errors.map(problemMessage).join(' ');
        return;
      }
      done.value = change.role
        ? `${change.email} is now ${ROLE_LABELS[change.role]}.`
        : `${change.email} is ${change.disabled ? 'disabled' : 'enabled'}.`;
      pending.value = null;
    } catch (e) {
      problem.value = describeError(e as Error);
    }
  }

  return {
    users,
    loaded: computed(() => Boolean(result.value)),
    loading,
    error,
    retry: () => void refetch()?.catch(() => undefined),
    pending,
    problem,
    done,
    saving,
    ask,
    confirm,
    cancel: () => (pending.value = null),
  };
}
