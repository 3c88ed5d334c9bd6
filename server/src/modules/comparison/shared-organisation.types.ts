import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Body } from '../governance/governance.entity.js';
import { Citation } from '../source/source.entity.js';
import { ServiceArea } from '../vocabulary/vocabulary.entity.js';
import { BodyType, ResponsibilityFunction, Tier } from '../vocabulary/vocabulary.enums.js';
import { OrganisationSharing } from './shared-organisation.js';

registerEnumType(OrganisationSharing, {
  name: 'OrganisationSharing',
  description: 'Whether two service areas share an organisation in a period, read from its responsibilities.',
  valuesConfig: {
    ONE_BODY: { description: 'One body holds both areas for the same function.' },
    SAME_KIND_AT_TIER: {
      description: 'No one body holds both, but bodies of one kind at one tier hold them for the same function.',
    },
    SEPARATE: {
      description:
        "Neither: no body, and no one kind of body at one tier, holds both for the same function. Where the period's responsibilities are not COMPLETE (its coverage), this holds for those recorded.",
    },
  },
});

@ObjectType({
  description:
    'How a period organises two service areas it holds: computed from its responsibilities alone, never entered by hand.',
})
export class SharedOrganisation {
  @Field(() => String, {
    description: 'The two area keys in the vocabulary order, joined by `+`, e.g. `childrens-social-work+health`.',
  })
  key: string;

  @Field(() => ServiceArea, { description: 'The first area, in the vocabulary order.' })
  areaA: ServiceArea;

  @Field(() => ServiceArea, { description: 'The second area, in the vocabulary order.' })
  areaB: ServiceArea;

  @Field(() => OrganisationSharing, { description: 'One body, one kind of body at one tier, or separate.' })
  sharing: OrganisationSharing;

  @Field(() => Tier, {
    nullable: true,
    description: 'The tier of the bodies that share the areas, when they sit at one; null when separate.',
  })
  tier: keyof typeof Tier | null;

  @Field(() => BodyType, {
    nullable: true,
    description: 'The kind of the bodies that share the areas, when they are of one kind; null when separate.',
  })
  bodyType: keyof typeof BodyType | null;

  @Field(() => [Body], {
    description:
      'The bodies the answer rests on: those sharing the areas or, when separate, every body holding either.',
  })
  bodies: Body[];

  @Field(() => [ResponsibilityFunction], {
    description: 'The functions for which the areas are shared, in the vocabulary order; empty when separate.',
  })
  functions: (keyof typeof ResponsibilityFunction)[];

  @Field(() => [Citation], {
    description: 'The citations of the responsibilities the answer rests on; a source cited at the same place once.',
  })
  citations: Citation[];

  @Field(() => Boolean, { description: 'Whether any responsibility the answer rests on is uncertain.' })
  uncertain: boolean;

  @Field(() => String, {
    description:
      'The answer in plain words, naming the bodies, their kind and tier, and the functions; a separate answer says when it holds only for the responsibilities recorded.',
  })
  text: string;
}
