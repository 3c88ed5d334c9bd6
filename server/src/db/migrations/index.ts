import { InitialSchema1764100000000 } from './1764100000000-initial-schema.js';
import { DomainModel1764110000000 } from './1764110000000-domain-model.js';
import { Authoring1764120000000 } from './1764120000000-authoring.js';
import { PublicationCounter1764130000000 } from './1764130000000-publication-counter.js';
import { RateBudget1764140000000 } from './1764140000000-rate-budget.js';
import { PublicPublisherLabels1764150000000 } from './1764150000000-public-publisher-labels.js';
import { SignInProtection1764160000000 } from './1764160000000-sign-in-protection.js';
import { TokenCreatorAuditRetention1764170000000 } from './1764170000000-token-creator-audit-retention.js';
import { PeriodCoverage1764180000000 } from './1764180000000-period-coverage.js';
import { SignInAttempts1764190000000 } from './1764190000000-sign-in-attempts.js';
import { ReviewDates1764205000000 } from './1764205000000-review-dates.js';
import { ClaimExtent1764215000000 } from './1764215000000-claim-extent.js';
import { SourcesAsCited1764226000000 } from './1764226000000-sources-as-cited.js';
import { ReviewRequests1764237000000 } from './1764237000000-review-requests.js';
import { PendingChanges1764248000000 } from './1764248000000-pending-changes.js';
import { ReviewThreads1764259000000 } from './1764259000000-review-threads.js';
import { ForgivingSearch1764270000000 } from './1764270000000-forgiving-search.js';
import { ForgivingLessonSearch1764281000000 } from './1764281000000-forgiving-lesson-search.js';

/** Every migration, oldest first. TypeORM runs the ones the database has not yet seen. */
export const migrations = [
  InitialSchema1764100000000,
  DomainModel1764110000000,
  Authoring1764120000000,
  PublicationCounter1764130000000,
  RateBudget1764140000000,
  PublicPublisherLabels1764150000000,
  SignInProtection1764160000000,
  TokenCreatorAuditRetention1764170000000,
  PeriodCoverage1764180000000,
  SignInAttempts1764190000000,
  ReviewDates1764205000000,
  ClaimExtent1764215000000,
  SourcesAsCited1764226000000,
  ReviewRequests1764237000000,
  PendingChanges1764248000000,
  ReviewThreads1764259000000,
  ForgivingSearch1764270000000,
  ForgivingLessonSearch1764281000000,
];
