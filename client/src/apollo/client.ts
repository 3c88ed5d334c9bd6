import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client/core';

/** The app's one Apollo client. Same-origin `/graphql`; Apollo's CSRF header on every request. */
export function createApolloClient(uri = '/graphql'): ApolloClient<unknown> {
  return new ApolloClient({
    link: new HttpLink({ uri, headers: { 'apollo-require-preflight': 'true' } }),
    cache: new InMemoryCache(),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network', errorPolicy: 'none' } },
  });
}
