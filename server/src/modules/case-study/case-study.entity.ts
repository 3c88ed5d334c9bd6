import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

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
    SERVICE_REFORM: { description: 'A national reorganisation of one public service, studied for what its reform teaches.' },
  },
});

/** A case study: a country or a service reform whose organisation is profiled. */
@Entity({ name: 'case_study' })
@ObjectType({ description: 'A case study: a country or a service reform whose organisation of public services is profiled.' })
export class CaseStudy {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Stable identifier.' })
  id: string;

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
  @Field(() => String, { description: 'A plain-language summary of the case.' })
  summary: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When the case was first stored.' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  @Field(() => Date, { description: 'When the case last changed.' })
  updatedAt: Date;
}
