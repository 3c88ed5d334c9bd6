/** How precise a date is. */
export const DATE_PRECISIONS = ['YEAR', 'MONTH', 'DAY'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** A date known to a year, a month or a day, e.g. "2013", "2013-04" or "2013-04-01". */
export interface PartialDate {
  /** The date as written: "2013", "2013-04" or "2013-04-01". */
  text: string;
  precision: DatePrecision;
  /** The earliest day it can mean (ISO date); dates sort by it. */
  earliest: string;
  /** The latest day it can mean (ISO date). */
  latest: string;
}

const PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Parses a partial date. Returns an error message instead when it is malformed or impossible
 * ("2023-02-30").
 */
export function parsePartialDate(text: string): PartialDate | string {
  const match = PATTERN.exec(text);
  if (!match) return `"${text}" is not a date like "2013", "2013-04" or "2013-04-01"`;
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  // 1 BC is followed by AD 1; PostgreSQL, which also stores these dates, refuses a year 0.
  if (year === 0) return `"${text}" has no year 0: years start at 0001`;
  if (month !== undefined && (month < 1 || month > 12)) return `"${text}" has no month ${month}`;
  if (month !== undefined && day !== undefined && (day < 1 || day > daysInMonth(year, month)))
    return `"${text}" is not a day of that month`;
  if (month === undefined)
    return { text, precision: 'YEAR', earliest: `${pad(year, 4)}-01-01`, latest: `${pad(year, 4)}-12-31` };
  if (day === undefined)
    return {
      text,
      precision: 'MONTH',
      earliest: `${pad(year, 4)}-${pad(month)}-01`,
      latest: `${pad(year, 4)}-${pad(month)}-${pad(daysInMonth(year, month))}`,
    };
  const iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  return { text, precision: 'DAY', earliest: iso, latest: iso };
}

/** Parses a partial date already known to be valid (stored data); null stays null. */
export function partialDate(text: string | null | undefined): PartialDate | null {
  if (text === null || text === undefined) return null;
  const parsed = parsePartialDate(text);
  if (typeof parsed === 'string') throw new Error(`Stored date is invalid: ${parsed}`);
  return parsed;
}

/** Sort rank of a precision: coarser first among dates with the same earliest day. */
export const PRECISION_RANK: Record<DatePrecision, number> = { YEAR: 0, MONTH: 1, DAY: 2 };

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A partial date in words, to its precision: "2026", "December 2026" or "1 December 2026". Text
 * that is not a date is given back as it is.
 */
export function partialDateWords(text: string): string {
  const parsed = parsePartialDate(text);
  if (typeof parsed === 'string') return text;
  const [year, month, day] = parsed.earliest.split('-').map(Number) as [number, number, number];
  if (parsed.precision === 'YEAR') return String(year);
  const named = `${MONTHS[month - 1]!} ${year}`;
  return parsed.precision === 'MONTH' ? named : `${day} ${named}`;
}

/**
 * A period's span in words, one style throughout: "from 1 January 2023 to 31 December 2025",
 * "until 31 December 2022", "from 1 January 2026, current", "dates not known".
 */
export function periodSpanWords(span: {
  validFrom?: { text: string } | string | null;
  validTo?: { text: string } | string | null;
  current?: boolean | null;
}): string {
  const text = (d: { text: string } | string | null | undefined) =>
    d ? partialDateWords(typeof d === 'string' ? d : d.text) : '';
  const from = text(span.validFrom);
  const to = text(span.validTo);
  const words = from && to ? `from ${from} to ${to}` : from ? `from ${from}` : to ? `until ${to}` : 'dates not known';
  return span.current ? `${words}, current` : words;
}
