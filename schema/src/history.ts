/**
 * The history as people read it: one author's saves in quick succession are one entry, with their
 * messages combined. The revisions themselves stay as saved (exports, imports and open forms refer
 * to them by number); only the view groups them.
 */

/** How close together one author's saves must be to read as one entry: 10 minutes between each. */
export const QUICK_SAVES_WINDOW_MS = 10 * 60 * 1000;

/** What grouping needs of a revision. */
export interface RevisionLike {
  number: number;
  kind: string;
  authorLabel: string;
  createdAt: string;
  message?: string | null;
}

/** One entry of the history: a single revision, or several quick saves by one author, newest first. */
export interface HistoryEntry<R extends RevisionLike> {
  /** The revisions of the entry, newest first (one, or more for quick saves). */
  revisions: R[];
  /** The newest revision: restoring the entry restores the draft as it was after all of them. */
  newest: R;
  oldest: R;
}

/**
 * Groups a history listed newest first: consecutive EDIT revisions by the same author, each saved
 * within `windowMs` of the next, make one entry. Imports, restores, publications and creations
 * always stand alone, as do saves by someone else in between.
 */
export function historyEntries<R extends RevisionLike>(
  newestFirst: readonly R[],
  windowMs = QUICK_SAVES_WINDOW_MS,
): HistoryEntry<R>[] {
  const entries: HistoryEntry<R>[] = [];
  for (const r of newestFirst) {
    const last = entries[entries.length - 1];
    const joins =
      last !== undefined &&
      r.kind === 'EDIT' &&
      last.oldest.kind === 'EDIT' &&
      r.authorLabel === last.oldest.authorLabel &&
      Date.parse(last.oldest.createdAt) - Date.parse(r.createdAt) <= windowMs &&
      Date.parse(last.oldest.createdAt) >= Date.parse(r.createdAt);
    if (joins) {
      last.revisions.push(r);
      last.oldest = r;
    } else entries.push({ revisions: [r], newest: r, oldest: r });
  }
  return entries;
}

/** How many messages a combined message names before it counts the rest. */
const MESSAGES_NAMED = 3;

/**
 * The messages of an entry in the order they were saved, each once, as their authors wrote them:
 * "Added the source report-b; Edited the lesson second-lesson; and 2 more". Empty when none has one.
 */
export function combinedMessage(entry: HistoryEntry<RevisionLike>): string {
  const messages = [
    ...new Set(
      [...entry.revisions]
        .reverse()
        .map((r) => r.message?.trim() ?? '')
        .filter(Boolean),
    ),
  ];
  const named = messages.slice(0, MESSAGES_NAMED);
  const rest = messages.length - named.length;
  const text = named.join('; ');
  return rest > 0 ? `${text}; and ${rest} more` : text;
}
