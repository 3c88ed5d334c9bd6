import { useMutation, useQuery } from '@vue/apollo-composable';
import { computed, type Ref } from 'vue';
import { ApiTokensDocument, RevokeApiTokenDocument } from '@/gql/graphql';
import { useConfirmed } from './useConfirmed';

/** A token about to be revoked, waiting for confirmation. */
export type TokenRevocation = { id: string; name: string };

/**
 * The tokens page's data: every API token, newest first as the server lists them (asked for once
 * `enabled`, i.e. for an admin), and revoking one after a confirmation.
 */
export function useAdminTokens(enabled: Ref<boolean>) {
  const { result, loading, error, refetch } = useQuery(ApiTokensDocument, null, () => ({ enabled: enabled.value }));
  const tokens = computed(() => result.value?.apiTokens ?? []);
  const { mutate, loading: revoking } = useMutation(RevokeApiTokenDocument);
  const revocation = useConfirmed<TokenRevocation>(async (token) => {
    const answer = await mutate({ id: token.id });
    return answer?.data?.revokeApiToken
      ? { done: `Token “${token.name}” revoked.` }
      : { problem: 'That token no longer exists.' };
  });

  return {
    tokens,
    loaded: computed(() => Boolean(result.value)),
    loading,
    error,
    retry: () => void refetch()?.catch(() => undefined),
    ...revocation,
    revoking,
  };
}
