import { ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/pagination.js';
import { CaseStudy } from './case-study.entity.js';

@ObjectType({ description: 'A page of case studies.' })
export class CaseStudyConnection extends ConnectionType(CaseStudy, 'CaseStudy') {}
