/**
 * A sign-in failure counter is forgotten this long after its last failure: the account module
 * stops counting it, and the retention purge (modules/audit, below accounts) deletes it.
 */
export const SIGN_IN_FORGET_SECONDS = 24 * 3600;
