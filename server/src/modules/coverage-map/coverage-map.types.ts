import { Field, Int, ObjectType } from 'type-graphql';
import { Coverage } from '../vocabulary/vocabulary.enums.js';
import { CoverageSectionName } from './coverage-section.js';

@ObjectType({ description: "One section of a case's current period: the coverage it declares and the parts it holds." })
export class SectionWork {
  @Field(() => CoverageSectionName, { description: 'Which section.' })
  section: CoverageSectionName;

  @Field(() => Coverage, { description: 'What the period says it records of the section.' })
  coverage: keyof typeof Coverage;

  @Field(() => Int, { description: 'How many parts the period holds in the section.' })
  parts: number;

  @Field(() => String, { description: 'The document path of the form that sets the coverage (the period).' })
  path: string;
}

@ObjectType({ description: 'A current period due for review: not reviewed for over two years, or never.' })
export class ReviewDue {
  @Field(() => String, { description: "The period's key." })
  key: string;

  @Field(() => String, { description: "The period's label." })
  label: string;

  @Field(() => String, {
    nullable: true,
    description: 'When it (or else the whole case) was last reviewed, e.g. "2023-05"; null when never.',
  })
  reviewed: string | null;

  @Field(() => String, { description: "The document path of the period's form." })
  path: string;
}

@ObjectType({ description: 'A period named in the coverage map.' })
export class CoveragePeriod {
  @Field(() => String, { description: "The period's key." })
  key: string;

  @Field(() => String, { description: "The period's label." })
  label: string;

  @Field(() => String, { description: "The document path of the period's form." })
  path: string;
}

@ObjectType({
  description:
    'What in one case needs work, read from its draft when it has one (that is what an editor changes), else from its published edition.',
})
export class CaseWorkRow {
  @Field(() => String, { description: 'The case slug.' })
  slug: string;

  @Field(() => String, { description: 'The case name.' })
  name: string;

  @Field(() => Boolean, { description: 'True when the row is read from a draft.' })
  fromDraft: boolean;

  @Field(() => Boolean, { description: 'True when the case has a published edition.' })
  published: boolean;

  @Field(() => CoveragePeriod, { nullable: true, description: 'The current period (open-ended, or the latest).' })
  period: CoveragePeriod | null;

  @Field(() => [SectionWork], { description: "The current period's sections, in order." })
  sections: SectionWork[];

  @Field(() => Int, { description: 'How many claims the case makes.' })
  claims: number;

  @Field(() => Int, { description: 'How many of them are uncertain.' })
  uncertain: number;

  @Field(() => Int, { description: 'How many of them cite no source.' })
  unsourced: number;

  @Field(() => String, { nullable: true, description: 'The document path of the first uncertain claim.' })
  firstUncertain: string | null;

  @Field(() => String, { nullable: true, description: 'The document path of the first claim without a source.' })
  firstUnsourced: string | null;

  @Field(() => [ReviewDue], { description: 'Current periods not reviewed for over two years, or never.' })
  reviewsDue: ReviewDue[];
}
