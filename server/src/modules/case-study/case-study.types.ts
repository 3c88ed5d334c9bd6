import { Field, ObjectType } from 'type-graphql';
import { ConnectionType } from '../pagination.js';
import { CaseStudy } from './case-study.entity.js';

@ObjectType({ description: 'A page of case studies.' })
export class CaseStudyConnection extends ConnectionType(CaseStudy, 'CaseStudy') {}

@ObjectType({ description: 'A research-record source the profile deliberately does not cite, with the reason.' })
export class NotModelledSource {
  @Field(() => String, { description: 'The URL in the research record.' })
  url: string;

  @Field(() => String, { description: 'Why the profile does not use it.' })
  reason: string;
}
