import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { guardResolvers } from '../common/request-guard.js';
import { refuseUnstorableText } from '../common/text-input.js';
import { AccountResolver, ApiTokenResolver, SessionResolver } from '../modules/account/account.resolver.js';
import { authChecker } from '../modules/account/auth-checker.js';
import { AuditResolver } from '../modules/audit/audit.resolver.js';
import { CaseStudyResolver } from '../modules/case-study/case-study.resolver.js';
import { ComparisonResolver } from '../modules/comparison/comparison.resolver.js';
import { StructurePeriodSharingResolver } from '../modules/comparison/shared-organisation.resolver.js';
import { ServiceConnectionResolver } from '../modules/connection/connection.resolver.js';
import { CoverageMapResolver } from '../modules/coverage-map/coverage-map.resolver.js';
import { DraftResolver, PublicationResolver, ReviewCommentResolver } from '../modules/draft/draft.resolver.js';
import {
  BodyResolver,
  CaseStudyStructureResolver,
  GovernanceLevelResolver,
  ResponsibilityResolver,
  StructurePeriodResolver,
} from '../modules/governance/governance.resolver.js';
import { CaseStudyLessonsResolver, ReformLessonResolver } from '../modules/lesson/lesson.resolver.js';
import { NodeResolver } from '../modules/node/node.resolver.js';
import { NotificationResolver } from '../modules/notification/notification.resolver.js';
import { PendingChangeResolver } from '../modules/pending/pending.resolver.js';
import {
  CaseStudySourcesResolver,
  CitationResolver,
  CitingClaimResolver,
  SourceResolver,
  claimCitationResolvers,
} from '../modules/source/source.resolver.js';
import { StudyResolver } from '../modules/study/study.resolver.js';
import { CaseStudyTimelineResolver } from '../modules/timeline/timeline.resolver.js';
import { VocabularyResolver } from '../modules/vocabulary/vocabulary.resolver.js';
import { WorkListResolver } from '../modules/work-list/work-list.resolver.js';

/** The one list of resolvers. */
export const resolvers = [
  CaseStudyResolver,
  CaseStudyStructureResolver,
  CaseStudyTimelineResolver,
  CaseStudyLessonsResolver,
  CaseStudySourcesResolver,
  StructurePeriodResolver,
  StructurePeriodSharingResolver,
  GovernanceLevelResolver,
  BodyResolver,
  ResponsibilityResolver,
  ServiceConnectionResolver,
  ReformLessonResolver,
  SourceResolver,
  CitingClaimResolver,
  CitationResolver,
  ...claimCitationResolvers,
  StudyResolver,
  VocabularyResolver,
  NodeResolver,
  ComparisonResolver,
  AccountResolver,
  ApiTokenResolver,
  SessionResolver,
  AuditResolver,
  DraftResolver,
  PublicationResolver,
  ReviewCommentResolver,
  CoverageMapResolver,
  WorkListResolver,
  NotificationResolver,
  PendingChangeResolver,
] as const;

/**
 * Builds the executable schema: an `@Authorized` field passes the one authChecker first (a
 * refusal is audited), every argument and input is validated with class-validator, and text the
 * database cannot store is refused in any argument of a query or mutation. Before all that, every
 * field checks its request's deadline and counts its text against the answer's cap.
 */
export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
    authChecker,
  });
  return guardResolvers(refuseUnstorableText(schema));
}

/** The schema as SDL, sorted so that the committed file changes only when the schema does. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
