import { useMutation } from '@vue/apollo-composable';
import { SignInDocument, ViewerDocument } from '@/gql/graphql';

/**
 * The sign-in mutation. A successful sign-in writes the user into the shared `viewer` query, so
 * the header and every useViewer() caller know at once who is signed in.
 */
export function useSignIn() {
  const { mutate, loading } = useMutation(SignInDocument, {
    update(cache, { data }) {
      const user = data?.signIn.user;
      if (user) cache.writeQuery({ query: ViewerDocument, data: { viewer: user } });
    },
  });
  return {
    signIn: (email: string, password: string) => mutate({ email, password }),
    loading,
  };
}
