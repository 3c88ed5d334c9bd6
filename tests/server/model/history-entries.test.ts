import { describe, expect, it } from 'vitest';
import { combinedMessage, historyEntries, QUICK_SAVES_WINDOW_MS, type RevisionLike } from '@casebook/schema';

// The history view's entries: one author's quick saves read as one entry with their messages
// combined; anything else stands alone. The revisions themselves are untouched.
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 5, 9, 0) + minutes * 60_000).toISOString();
const rev = (
  number: number,
  minutes: number,
  authorLabel = 'eve',
  kind = 'EDIT',
  message: string | null = `save ${number}`,
) => ({ number, kind, authorLabel, createdAt: at(minutes), message }) satisfies RevisionLike;
const numbers = (list: RevisionLike[]) =>
  historyEntries([...list].reverse()).map((e) => e.revisions.map((r) => r.number));

describe('the history’s entries', () => {
  it('join one author’s saves made within ten minutes of each other, newest first', () => {
    expect(numbers([rev(1, 0), rev(2, 3), rev(3, 12), rev(4, 30)])).toEqual([[4], [3, 2, 1]]);
  });

  it('keep saves apart across another author, an import, a restore or a publication', () => {
    expect(numbers([rev(1, 0), rev(2, 1, 'ada'), rev(3, 2)])).toEqual([[3], [2], [1]]);
    expect(numbers([rev(1, 0, 'eve', 'IMPORT'), rev(2, 1), rev(3, 2, 'eve', 'RESTORE'), rev(4, 3)])).toEqual([
      [4],
      [3],
      [2],
      [1],
    ]);
  });

  it('count the window between neighbours, so a long steady session is one entry', () => {
    const steady = Array.from({ length: 6 }, (_, i) => rev(i + 1, i * 9));
    expect(numbers(steady)).toEqual([[6, 5, 4, 3, 2, 1]]);
    const gap = QUICK_SAVES_WINDOW_MS / 60_000 + 1;
    expect(numbers([rev(1, 0), rev(2, gap)])).toEqual([[2], [1]]);
  });

  it('combine messages in the order saved, each once, naming three and counting the rest', () => {
    const [entry] = historyEntries([
      rev(5, 4, 'eve', 'EDIT', 'E'),
      rev(4, 3, 'eve', 'EDIT', 'D'),
      rev(3, 2, 'eve', 'EDIT', 'A'),
      rev(2, 1, 'eve', 'EDIT', null),
      rev(1, 0, 'eve', 'EDIT', 'A'),
    ]);
    expect(entry!.newest.number).toBe(5);
    expect(entry!.oldest.number).toBe(1);
    expect(combinedMessage(entry!)).toBe('A; D; E');
    const [many] = historyEntries([5, 4, 3, 2, 1].map((n) => rev(n, n, 'eve', 'EDIT', `M${n}`)));
    expect(combinedMessage(many!)).toBe('M1; M2; M3; and 2 more');
  });
});
