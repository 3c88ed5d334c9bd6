import type { ExtentDoc } from './document.js';
import { partialDateWords } from './partial-date.js';

/** "policy", "policy and funding", "policy, funding and delivery". */
const listed = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** "Highland (from April 2016 until 2022)". */
function areaWords(area: NonNullable<ExtentDoc['areas']>[number]): string {
  const span = [
    area.from ? `from ${partialDateWords(area.from)}` : '',
    area.until ? `until ${partialDateWords(area.until)}` : '',
  ].filter(Boolean);
  return span.length ? `${area.name} (${span.join(' ')})` : area.name;
}

/**
 * Where a claim holds, in words a reader can check: "In 9 of 31 partnerships, as of 2018.",
 * "In Argyll and Bute (from April 2016) and East Dunbartonshire.", then the description.
 */
export function extentWords(extent: ExtentDoc): string {
  const areas = listed((extent.areas ?? []).map(areaWords));
  const counted =
    extent.count !== undefined
      ? `In ${extent.count}${extent.of !== undefined ? ` of ${extent.of}` : ''} ${extent.unit ?? ''}`.trimEnd()
      : extent.of !== undefined
        ? `In some of ${extent.of} ${extent.unit ?? ''}`.trimEnd()
        : '';
  const where = counted ? `${counted}${areas ? `, among them ${areas}` : ''}` : areas ? `In ${areas}` : '';
  const head = where ? `${where}${extent.asOf ? `, as of ${partialDateWords(extent.asOf)}` : ''}.` : '';
  return [head, extent.description ?? ''].filter(Boolean).join(' ');
}
