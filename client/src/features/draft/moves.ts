import type { CaseProfileDoc, Choice } from '@casebook/schema';

/**
 * Where an opened body or responsibility can move within its period: a body to another level, a
 * responsibility to another body (saveDraftPart UPDATE naming the new parentKey moves it, with
 * what hangs on it).
 */

export type MovableKind = 'BODY' | 'RESPONSIBILITY';

/** The holders a part of `kind` can sit in, in the period: levels, or bodies grouped by their level. */
export function moveGroups(
  document: CaseProfileDoc | null | undefined,
  kind: MovableKind,
  periodKey: string,
): { group: string | null; options: Choice[] }[] {
  const levels = document?.periods.find((p) => p.key === periodKey)?.levels ?? [];
  if (kind === 'BODY') return [{ group: null, options: levels.map((l) => ({ value: l.key, label: l.name || l.key })) }];
  return levels
    .filter((l) => (l.bodies ?? []).length > 0)
    .map((l) => ({
      group: l.name || l.key,
      options: (l.bodies ?? []).map((b) => ({ value: b.key, label: b.name || b.key })),
    }));
}

/** A holder's name (a level's or body's), or its key when the period has no such holder. */
export function holderName(
  document: CaseProfileDoc | null | undefined,
  kind: MovableKind,
  periodKey: string,
  key: string,
): string {
  for (const g of moveGroups(document, kind, periodKey)) {
    const found = g.options.find((o) => o.value === key);
    if (found) return found.label;
  }
  return key;
}
