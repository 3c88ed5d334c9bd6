import { Matches } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { limits } from '@casebook/schema';
/** Selects a period of a case by key. */
@ArgsType()
export class PeriodArgs {
  @Field(() => String, { description: 'The period key, e.g. `before-2013`.' })
  @Matches(new RegExp(limits.slug.pattern))
  key: string;
}
