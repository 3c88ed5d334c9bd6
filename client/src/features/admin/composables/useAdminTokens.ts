import { useMutation, useQuery } from '@vue/apollo-composable';
import { computed, ref, type Ref } from 'vue';
import { describeError } from '@/apollo/errors';
import { ApiTokensDocument, RevokeApiTokenDocument } from '@/gql/graphql';

/** A token about to be revoked, waiting for confirmation. */
export type TokenRevocation = { id: string; name: string };

/**
 * The tokens page's data: every API token, newest first as the server lists them (asked for once
 * `enabled`, i.e. for an admin), and revoking one after a confirmation.
 */
export function useAdminTokens(enabled: Ref<boolean>) {
  const { result, loading, error, refetch } = useQuery(ApiTokensDocument, null, () => ({ enabled: enabled.value }));
  const tokens = computed(() => result.value?.apiTokens ?? []);
  const pending = ref<TokenRevocation | null>(null);
  const problem = ref('');
  const done = ref('');
  const { mutate, loading: revoking } = useMutation(RevokeApiTokenDocument);

  async function confirm() {
    const token = pending.value;
    if (!token) return;
    problem.value = '';
    try {
      const answer = await mutate({ id: token.id });
      if (!answer?.data?.revokeApiToken) {
        problem.value = 'That token no longer exists.';
        return;
      }
      done.value = `Token “${token.name}” revoked.`;
      pending.value = null;
    } catch (e) {
      problem.value = describeError(e as Error);
    }
  }

  return {
    tokens,
    loaded: computed(() => Boolean(result.value)),
    loading,
    error,
    retry: () => void refetch()?.catch(() => undefined),
    pending,
    problem,
    done,
    revoking,
    ask: (token: TokenRevocation) => {
      problem.value = '';
      pending.value = token;
    },
    confirm,
    cancel: () => (pending.value = null),
  };
}
