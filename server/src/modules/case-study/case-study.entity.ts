import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn } from 'typeorm';
import { NodeEntity } from '../../common/node.js';

/** What a case study is a case of. */
export enum CaseKind {
  COUNTRY = 'COUNTRY',
  SERVICE_REFORM = 'SERVICE_REFORM',
}

registerEnumType(CaseKind, {
  name: 'CaseKind',
  description: 'What a case study is a case of.',
  valuesConfig: {
    COUNTRY: { description: "A country's whole system of children's services." },
    SERVICE_REFORM: {
      description: 'A national reorganisation of one public service, studied for what its reform teaches.',
    },
  },
});

/**
 * A case study as readers see it: one row per case, holding the headline of the edition it
 * shows (the latest published one; `caseStudy(slug, edition)` shows an older one the same way).
 */
@Entity({ name: 'case_study' })
@ObjectType({
  implements: NodeEntity,
  description: 'A case study: a country or a service reform whose organisation of public services is profiled.',
})
export class CaseStudy extends NodeEntity {
  @Index('idx_case_study_slug', { unique: true })
  @Column({ type: 'text' })
  @Field(() => String, { description: 'URL-safe unique key, e.g. `finland` or `police-scotland`.' })
  slug: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'Display name, e.g. "Finland".' })
  name: string;

  @Column({ type: 'enum', enum: CaseKind, enumName: 'case_kind' })
  @Field(() => CaseKind, { description: 'Whether this is a country or a service reform.' })
  kind: CaseKind;

  @Column({ type: 'text', default: '' })
  @Field(() => String, { description: 'The country or nation the case sits in.' })
  jurisdiction: string;

  @Column({ type: 'text', default: '' })
  @Field(() => String, { description: 'A plain-language summary of the case.' })
  summary: string;

  @Column({ type: 'boolean', default: false })
  @Field(() => Boolean, {
    description: 'True for the profile of the home system that the others are compared with (Scotland today).',
  })
  baseline: boolean;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'A note about the profile as a whole, e.g. why it is included.' })
  note: string | null;

  @Column({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Number of the published edition shown (1 for the first publication).' })
  edition: number;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the edition shown was published.' })
  publishedAt: Date | null;

  /** The case_edition row whose parts this object shows. */
  @Column({ name: 'current_edition_id', type: 'uuid', nullable: true })
  editionId: string | null;

  /** Set on objects that show a draft rather than a published edition. */
  showsDraft?: boolean;

  @Field(() => Boolean, { name: 'draft', description: 'True when this shows a draft, not a published edition.' })
  get isDraftView(): boolean {
    return this.showsDraft === true;
  }

  /** Set by the `caseStudies` list: why this case matched its search and filters. */
  matchReasons?: string[];

  @Field(() => [String], {
    name: 'matchReasons',
    description:
      'Why this case is in the `caseStudies` list it came from, one plain sentence per search or filter it matched, e.g. "Matched: name" or "Holds children\'s social work and care: Oranga Tamariki (national)". Empty outside a searched or filtered list.',
  })
  get matchedBecause(): string[] {
    return this.matchReasons ?? [];
  }

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When the case was first stored.' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When the case last changed (a publication).' })
  updatedAt: Date;
}
