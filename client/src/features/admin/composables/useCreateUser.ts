import { useMutation } from '@vue/apollo-composable';
import { CreateUserDocument, UsersDocument } from '@/gql/graphql';

/** The createUser mutation; the accounts list shows the new account at once, in the server's order (by email). */
export function useCreateUser() {
  return useMutation(CreateUserDocument, {
    update(cache, { data }) {
      const user = data?.createUser.user;
      if (!user) return;
      cache.updateQuery({ query: UsersDocument }, (previous) =>
        previous && !previous.users.some((u) => u.id === user.id)
          ? { users: [...previous.users, user].sort((a, b) => a.email.localeCompare(b.email)) }
          : previous,
      );
    },
  });
}
