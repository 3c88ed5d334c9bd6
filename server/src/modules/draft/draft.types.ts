import { Field, ObjectType } from 'type-graphql';
import type { CaseClaim } from '@casebook/schema';
import { DraftPartKind } from './draft.inputs.js';

@ObjectType({
  description: 'A claim of a draft (a level, body, responsibility, connection, event or lesson), named in words.',
})
export class DraftClaim {
  @Field(() => DraftPartKind, { description: 'Which kind of part the claim is.' })
  kind: DraftPartKind;

  @Field(() => String, { description: "The claim's key." })
  key: string;

  @Field(() => String, {
    nullable: true,
    description: 'For levels, bodies, responsibilities and connections: the period key; null for events and lessons.',
  })
  periodKey: string | null;

  @Field(() => String, {
    description: 'Its path in the draft document (`periods.0.levels.1.bodies.0`), as userErrors name fields.',
  })
  path: string;

  @Field(() => String, {
    description: 'The claim in words: its kind, its name and what holds it, e.g. `Body “Kela” in National government`.',
  })
  label: string;
}

/** A claim of the document core as the API shows it. */
export const toDraftClaim = (c: CaseClaim): DraftClaim => ({
  kind: c.kind,
  key: c.key,
  periodKey: c.periodKey,
  path: c.path,
  label: c.words,
});
