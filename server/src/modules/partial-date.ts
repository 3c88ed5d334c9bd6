import 'reflect-metadata';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import {
  DATE_PRECISIONS,
  partialDate as parseStoredDate,
  type DatePrecision as Precision,
  type PartialDate as PartialDateValue,
} from '@casebook/schema';

/** How precise a date is (the GraphQL enum of @casebook/schema's precisions). */
export const DatePrecision = Object.fromEntries(DATE_PRECISIONS.map((p) => [p, p])) as { [P in Precision]: P };
export type DatePrecision = Precision;

registerEnumType(DatePrecision, {
  name: 'DatePrecision',
  description: 'How precise a date is: the year, the month or the day.',
});

/** A date known to a year, a month or a day, e.g. "2013", "2013-04" or "2013-04-01" (parsed by @casebook/schema). */
@ObjectType({ description: 'A date known to a year, a month or a day, as the sources give it.' })
export class PartialDate implements PartialDateValue {
  @Field(() => String, { description: 'The date as written: "2013", "2013-04" or "2013-04-01".' })
  text: string;

  @Field(() => DatePrecision, { description: 'How precise the date is.' })
  precision: DatePrecision;

  @Field(() => String, { description: 'The earliest day it can mean (ISO date); dates sort by it.' })
  earliest: string;

  @Field(() => String, { description: 'The latest day it can mean (ISO date).' })
  latest: string;
}

/** Parses a partial date already known to be valid (stored data) for the API; null stays null. */
export function partialDate(text: string | null | undefined): PartialDate | null {
  return parseStoredDate(text);
}
