import type { DataSource } from 'typeorm';
import type { AnswerPrivacy } from '../common/privacy.js';
import type { RequestGuard } from '../common/request-guard.js';
import type { Viewer } from './account/access.js';
import { AccountService } from './account/account.service.js';
import { AuditService, type Refusal } from './audit/audit.service.js';
import { RetentionService } from './audit/retention.service.js';
import { CaseStudyService } from './case-study/case-study.service.js';
import { ComparisonService } from './comparison/comparison.service.js';
import { CoverageMapService } from './coverage-map/coverage-map.service.js';
import { DraftPreviewService } from './draft/draft-preview.service.js';
import { DraftService } from './draft/draft.service.js';
import { InterchangeService } from './interchange/interchange.service.js';
import { LessonService } from './lesson/lesson.service.js';
import { ListSizeService } from './list-size/list-size.service.js';
import type { Loaders } from './loaders.js';
import { NodeService } from './node/node.service.js';
import { NotificationService } from './notification/notification.service.js';
import { PendingChangeService } from './pending/pending.service.js';
import { SourceService } from './source/source.service.js';
import { StudyService } from './study/study.service.js';
import { VocabularyService } from './vocabulary/vocabulary.service.js';
import { WorkListService } from './work-list/work-list.service.js';

/** The domain services, assembled once at start-up and shared by every request. */
export interface Services {
  accounts: AccountService;
  audit: AuditService;
  caseStudies: CaseStudyService;
  comparison: ComparisonService;
  coverageMap: CoverageMapService;
  drafts: DraftService;
  draftPreviews: DraftPreviewService;
  lessons: LessonService;
  listSizes: ListSizeService;
  nodes: NodeService;
  notifications: NotificationService;
  pendingChanges: PendingChangeService;
  profiles: InterchangeService;
  retention: RetentionService;
  sources: SourceService;
  study: StudyService;
  vocabulary: VocabularyService;
  workList: WorkListService;
}

/** Builds the services over one database. They hold no per-request state. */
export function createServices(dataSource: DataSource): Services {
  const audit = new AuditService(dataSource);
  const drafts = new DraftService(dataSource, audit);
  return {
    accounts: new AccountService(dataSource),
    audit,
    caseStudies: new CaseStudyService(dataSource),
    comparison: new ComparisonService(dataSource),
    coverageMap: new CoverageMapService(dataSource),
    drafts,
    draftPreviews: new DraftPreviewService(dataSource),
    lessons: new LessonService(dataSource),
    listSizes: new ListSizeService(dataSource),
    nodes: new NodeService(dataSource),
    notifications: new NotificationService(dataSource),
    pendingChanges: new PendingChangeService(dataSource),
    profiles: new InterchangeService(dataSource, drafts),
    retention: new RetentionService(dataSource),
    sources: new SourceService(dataSource),
    study: new StudyService(dataSource),
    vocabulary: new VocabularyService(dataSource),
    workList: new WorkListService(dataSource),
  };
}

/** The session cookie of the response being made; the HTTP layer says how it is written. */
export interface SessionCookie {
  /** Sets the cookie to a new session's token, for as long as the session lasts. */
  set(token: string, maxAgeMs: number): void;
  clear(): void;
  /** Sets the device cookie, which marks this browser as one that has signed in to the account. */
  remember(device: string, maxAgeMs: number): void;
}

/** What every resolver receives for one request. */
export interface Context {
  dataSource: DataSource;
  loaders: Loaders;
  viewer: Viewer;
  /** The caller's network address, for rate limits and the audit log. */
  address: string | null;
  /** The device cookie the request carries, if any (a browser that signed in before). */
  device?: string;
  /** The session cookie of the answer; absent outside HTTP. */
  session?: SessionCookie;
  /** The request's id (X-Request-Id), for log lines about it; absent outside HTTP. */
  requestId?: string;
  /**
   * Marked by whatever reads a draft, a revision, the viewer or anything behind a permission check:
   * a private answer is never stored in the shared response cache.
   */
  privacy: AnswerPrivacy;
  /** Set for HTTP requests the response cache may answer: whether this answer may be stored. */
  cache?: { storable: boolean };
  /** What the operation costs (http/query-limits.ts), once it is known. */
  queryCost?: number;
  /** The request's deadline and answer cap, checked before every resolver and loader batch. */
  guard?: RequestGuard;
  /**
   * The refusals of this request, written to the audit log once when the answer is sent (one row
   * per request; anonymous callers' counted per address and minute). Absent outside HTTP, where
   * each refusal is written as it happens.
   */
  refusals?: Refusal[];
  services: Services;
}
