import type { TokenScope } from '@/gql/graphql';

/** Words for the token scopes. */
export const SCOPE_LABELS: Record<TokenScope, string> = {
  PUBLISHED: 'Read published content only',
  READ: 'Read',
  WRITE: 'Read and write drafts',
};

/** Whether a token still works, in words: revoked wins over expired. */
export function tokenStatus(
  token: { revokedAt?: string | null; expiresAt: string },
  now = Date.now(),
): 'revoked' | 'expired' | 'active' {
  if (token.revokedAt) return 'revoked';
  if (new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}
