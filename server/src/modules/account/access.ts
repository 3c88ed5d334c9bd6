import type { Capability } from '../../common/capability.js';
import { AppError, ErrorCode } from '../../common/errors.js';
import type { AuditActor } from '../audit/audit.service.js';
import { UserRole, TokenScope, type ApiToken, type AppUser } from './account.entity.js';

/**
 * Who is making a request. `ownAccount` (a password, sessions) is a signed-in person's only: an
 * API token acts for a tool, not for the account that made it.
 */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: AppUser; sessionId: string }
  | { kind: 'token'; token: ApiToken }
  | { kind: 'cli' };

const ROLE_CAN: Record<UserRole, Capability[]> = {
  [UserRole.ADMIN]: ['readDrafts', 'editDrafts', 'review', 'admin', 'ownAccount'],
  [UserRole.EDITOR]: ['readDrafts', 'editDrafts', 'ownAccount'],
  [UserRole.REVIEWER]: ['readDrafts', 'review', 'ownAccount'],
  [UserRole.VIEWER]: ['readDrafts', 'ownAccount'],
};
/** The roles whose people may do something (those told of a draft sent for review: the reviewers). */
export const rolesThatCan = (capability: Capability): UserRole[] =>
  (Object.keys(ROLE_CAN) as UserRole[]).filter((role) => ROLE_CAN[role].includes(capability));

/** A PUBLISHED token has no capability: it reads what anyone may read, and nothing else. */
const SCOPE_CAN: Record<TokenScope, Capability[]> = {
  [TokenScope.PUBLISHED]: [],
  [TokenScope.READ]: ['readDrafts'],
  [TokenScope.WRITE]: ['readDrafts', 'editDrafts'],
};

/**
 * Whether an account may stand behind API tokens it made: only an active admin can make one, so
 * a creator who is disabled or no longer an admin ends all its tokens (until it is again).
 */
export const mayHoldTokens = (user: Pick<AppUser, 'role' | 'disabled'>): boolean =>
  !user.disabled && ROLE_CAN[user.role].includes('admin');

export function can(viewer: Viewer, capability: Capability): boolean {
  switch (viewer.kind) {
    case 'anonymous':
      return false;
    case 'cli':
      return true;
    case 'user':
      return ROLE_CAN[viewer.user.role].includes(capability);
    case 'token':
      return SCOPE_CAN[viewer.token.scope].includes(capability);
  }
}

/** How a viewer appears in revisions and the audit log (staff only; public answers use `publicLabel`). */
export function viewerLabel(viewer: Viewer): string {
  switch (viewer.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'cli':
      return 'cli';
    case 'user':
      return viewer.user.email;
    case 'token':
      return `token:${viewer.token.name}`;
  }
}

/** The neutral label of a person whose account has no display name. */
export const UNNAMED_STAFF = 'a reviewer';

/** Text holding what reads as an email address (a display name typed as one, say). */
const HOLDS_ADDRESS = /[^\s@]+@[^\s@]+\.[^\s@]+/;

/**
 * How a viewer appears in what everyone may read (who published an edition): a person by their
 * display name, never their email address; without one, or with a name that holds an address,
 * a neutral label.
 */
export function publicLabel(viewer: Viewer): string {
  switch (viewer.kind) {
    case 'user': {
      const name = viewer.user.name.trim();
      return name && !HOLDS_ADDRESS.test(name) ? name : UNNAMED_STAFF;
    }
    case 'token':
      return 'an API token';
    default:
      return viewerLabel(viewer);
  }
}

export const viewerUserId = (viewer: Viewer): string | null => (viewer.kind === 'user' ? viewer.user.id : null);

/** Who did something, and from where: what the draft workflow records in revisions and the audit log. */
export interface Actor {
  viewer: Viewer;
  address?: string | null;
}

/** How an actor (a viewer, acting from an address) is written in the audit log. */
export function auditActor({ viewer, address }: Actor): AuditActor {
  return {
    label: viewerLabel(viewer),
    userId: viewerUserId(viewer),
    tokenId: viewer.kind === 'token' ? viewer.token.id : null,
    address: address ?? null,
  };
}

const WHAT: Record<Capability, string> = {
  readDrafts: 'read drafts',
  editDrafts: 'edit drafts',
  review: 'review and publish',
  admin: 'manage users and tokens',
  ownAccount: 'manage your password and sessions',
};

/** The top-level error for a viewer without a capability: UNAUTHENTICATED or FORBIDDEN. */
export function refusal(viewer: Viewer, capability: Capability): AppError {
  return viewer.kind === 'anonymous'
    ? new AppError(ErrorCode.UNAUTHENTICATED, `Sign in to ${WHAT[capability]}.`)
    : new AppError(
        ErrorCode.FORBIDDEN,
        `Your ${viewer.kind === 'token' ? 'token' : 'role'} does not allow you to ${WHAT[capability]}.`,
      );
}
