import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { IsOptional, MaxLength, Min } from 'class-validator';
import { DOCUMENT_PART_KINDS, limits, type DocumentPartKind } from '@casebook/schema';
import { CaseKind } from '../case-study/case-study.entity.js';

/** The parts of a draft that can be created, updated and deleted by key (the document's part kinds). */
export const DraftPartKind = Object.fromEntries(DOCUMENT_PART_KINDS.map((kind) => [kind, kind])) as { [K in DocumentPartKind]: K };
export type DraftPartKind = DocumentPartKind;
registerEnumType(DraftPartKind, {
  name: 'DraftPartKind',
  description: 'A part of a draft. CASE is the headline (name, summary, note…); the others are found by key.',
});

@InputType({ description: 'A new case, created with an empty draft.' })
export class CreateCaseInput {
  @Field(() => String, { description: 'URL key, lower-case words joined by hyphens.' })
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

  @Field(() => String, { nullable: true, description: 'Its key (not needed for CASE). An existing key updates; a new one creates.' })
  @IsOptional()
  @MaxLength(limits.key.max)
  key?: string;

  @Field(() => String, { nullable: true, description: 'For levels, bodies, responsibilities and connections: the period key.' })
  @IsOptional()
  @MaxLength(limits.key.max)
  periodKey?: string;

  @Field(() => String, { nullable: true, description: 'For a new body: its level key. For a new responsibility: its body key.' })
  @IsOptional()
  @MaxLength(limits.key.max)
  parentKey?: string;

  @Field(() => GraphQLJSONObject, { description: 'The fields, as in the profile format (e.g. `{ "title": …, "detail": …, "theme": …, "cite": ["src"] }`). Fields left out are kept as saved, child lists included; `null` clears an optional field (e.g. `{ "transferability": null }`) and is refused with BAD_USER_INPUT at the path of a required one.' })
  data: Record<string, unknown>;
}

@InputType({ description: 'Which version of the draft an edit was made against.' })
export class DraftEditInput {
  @Field(() => String, { description: 'The case slug.' })
  slug: string;

  @Field(() => Int, { description: 'The draft version the edit was made against; a stale one is refused with CONFLICT.' })
  @Min(0)
  expectedVersion: number;

  @Field(() => String, { nullable: true, description: 'Why: kept with the revision.' })
  @IsOptional()
  @MaxLength(limits.note.max)
  message?: string;
}
