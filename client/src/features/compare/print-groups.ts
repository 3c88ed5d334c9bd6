/** At most this many case columns share a printed table: each keeps a readable width on A4 landscape. */
export const PRINT_COLUMNS = 4;

/**
 * The cases of each printed table, as indexes in the comparison's order. Up to PRINT_COLUMNS cases
 * print in one table; more are split into tables that each repeat the baseline, so that every case
 * is still read against it, and the other cases follow in turn.
 */
export function printGroups(caseCount: number, baselineIndex: number | null): number[][] {
  const all = Array.from({ length: caseCount }, (_, i) => i);
  if (caseCount <= PRINT_COLUMNS) return [all];
  const hasBaseline = baselineIndex !== null && baselineIndex >= 0 && baselineIndex < caseCount;
  const others = hasBaseline ? all.filter((i) => i !== baselineIndex) : all;
  const size = hasBaseline ? PRINT_COLUMNS - 1 : PRINT_COLUMNS;
  const groups: number[][] = [];
  for (let start = 0; start < others.length; start += size) {
    const group = others.slice(start, start + size);
    if (hasBaseline) group.push(baselineIndex);
    groups.push(group.sort((a, b) => a - b));
  }
  return groups;
}
