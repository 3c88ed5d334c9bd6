import { Field, Int, ObjectType } from 'type-graphql';
import { extentWords, type ExtentDoc } from '@casebook/schema';
import { PartialDate, partialDate } from '../partial-date.js';

/** A named area where a claim holds. */
@ObjectType({ description: 'A named area where a claim holds, with the dates it held there when known.' })
export class ExtentArea {
  @Field(() => String, { description: 'The area, e.g. "Argyll and Bute".' })
  name: string;

  @Field(() => PartialDate, { nullable: true, description: 'Since when it has held there; null when not known.' })
  from: PartialDate | null;

  @Field(() => PartialDate, {
    nullable: true,
    description: 'Until when it held there; null when it still does or is not known.',
  })
  until: PartialDate | null;
}

/** Where in the case a claim holds, when only in part of it (the `extent` of the profile format). */
@ObjectType({
  description:
    'Where in the case a claim holds when it holds in only part of it: in how many of how many units, as of when, in which named areas.',
})
export class Extent {
  @Field(() => Int, { nullable: true, description: 'In how many units it holds.' })
  count: number | null;

  @Field(() => Int, { nullable: true, description: 'Out of how many units.' })
  of: number | null;

  @Field(() => String, { nullable: true, description: 'What the units are, in the plural: "partnerships".' })
  unit: string | null;

  @Field(() => PartialDate, { nullable: true, description: 'When the count held.' })
  asOf: PartialDate | null;

  @Field(() => [ExtentArea], { description: 'The named areas where it holds, in the order given.' })
  areas: ExtentArea[];

  @Field(() => String, { nullable: true, description: 'Where it holds, in words of the sources.' })
  description: string | null;

  @Field(() => String, { description: 'All of it in words: "In 9 of 31 partnerships, as of 2018."' })
  text: string;
}

/** The API's view of an `extent` column (the profile format's object); null stays null. */
export function extentOf(doc: ExtentDoc | null | undefined): Extent | null {
  if (!doc) return null;
  return {
    count: doc.count ?? null,
    of: doc.of ?? null,
    unit: doc.unit ?? null,
    asOf: partialDate(doc.asOf),
    areas: (doc.areas ?? []).map((a) => ({ name: a.name, from: partialDate(a.from), until: partialDate(a.until) })),
    description: doc.description ?? null,
    text: extentWords(doc),
  };
}
