import { IsOptional, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { DOCUMENT_PART_KINDS, limits, type DocumentPartKind } from '@casebook/schema';
import type { PartSaveMode } from '@casebook/schema/editing';
import { CaseKind } from '../case-study/case-study.entity.js';

const SLUG_RULE = { message: 'Use lower-case words joined by hyphens, e.g. "new-country".' };
const COMMENT_RULE = { message: `A comment may have at most ${limits.note.max} characters.` };

/** The parts of a draft that can be created, updated and deleted by key (the document's part kinds). */
export const DraftPartKind = Object.fromEntries(DOCUMENT_PART_KINDS.map((kind) => [kind, kind])) as {
  [K in DocumentPartKind]: K;
};
export type DraftPartKind = DocumentPartKind;
registerEnumType(DraftPartKind, {
  name: 'DraftPartKind',
  description: 'A part of a draft. CASE is the headline (name, summary, note…); the others are found by key.',
});

/** Which act a part save is: adding a new part, or changing (or moving) one that is there. */
export const DraftPartSaveMode = { CREATE: 'CREATE', UPDATE: 'UPDATE' } as const satisfies Record<
  PartSaveMode,
  PartSaveMode
>;
export type DraftPartSaveMode = PartSaveMode;
registerEnumType(DraftPartSaveMode, {
  name: 'DraftPartSaveMode',
  description: 'Which act a part save is.',
  valuesConfig: {
    CREATE: {
      description:
        'Adds a new part; refused (BAD_USER_INPUT at `key`) when its key is already used in its scope, naming the part that holds it.',
    },
    UPDATE: {
      description:
        'Changes a part that is there (NOT_FOUND at `key` otherwise); a body given another level, or a responsibility another body, of its period moves there with what it holds.',
    },
  },
});

@InputType({ description: 'A new case, created with an empty draft.' })
export class CreateCaseInput {
  @Field(() => String, { description: 'URL key, lower-case words joined by hyphens.' })
  @Matches(new RegExp(limits.slug.pattern), SLUG_RULE)
  @MaxLength(limits.slug.max, SLUG_RULE)
  slug: string;

  @Field(() => String, { description: 'Display name.' })
  name: string;

  @Field(() => CaseKind, { description: 'Country or service reform.' })
  kind: CaseKind;

  @Field(() => String, { description: 'The country or nation.' })
  jurisdiction: string;

  @Field(() => String, { description: 'A plain-language summary.' })
  summary: string;
}

@InputType({ description: 'A part of a draft to create or update, found by its key.' })
export class DraftPartInput {
  @Field(() => DraftPartKind, { description: 'Which kind of part.' })
  kind: DraftPartKind;

  @Field(() => String, {
    nullable: true,
    description:
      'Its key (not needed for CASE). Keys are unique in the case for periods, events, lessons and sources, and within their period for levels, bodies, responsibilities and connections. Without a save mode, an existing key updates and a new one creates.',
  })
  @IsOptional()
  @MaxLength(limits.key.max)
  key?: string;

  @Field(() => String, {
    nullable: true,
    description: 'For levels, bodies, responsibilities and connections: the period key.',
  })
  @IsOptional()
  @MaxLength(limits.key.max)
  periodKey?: string;

  @Field(() => String, {
    nullable: true,
    description:
      "A body's level key, a responsibility's body key: where a new one goes, or (mode UPDATE) where it moves within its period.",
  })
  @IsOptional()
  @MaxLength(limits.key.max)
  parentKey?: string;

  @Field(() => GraphQLJSONObject, {
    description:
      'The fields, as in the profile format (e.g. `{ "title": …, "detail": …, "theme": …, "cite": ["src"] }`). Fields left out are kept as saved, child lists included; `null` clears an optional field (e.g. `{ "transferability": null }`) and is refused with BAD_USER_INPUT at the path of a required one.',
  })
  data: Record<string, unknown>;
}

@InputType({ description: 'Which version of the draft an edit was made against.' })
export class DraftEditInput {
  @Field(() => String, { description: 'The case slug.' })
  slug: string;

  @Field(() => Int, {
    description:
      'The draft version the edit was made against. A whole-draft edit against another version is refused with CONFLICT; a part save or delete is refused (CONFLICT, or NOT_FOUND for a part deleted since: at `key`, or at `parentKey` for the level or body a new or moved part goes in) only when the part, the part holding it or a part it holds changed since that version, and is otherwise applied to the draft as it now stands.',
  })
  @Min(0)
  expectedVersion: number;

  @Field(() => String, { nullable: true, description: 'Why: kept with the revision.' })
  @IsOptional()
  @MaxLength(limits.note.max)
  message?: string;
}

@ArgsType()
export class RestoreRevisionArgs {
  @Field(() => String, { description: 'The case slug, e.g. `finland`.' })
  slug: string;

  @Field(() => Int, { description: 'The revision to restore.' })
  number: number;

  @Field(() => Int, { nullable: true, description: 'The draft version, when there is a draft.' })
  expectedVersion: number | null;

  @Field(() => String, { nullable: true, description: 'Why: kept with the revision.' })
  @IsOptional()
  @MaxLength(limits.note.max, { message: `A message may have at most ${limits.note.max} characters.` })
  message: string | null;
}

@ArgsType()
export class RestoreRevisionPartArgs {
  @Field(() => String, { description: 'The case slug, e.g. `finland`.' })
  slug: string;

  @Field(() => Int, { description: 'The revision the part is restored from.' })
  number: number;

  @Field(() => DraftPartKind, { description: 'Which kind of part.' })
  kind: DraftPartKind;

  @Field(() => String, { nullable: true, description: 'Its key (not for CASE, the headline).' })
  key: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'For levels, bodies, responsibilities and connections: the period key.',
  })
  periodKey: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'One of its own fields (as in the profile format, e.g. `cite`) to restore alone; without it, the whole part.',
  })
  @IsOptional()
  @MaxLength(limits.key.max)
  field: string | null;

  @Field(() => Int, { description: 'The draft version the restore is made against, as for saveDraftPart.' })
  expectedVersion: number;

  @Field(() => String, { nullable: true, description: 'Why: kept with the revision.' })
  @IsOptional()
  @MaxLength(limits.note.max, { message: `A message may have at most ${limits.note.max} characters.` })
  message: string | null;
}

