/**
 * What a viewer may do: the names `@Authorized<Capability>(…)` marks a field with. They live
 * below the modules so any module can guard a field without importing accounts; which roles
 * and token scopes grant which is account/access.ts's business.
 */
export type Capability = 'readDrafts' | 'editDrafts' | 'review' | 'admin' | 'ownAccount';
