import { useMutation } from '@vue/apollo-composable';
import { ApiTokensDocument, CreateApiTokenDocument } from '@/gql/graphql';

/** The createApiToken mutation; the tokens list shows the new token at once, first, as the server lists the newest first. */
export function useCreateApiToken() {
  return useMutation(CreateApiTokenDocument, {
    update(cache, { data }) {
      const token = data?.createApiToken.token;
      if (!token) return;
      cache.updateQuery({ query: ApiTokensDocument }, (previous) =>
        previous && !previous.apiTokens.some((t) => t.id === token.id)
          ? { apiTokens: [token, ...previous.apiTokens] }
          : previous,
      );
    },
  });
}