@ArgsType()
export class RequestChangesArgs {
  @Field(() => String, { description: 'The case slug, e.g. `finland`.' })
  slug: string;

  @Field(() => Int, {
    description: 'The draft version the action was taken against; a stale one is refused with CONFLICT.',
  })
  expectedVersion: number;

  @Field(() => String, { nullable: true, description: 'Why changes are needed (added as a review comment).' })
  @IsOptional()
  @MaxLength(limits.note.max, COMMENT_RULE)
  comment: string | null;
}

@ArgsType()
export class AddReviewCommentArgs {
  @Field(() => String, { description: 'The case slug, e.g. `finland`.' })
  slug: string;

  @Field(() => String, { description: 'The comment.' })
  @MaxLength(limits.note.max, COMMENT_RULE)
  body: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The key of the part commented on; omit for the whole draft or the headline. Without `partKind`, the key of a lesson or a source.',
  })
  @IsOptional()
  @MaxLength(limits.key.max, { message: `A part key has at most ${limits.key.max} characters.` })
  partKey: string | null;

  @Field(() => DraftPartKind, { nullable: true, description: 'The kind of part commented on (CASE for the headline).' })
  @IsOptional()
  partKind: DraftPartKind | null;

  @Field(() => String, {
    nullable: true,
    description: 'For a level, body, responsibility or connection: the key of its period.',
  })
  @IsOptional()
  @MaxLength(limits.key.max, { message: `A period key has at most ${limits.key.max} characters.` })
  periodKey: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'One field of the part, as the file format names it (`name`, `cite`); omit for the whole part.',
  })
  @IsOptional()
  @MaxLength(limits.key.max, { message: `A field name has at most ${limits.key.max} characters.` })
  field: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The comment this one answers: the reply joins that comment’s thread and is about what the thread is about.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'A comment is named by its id.' })
  parentId: string | null;
}

@ArgsType()
export class ResolveReviewCommentArgs {
  @Field(() => ID, { description: 'The comment that opened the thread.' })
  @IsUUID('all', { message: 'A comment is named by its id.' })
  id: string;

  @Field(() => Boolean, { defaultValue: true, description: 'True to resolve the thread, false to open it again.' })
  resolved: boolean;
}

@InputType({ description: 'A claim of a draft, found by its kind and key (and its period, for the parts of one).' })
export class DraftClaimInput {
  @Field(() => DraftPartKind, {
    description:
      'Which kind of part: LEVEL, BODY, RESPONSIBILITY, CONNECTION, EVENT or LESSON (the parts that cite sources).',
  })
  kind: DraftPartKind;

  @Field(() => String, { description: "The claim's key." })
  @MaxLength(limits.key.max)
  key: string;

  @Field(() => String, {
    nullable: true,
    description: 'For levels, bodies, responsibilities and connections: the period key.',
  })
  @IsOptional()
  @MaxLength(limits.key.max)
  periodKey?: string | null;
}
