import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Tier } from '../vocabulary/vocabulary.enums.js';
import { GovernanceLevel } from './governance.entity.js';

/** Whether a period records a tier. */
export enum TierPresence {
  PRESENT = 'PRESENT',
  ABSENT = 'ABSENT',
  NO_DATA = 'NO_DATA',
}

registerEnumType(TierPresence, {
  name: 'TierPresence',
  description: 'Whether a period has levels at a tier.',
  valuesConfig: {
    PRESENT: { description: 'At least one level sits at this tier.' },
    ABSENT: { description: 'The record says there is nothing at this tier.' },
    NO_DATA: { description: 'The record says nothing about this tier.' },
  },
});

@ObjectType({ description: 'One tier of a period: its levels, or why it has none.' })
export class TierStatus {
  @Field(() => Tier, { description: 'The tier.' })
  tier: keyof typeof Tier;

  @Field(() => TierPresence, { description: 'Present, recorded as absent, or no data.' })
  presence: TierPresence;

  @Field(() => [GovernanceLevel], { description: 'The levels at this tier (absent ones included).' })
  levels: GovernanceLevel[];
}
