import type { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { can, refusal, type Capability, type Viewer } from './common/auth.js';
import { AppError, ErrorCode } from './common/errors.js';
import { createLoaders, type Loaders } from './common/loaders.js';
import { currentRequestId, requestIdOf } from './common/request-log.js';
import { AccountService, SESSION_COOKIE } from './modules/account/account.service.js';
import { AuditService } from './modules/audit/audit.service.js';
import { CaseStudyService } from './modules/case-study/case-study.service.js';
import { ComparisonService } from './modules/comparison/comparison.service.js';
import { DraftService } from './modules/draft/draft.service.js';
import { LessonService } from './modules/lesson/lesson.service.js';
import { SourceService } from './modules/source/source.service.js';
import { StudyService } from './modules/study/study.service.js';

/** What every resolver receives for one request. */
export interface Context {
  dataSource: DataSource;
  loaders: Loaders;
  viewer: Viewer;
  /** The caller's network address, for rate limits and the audit log. */
  address: string | null;
  /** The HTTP response, to set the session cookie; absent outside HTTP. */
  res?: Response;
  /** Whether the request came over HTTPS (directly or through a proxy that says so). */
  secure: boolean;
  /** The request's id (X-Request-Id), for log lines about it; absent outside HTTP. */
  requestId?: string;
  /** Set for HTTP requests the response cache may answer: whether this answer may be stored. */
  cache?: { storable: boolean };
  /** Throws UNAUTHENTICATED or FORBIDDEN (and logs the refusal) unless the viewer may do this. */
  require(capability: Capability, action: string): Promise<void>;
  services: {
    accounts: AccountService;
    audit: AuditService;
    caseStudies: CaseStudyService;
    comparison: ComparisonService;
    drafts: DraftService;
    lessons: LessonService;
    sources: SourceService;
    study: StudyService;
  };
}

/** Reads one cookie from a request. */
function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** Who the request is from: a bearer token, a session cookie, or nobody. */
async function viewerOf(accounts: AccountService, req: Request | undefined): Promise<Viewer> {
  if (!req) return { kind: 'anonymous' };
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    try {
      return await accounts.viewerFromToken(auth.slice('Bearer '.length).trim());
    } catch (error) {
      if (error instanceof AppError) {
        const status = error.code === ErrorCode.RATE_LIMITED ? 429 : 401;
        throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status } } });
      }
      throw error;
    }
  }
  const session = cookie(req, SESSION_COOKIE);
  return (session && (await accounts.viewerFromSession(session))) || { kind: 'anonymous' };
}

/** Builds the per-request context: who is asking, and fresh DataLoaders. */
export async function createContext(dataSource: DataSource, http?: { req: Request; res: Response }): Promise<Context> {
  const accounts = new AccountService(dataSource);
  const audit = new AuditService(dataSource);
  const viewer = await viewerOf(accounts, http?.req);
  const address = http?.req.ip ?? null;
  const context: Context = {
    dataSource,
    loaders: createLoaders(dataSource),
    viewer,
    address,
    res: http?.res,
    secure: http?.req.secure ?? false,
    requestId: http ? requestIdOf(http.res) : currentRequestId(),
    async require(capability, action) {
      if (can(viewer, capability)) return;
      await audit.record({ viewer, address }, action, 'refused', null, `needs ${capability}`);
      throw refusal(viewer, capability);
    },
    services: {
      accounts,
      audit,
      caseStudies: new CaseStudyService(dataSource),
      comparison: new ComparisonService(dataSource),
      drafts: new DraftService(dataSource),
      lessons: new LessonService(dataSource),
      sources: new SourceService(dataSource),
      study: new StudyService(dataSource),
    },
  };
  return context;
}
