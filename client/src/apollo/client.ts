import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client/core';
import { onError } from '@apollo/client/link/error';

export interface ApolloClientOptions {
  /** Called when a request is refused with UNAUTHENTICATED (never signed in, or the session expired). */
  onUnauthenticated?: () => void;
}

/** The app's one Apollo client. Same-origin `/graphql`; Apollo's CSRF header on every request. */
export function createApolloClient(uri = '/graphql', options: ApolloClientOptions = {}): ApolloClient<unknown> {
  const http = new HttpLink({ uri, headers: { 'apollo-require-preflight': 'true' } });
  const unauthenticated = onError(({ graphQLErrors }) => {
    if (graphQLErrors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) options.onUnauthenticated?.();
  });
  return new ApolloClient({
    link: ApolloLink.from([unauthenticated, http]),
    // A case has at most one draft: its slug names it, so every answer holding it updates one entry.
    cache: new InMemoryCache({ typePolicies: { CaseDraft: { keyFields: ['slug'] } } }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network', errorPolicy: 'none' } },
  });
}
