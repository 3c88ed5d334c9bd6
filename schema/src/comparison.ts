import type { Tier, TierPresence } from './enums.js';

/**
 * Whether a period has levels at a tier: PRESENT when any level there is present, ABSENT when
 * every level there is recorded as absent, NO_DATA when the period has no level at that tier.
 * The API's `tiers`, the comparison's governance row and the structure diagram all use it.
 */
export function tierPresence(levels: readonly { tier: Tier; absent?: boolean | null }[], tier: Tier): TierPresence {
  const at = levels.filter((l) => l.tier === tier);
  if (at.length === 0) return 'NO_DATA';
  return at.every((l) => l.absent) ? 'ABSENT' : 'PRESENT';
}

/** What follows a level's name in its title: its number of units when known (" (21)"), else nothing. */
export function levelUnits(level: { unitCount?: number | null }): string {
  return level.unitCount == null ? '' : ` (${level.unitCount})`;
}

/** A level's name with its number of units when known: "Wellbeing services counties (21)". */
export function levelTitle(level: { name: string; unitCount?: number | null }): string {
  return `${level.name}${levelUnits(level)}`;
}
