import { ApiToken, AppUser, UserSession } from '../modules/account/account.entity.js';
import { AuditEvent } from '../modules/audit/audit.entity.js';
import { CaseEdition } from '../modules/case-study/case-edition.entity.js';
import { CaseStudy } from '../modules/case-study/case-study.entity.js';
import { ServiceConnection } from '../modules/connection/connection.entity.js';
import { CaseDraft, Publication, ReviewComment, Revision } from '../modules/draft/draft.entity.js';
import { Body, GovernanceLevel, Responsibility, StructurePeriod } from '../modules/governance/governance.entity.js';
import { ReformLesson } from '../modules/lesson/lesson.entity.js';
import { Notification } from '../modules/notification/notification.entity.js';
import { PendingChange } from '../modules/pending/pending.entity.js';
import { Citation, Source } from '../modules/source/source.entity.js';
import { Study, StudyFinding, StudyReport, StudyStrand } from '../modules/study/study.entity.js';
import { TimelineEvent } from '../modules/timeline/timeline.entity.js';
import { LessonTheme, ServiceArea } from '../modules/vocabulary/vocabulary.entity.js';

/** Every entity TypeORM maps. */
export const entities = [
  CaseStudy,
  CaseEdition,
  StructurePeriod,
  GovernanceLevel,
  Body,
  Responsibility,
  ServiceConnection,
  TimelineEvent,
  ReformLesson,
  Source,
  Citation,
  ServiceArea,
  LessonTheme,
  Study,
  StudyStrand,
  StudyReport,
  StudyFinding,
  AppUser,
  UserSession,
  ApiToken,
  AuditEvent,
  CaseDraft,
  Revision,
  ReviewComment,
  Publication,
  Notification,
  PendingChange,
];
