import { Field, ObjectType } from 'type-graphql';
import type { PeriodCoverage as PeriodCoverageValue } from '@casebook/schema';
import { Coverage } from '../vocabulary/vocabulary.enums.js';

/** A period's coverage, section by section, as the `coverage` column of structure_period holds it. */
@ObjectType({
  description:
    'How much of each section of its structure a period records. Where a section is COMPLETE, a part the period does not hold is not there; where it is PARTIAL or NOT_RECORDED, it is simply not recorded.',
})
export class PeriodCoverage implements PeriodCoverageValue {
  @Field(() => Coverage, { description: 'Its governance levels and the bodies at them.' })
  levels: keyof typeof Coverage;

  @Field(() => Coverage, { description: 'The responsibilities its bodies hold.' })
  responsibilities: keyof typeof Coverage;

  @Field(() => Coverage, { description: 'The connections between service areas.' })
  connections: keyof typeof Coverage;
}
