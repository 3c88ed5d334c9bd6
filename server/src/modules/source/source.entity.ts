import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { NodeEntity } from '../../common/node.js';
import { PartialDate, partialDate } from '../partial-date.js';
import { ClaimType, Standing } from '../vocabulary/vocabulary.enums.js';

/**
 * A source as cited: its URL with the details a case published it with. Unique by URL and details
 * (`idx_source_as_cited`, an expression index the migration makes), so cases that cite a URL with
 * the same details share the row, and a row's details never change once it is cited.
 */
@Entity({ name: 'source' })
@ObjectType({
  implements: NodeEntity,
  description:
    'A source that claims cite, with the details it was published with. Cases citing the same URL with the same details share one; a URL cited with other details (by another case, or by a later edition) is another source.',
})
export class Source extends NodeEntity {
  @Column({ type: 'text' })
  @Field(() => String, { description: 'Where the source can be read.' })
  url: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'Title, or a plain description of the page.' })
  title: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Publisher or author.' })
  publisher: string | null;

  @Column({ name: 'date', type: 'text', nullable: true })
  dateText: string | null;

  @Column({ name: 'accessed', type: 'text', nullable: true })
  accessedText: string | null;

  @Column({ type: 'enum', enum: Standing, enumName: 'standing' })
  @Field(() => Standing, {
    description: 'What kind of source this is: the study itself, official, academic or secondary.',
  })
  standing: keyof typeof Standing;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Equal to created_at since sources became one row per URL and details: their details never change. */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  @Field(() => Date, {
    description:
      'When the source was first recorded with these details. Details never change in place (corrected details make another source), so no later publication moves it.',
  })
  updatedAt: Date;

  @Field(() => PartialDate, { nullable: true, description: 'Publication date, when known.' })
  get date(): PartialDate | null {
    return partialDate(this.dateText);
  }

  @Field(() => PartialDate, { nullable: true, description: 'When the source was read, when recorded.' })
  get accessed(): PartialDate | null {
    return partialDate(this.accessedText);
  }
}

/** A claim citing a source, with an optional locator. */
@Entity({ name: 'citation' })
@Index('idx_citation_claim', ['claimId'])
@Index('idx_citation_source', ['sourceId'])
@ObjectType({ description: 'A citation: a source a claim rests on, with an optional locator.' })
export class Citation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'claim_id', type: 'uuid' })
  claimId: string;

  @Column({ name: 'claim_type', type: 'enum', enum: ClaimType, enumName: 'claim_type' })
  claimType: ClaimType;

  /** Key and label of the claim, kept so that a source's citing claims list in one query. */
  @Column({ name: 'claim_key', type: 'text' })
  claimKey: string;

  @Column({ name: 'claim_label', type: 'text' })
  claimLabel: string;

  /** Null for claims of the study record. */
  @Column({ name: 'edition_id', type: 'uuid', nullable: true })
  editionId: string | null;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId: string | null;

  @Column({ name: 'source_id', type: 'uuid' })
  sourceId: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Where in the source, e.g. "paragraph 12".' })
  locator: string | null;

  @Column({ type: 'integer' })
  position: number;
}

/** A claim that cites a source, as listed under the source. */
@ObjectType({ description: 'A claim that cites a source.' })
export class CitingClaim {
  @Field(() => ClaimType, { description: 'What kind of claim it is.' })
  claimType: ClaimType;

  @Field(() => String, { description: "The claim's key." })
  key: string;

  @Field(() => String, {
    description:
      "The claim's name or title as it was published (a responsibility's or connection's names its service areas by key); `words` names it for readers.",
  })
  label: string;

  @Field(() => String, { nullable: true, description: 'Where in the source.' })
  locator: string | null;

  /** Null for claims of the study record. */
  caseId: string | null;

  /** The edition the claim is part of; null for claims of the study record. */
  editionId: string | null;

  claimId: string;
}
