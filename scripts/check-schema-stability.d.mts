/** The breaking changes from one SDL to another that docs/API.md's changelog does not list. */
export function unlistedBreakingChanges(
  beforeSdl: string,
  afterSdl: string,
  apiDoc: string,
): { type: string; description: string }[];
