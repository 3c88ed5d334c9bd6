import { IsNull, Not, type DataSource, type EntityManager } from 'typeorm';
import {
  CASE_PROFILE_FORMAT,
  PART_NAMES,
  anchorProblems,
  anchoredPart,
  caseClaims,
  claimCount,
  claimsCiting,
  isPublishGateProblem,
  limits,
  sameClaim,
  type CaseClaim,
  type CaseProfileDoc,
  type ClaimRef,
  type Problem,
} from '@casebook/schema';
import { documentDiff, summarise } from '@casebook/schema/diff';
import {
  changedUnder,
  citeClaims,
  describePart,
  mergeSources,
  partContent,
  copyPeriod,
  removePart,
  reorderPart,
  restoredPart,
  upsertPart,
  withCiteLists,
  type PartChangeFound,
  type PartEdit,
} from '@casebook/schema/editing';
import { validateCaseProfile, validateDraftProfile } from '@casebook/schema/validate';
import { ErrorCode, type UserError } from '../../common/errors.js';
import { auditActor, publicLabel, viewerLabel, viewerUserId, type Actor } from '../account/access.js';
import { AuditService } from '../audit/audit.service.js';
import { CaseEdition } from '../case-study/case-edition.entity.js';
import { CaseKind, CaseStudy } from '../case-study/case-study.entity.js';
import { NotificationKind } from '../notification/notification.entity.js';
import { NotificationService, type Audience } from '../notification/notification.service.js';
import { pageAndTotal, type PageWindow } from '../pagination.js';
import { loadCaseProfile } from '../profile/profile.loader.js';
import {
  CaseDraft,
  DraftStatus,
  Publication,
  ReviewComment,
  Revision,
  RevisionKind,
  type DocumentChange,
} from './draft.entity.js';
import { DraftPartKind, type CreateCaseInput, type DraftPartInput, type DraftPartSaveMode } from './draft.inputs.js';

/** What every authoring mutation returns: the draft as it now stands, or the problems. */
export interface DraftResult {
  draft: CaseDraft | null;
  userErrors: UserError[];
}

const userError = (code: string, message: string, field: string | null = null): UserError => ({ field, code, message });
/** The refusal of a comment on a draft that has as many as it may have. */
const commentsFull = (): UserError =>
  userError(
    ErrorCode.WORKFLOW,
    `The draft has ${limits.reviewComments.perCase} comments, the most it may have until it is published.`,
  );
/** Who is told when a draft moves: the reviewers of a request, the editors of changes asked for. */
const TOLD: Record<string, { audience: Audience; kind: NotificationKind } | undefined> = {
  submitForReview: { audience: { kind: 'reviewers' }, kind: NotificationKind.REVIEW_REQUESTED },
  withdrawSubmission: { audience: { kind: 'reviewers' }, kind: NotificationKind.SUBMISSION_WITHDRAWN },
  requestChanges: { audience: { kind: 'participants' }, kind: NotificationKind.CHANGES_REQUESTED },
};

/** What a comment is written on: its words, and what it is about or the comment it answers. */
export interface CommentInput {
  body: string;
  partKey?: string | null;
  partKind?: DraftPartKind | null;
  periodKey?: string | null;
  field?: string | null;
  parentId?: string | null;
}

/** The API's error code for a problem with a document or an edit of one. */
const errorCodeOf = (p: Problem): ErrorCode =>
  p.code === 'EVIDENCE_RUBRIC'
    ? ErrorCode.BAD_USER_INPUT
    : isPublishGateProblem(p)
      ? ErrorCode.UNSOURCED_CLAIM
      : p.code === 'NOT_FOUND'
        ? ErrorCode.NOT_FOUND
        : ErrorCode.BAD_USER_INPUT;
const fromProblems = (problems: Problem[]): UserError[] =>
  problems.map((p) => userError(errorCodeOf(p), p.message, p.path));

type Edit = (doc: CaseProfileDoc) => CaseProfileDoc | Problem[];

const upper = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** A time as people read it in a message: `4 December 2026 at 20:41 UTC`. */
const when = (at: Date): string =>
  `${at.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })} at ${at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })} UTC`;

/** Who made a change, and when: the revision that did it. */
interface ChangedBy {
  label: string;
  at: Date;
}

/**
 * The refusal of a part edit made against an older version, because the part it edits, the part
 * holding it or a part it holds changed since; or, for a part deleted since, the distinct
 * refusal that says so and what can still be done with the text.
 */
function partRefusal(
  edit: PartEdit,
  found: PartChangeFound,
  by: ChangedBy,
  expectedVersion: number,
  version: number,
  selfName: string,
): UserError {
  const who = `${by.label} on ${when(by.at)}`;
  const what = PART_NAMES[edit.kind];
  if (found.holder && found.relation === 'self') {
    // The part went with the level, body or period that held it: that one is named, with who deleted it.
    return edit.act === 'delete'
      ? userError(
          ErrorCode.NOT_FOUND,
          `${upper(found.holder.name)}, which held ${found.name}, was already deleted by ${who}. Nothing more was deleted.`,
          'key',
        )
      : userError(
          ErrorCode.NOT_FOUND,
          `${upper(found.holder.name)}, which held ${found.name}, was deleted by ${who}, after you opened version ${expectedVersion}. Nothing was saved: your text can still be saved as a new ${what} somewhere else, or copied.`,
          'key',
        );
  }
  if (found.holder && found.relation === 'parent') {
    // The level or body the part was to go in (a new part, or one moved there) is gone.
    const subject = edit.act === 'create' ? `the new ${what}` : selfName;
    const holder =
      found.holder.ref.kind === found.ref.kind
        ? `${upper(found.holder.name)}, which was to hold ${subject},`
        : `${upper(found.holder.name)}, with ${found.name} that was to hold ${subject},`;
    return userError(
      ErrorCode.NOT_FOUND,
      `${holder} was deleted by ${who}, after you opened version ${expectedVersion}. Nothing was saved: your text can still be saved in another place, or copied.`,
      'parentKey',
    );
  }
  if (found.relation === 'self' && found.change === 'deleted') {
    return edit.act === 'delete'
      ? userError(
          ErrorCode.NOT_FOUND,
          `${upper(found.name)} was already deleted by ${who}. Nothing more was deleted.`,
          'key',
        )
      : userError(
          ErrorCode.NOT_FOUND,
          `${upper(found.name)} was deleted by ${who}, after you opened version ${expectedVersion}. Nothing was saved: your text can still be saved as a new ${what}, or copied.`,
          'key',
        );
  }
  const change = found.change === 'changed' ? 'changed' : found.change === 'added' ? 'added' : 'deleted';
  const subject =
    found.relation === 'self'
      ? upper(found.name)
      : found.relation === 'parent'
        ? `${upper(found.name)}, which holds ${selfName},`
        : `${upper(found.name)}, in ${selfName},`;
  return userError(
    ErrorCode.CONFLICT,
    `${subject} was ${change} by ${who}, after you opened version ${expectedVersion}; the draft is now at version ${version}. Nothing was saved: compare your text with the saved one, then save again against version ${version}.`,
    'expectedVersion',
  );
}

/**
 * Drafts, revisions, review and publication. Every change is one transaction: the draft row is
 * locked, its version checked against the caller's, the new document validated by the same rules
 * as file loading, a revision recorded and the draft's read model rebuilt.
 */
export class DraftService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService = new AuditService(dataSource),
    private readonly notifications: NotificationService = new NotificationService(dataSource),
  ) {}

  async caseBySlug(slug: string, manager: EntityManager = this.dataSource.manager): Promise<CaseStudy | null> {
    return manager.getRepository(CaseStudy).findOneBy({ slug });
  }

  async draftOf(slug: string): Promise<CaseDraft | null> {
    const c = await this.caseBySlug(slug);
    return c ? this.dataSource.getRepository(CaseDraft).findOneBy({ caseId: c.id }) : null;
  }

  private async nextRevision(manager: EntityManager, caseId: string): Promise<number> {
    const [row] = (await manager.query(
      `SELECT coalesce(max("number"), 0) + 1 AS n FROM "revision" WHERE "case_id" = $1`,
      [caseId],
    )) as { n: number }[];
    return Number(row!.n);
  }

  /** Records a revision, stores the draft and rebuilds its read model. */
  private async store(
    manager: EntityManager,
    actor: Actor,
    caseId: string,
    doc: CaseProfileDoc,
    kind: RevisionKind,
    message: string | null | undefined,
    status = DraftStatus.DRAFT,
  ): Promise<CaseDraft> {
    const number = await this.nextRevision(manager, caseId);
    await manager.insert(Revision, {
      caseId,
      number,
      kind,
      document: doc,
      authorId: viewerUserId(actor.viewer),
      authorLabel: viewerLabel(actor.viewer),
      message: message ?? null,
    });
    const existing = await manager.getRepository(CaseDraft).findOneBy({ caseId });
    if (existing?.editionId) await manager.delete(CaseEdition, { id: existing.editionId });
    const { editionId } = await loadCaseProfile(manager, doc, { draft: true });
    const draft = manager.getRepository(CaseDraft).create({
      caseId,
      status,
      version: number,
      document: doc,
      editionId,
      updatedBy: viewerUserId(actor.viewer),
      updatedByLabel: viewerLabel(actor.viewer),
      updatedAt: new Date(),
    });
    return manager.getRepository(CaseDraft).save(draft);
  }

  /**
   * Brings a document in from a file (seed or import) inside the caller's transaction: the case is
   * created if new, the document becomes an IMPORT revision and the draft.
   */
  async importDraft(m: EntityManager, actor: Actor, doc: CaseProfileDoc): Promise<CaseDraft> {
    let c = await this.caseBySlug(doc.slug, m);
    c ??= await m.getRepository(CaseStudy).save(
      m.getRepository(CaseStudy).create({
        slug: doc.slug,
        name: doc.name,
        kind: doc.kind as CaseKind,
        jurisdiction: doc.jurisdiction,
        summary: doc.summary,
      }),
    );
    const existing = await m.getRepository(CaseDraft).findOneBy({ caseId: c.id });
    return this.store(
      m,
      actor,
      c.id,
      doc,
      RevisionKind.IMPORT,
      'Imported from a file',
      existing?.status ?? DraftStatus.DRAFT,
    );
  }

  /** A draft's review comments (those not yet published with an edition), oldest first. */
  comments(caseId: string): Promise<ReviewComment[]> {
    return this.dataSource
      .getRepository(ReviewComment)
      .find({ where: { caseId, edition: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The review comments a case's editions (or one of them) were published with, oldest first. */
  async publishedComments(slug: string, edition: number | null): Promise<ReviewComment[]> {
    const c = await this.caseBySlug(slug);
    if (!c) return [];
    return this.dataSource.getRepository(ReviewComment).find({
      where: { caseId: c.id, edition: edition ?? Not(IsNull()) },
      order: { edition: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** One page of a case's revisions, newest first, and how many there are; none when there is no such case. */
  async revisions(slug: string, window: PageWindow): Promise<[Revision[], number]> {
    const c = await this.caseBySlug(slug);
    if (!c) return [[], 0];
    const query = this.dataSource
      .getRepository(Revision)
      .createQueryBuilder('r')
      .where('r.case_id = :caseId', { caseId: c.id })
      .orderBy('r.number', 'DESC');
    return pageAndTotal(query, window);
  }

  /** What changed from one revision of a case to another; nothing when either is missing. */
  async revisionDiff(slug: string, from: number, to: number): Promise<DocumentChange[]> {
    const c = await this.caseBySlug(slug);
    const repo = this.dataSource.getRepository(Revision);
    const [a, b] = c
      ? await Promise.all([
          repo.findOneBy({ caseId: c.id, number: from }),
          repo.findOneBy({ caseId: c.id, number: to }),
        ])
      : [null, null];
    if (!a || !b) return [];
    return documentDiff(a.document, b.document);
  }

  /** One page of publications, newest first, and how many there are. */
  publications(window: PageWindow): Promise<[Publication[], number]> {
    return this.dataSource
      .getRepository(Publication)
      .createQueryBuilder('p')
      .orderBy('p.published_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .offset(window.offset)
      .limit(window.limit)
      .getManyAndCount();
  }

  /** The latest revision of a case, if any. */
  latestRevision(m: EntityManager, caseId: string): Promise<Revision | null> {
    return m.getRepository(Revision).findOne({ where: { caseId }, order: { number: 'DESC' } });
  }

  /** Creates an unpublished case with a minimal draft. */
  async createCase(actor: Actor, input: CreateCaseInput): Promise<DraftResult> {
    const problems: UserError[] = [];
    const doc: CaseProfileDoc = {
      format: CASE_PROFILE_FORMAT,
      slug: input.slug,
      name: input.name.trim(),
      kind: input.kind,
      jurisdiction: input.jurisdiction.trim(),
      baseline: false,
      summary: input.summary.trim(),
      periods: [{ key: 'current', label: 'Current arrangements' }],
      sources: [],
    };
    const checked = validateDraftProfile(doc);
    if (!checked.ok) problems.push(...fromProblems(checked.problems));
    if (problems.length === 0 && (await this.caseBySlug(input.slug)))
      problems.push(userError(ErrorCode.CONFLICT, `There is already a case "${input.slug}".`, 'slug'));
    if (problems.length) {
      await this.audit.record(
        auditActor(actor),
        'createCase',
        'refused',
        input.slug,
        problems.map((p) => p.message).join(' '),
      );
      return { draft: null, userErrors: problems };
    }
    const draft = await this.dataSource.transaction(async (m) => {
      // A case made at the same moment by someone else wins; this one then reports the conflict.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`case:${doc.slug}`]);
      if (await this.caseBySlug(doc.slug, m)) return null;
      const row = await m.getRepository(CaseStudy).save(
        m.getRepository(CaseStudy).create({
          slug: doc.slug,
          name: doc.name,
          kind: doc.kind as CaseKind,
          jurisdiction: doc.jurisdiction,
          summary: doc.summary,
        }),
      );
      const stored = await this.store(m, actor, row.id, doc, RevisionKind.CREATE, 'Created');
      await this.audit.record(auditActor(actor), 'createCase', 'ok', doc.slug, null, m);
      return stored;
    });
    if (!draft)
      return {
        draft: null,
        userErrors: [userError(ErrorCode.CONFLICT, `There is already a case "${input.slug}".`, 'slug')],
      };
    return { draft, userErrors: [] };
  }

  /** Starts the case's draft from its published edition. */
  async startDraft(actor: Actor, slug: string): Promise<DraftResult> {
    return this.dataSource.transaction(async (m) => {
      // Locked, so that of two editors starting a draft at once, the second finds the first's.
      const c = await m.getRepository(CaseStudy).findOne({ where: { slug }, lock: { mode: 'pessimistic_write' } });
      if (!c)
        return { draft: null, userErrors: [userError(ErrorCode.NOT_FOUND, `There is no case "${slug}".`, 'slug')] };
      const existing = await m.getRepository(CaseDraft).findOneBy({ caseId: c.id });
      if (existing)
        return {
          draft: existing,
          userErrors: [
            userError(
              ErrorCode.WORKFLOW,
              `${c.name} already has a draft (version ${existing.version}); edit that one.`,
              'slug',
            ),
          ],
        };
      const edition = c.editionId ? await m.getRepository(CaseEdition).findOneByOrFail({ id: c.editionId }) : null;
      if (!edition)
        return {
          draft: null,
          userErrors: [userError(ErrorCode.WORKFLOW, `${c.name} has no published edition to start from.`, 'slug')],
        };
      const draft = await this.store(
        m,
        actor,
        c.id,
        edition.document,
        RevisionKind.EDIT,
        `Draft started from edition ${edition.edition}`,
      );
      await this.audit.record(auditActor(actor), 'startDraft', 'ok', slug, null, m);
      return { draft, userErrors: [] };
    });
  }

  /**
   * Applies one edit to the draft in a transaction: locks the draft, checks the version, validates
   * the result; records a revision or returns the problems, writing nothing.
   */
  async edit(
    actor: Actor,
    action: string,
    slug: string,
    expectedVersion: number,
    message: string | null | undefined | (() => string),
    change: Edit,
    kind = RevisionKind.EDIT,
    part?: PartEdit,
  ): Promise<DraftResult> {
    const result = await this.dataSource.transaction(async (m): Promise<DraftResult> => {
      const c = await this.caseBySlug(slug, m);
      if (!c)
        return { draft: null, userErrors: [userError(ErrorCode.NOT_FOUND, `There is no case "${slug}".`, 'slug')] };
      const draft = await m
        .getRepository(CaseDraft)
        .createQueryBuilder('d')
        .setLock('pessimistic_write')
        .where('d.case_id = :id', { id: c.id })
        .getOne();
      if (!draft)
        return {
          draft: null,
          userErrors: [userError(ErrorCode.WORKFLOW, `${c.name} has no draft: start one first.`, 'slug')],
        };
      // A part edit made against an older version goes through when nothing it depends on changed
      // since; any other edit must be made against the version now current.
      const refused = part
        ? await this.partConflict(m, c.id, draft, expectedVersion, part)
        : draft.version === expectedVersion
          ? null
          : this.staleVersion(draft, expectedVersion);
      if (refused) return { draft, userErrors: [refused] };
      if (draft.status === DraftStatus.IN_REVIEW && kind !== RevisionKind.IMPORT) {
        return {
          draft,
          userErrors: [
            userError(
              ErrorCode.WORKFLOW,
              'This draft is in review: a reviewer must request changes before it can be edited.',
              null,
            ),
          ],
        };
      }
      const next = change(structuredClone(draft.document));
      if (Array.isArray(next)) return { draft, userErrors: fromProblems(next) };
      withCiteLists(next);
      const checked = validateDraftProfile(next);
      if (!checked.ok) return { draft, userErrors: fromProblems(checked.problems) };
      if (next.slug !== slug)
        return {
          draft,
          userErrors: [userError(ErrorCode.BAD_USER_INPUT, 'The slug of a case cannot change.', 'slug')],
        };
      // A message may tell what the change found (how many claims it touched): it is read after it.
      const said = typeof message === 'function' ? message() : message;
      return { draft: await this.store(m, actor, c.id, next, kind, said), userErrors: [] };
    });
    await this.audit.record(
      auditActor(actor),
      action,
      result.userErrors.length ? 'refused' : 'ok',
      slug,
      result.userErrors.map((e) => `${e.field ?? ''}: ${e.message}`).join(' ') || null,
    );
    return result;
  }

  /** The refusal of an edit against a version that is not the draft's now. */
  private staleVersion(draft: CaseDraft, expectedVersion: number): UserError {
    return userError(
      ErrorCode.CONFLICT,
      `This draft has changed: it is at version ${draft.version}, saved by ${draft.updatedByLabel} on ${when(draft.updatedAt)}, not version ${expectedVersion}. Nothing was saved; reload it and apply your change again.`,
      'expectedVersion',
    );
  }

  /**
   * Whether a part edit made against `expectedVersion` must be refused: compares, by content,
   * what it depends on in the revision at that version and in the draft now. Without that
   * revision, it is refused as any stale edit.
   */
  private async partConflict(
    m: EntityManager,
    caseId: string,
    draft: CaseDraft,
    expectedVersion: number,
    part: PartEdit,
  ): Promise<UserError | null> {
    if (draft.version === expectedVersion) return null;
    const base =
      expectedVersion < draft.version
        ? await m.getRepository(Revision).findOneBy({ caseId, number: expectedVersion })
        : null;
    if (!base) return this.staleVersion(draft, expectedVersion);
    const found = changedUnder(base.document, draft.document, part);
    if (!found) return null;
    const by = await this.whoChanged(m, caseId, base, draft, found, part.act === 'delete' && found.relation === 'self');
    return partRefusal(
      part,
      found,
      by,
      expectedVersion,
      draft.version,
      describePart(found.relation === 'self' ? draft.document : base.document, part),
    );
  }

  /** Who last changed a part between a revision and the draft now, and when: from the revisions between. */
  private async whoChanged(
    m: EntityManager,
    caseId: string,
    base: Revision,
    draft: CaseDraft,
    found: PartChangeFound,
    whole: boolean,
  ): Promise<ChangedBy> {
    const later = await m
      .getRepository(Revision)
      .createQueryBuilder('r')
      .where('r.case_id = :caseId AND r.number > :from AND r.number <= :to', {
        caseId,
        from: base.number,
        to: draft.version,
      })
      .orderBy('r.number', 'ASC')
      .getMany();
    let last: ChangedBy = { label: draft.updatedByLabel, at: draft.updatedAt };
    let before = partContent(base.document, found.ref, whole);
    for (const r of later) {
      const after = partContent(r.document, found.ref, whole);
      if (after !== before) last = { label: r.authorLabel, at: r.createdAt };
      before = after;
    }
    return last;
  }

  /** Replaces the whole draft document. */
  saveDraft(
    actor: Actor,
    slug: string,
    expectedVersion: number,
    document: Record<string, unknown>,
    message?: string | null,
  ): Promise<DraftResult> {
    return this.edit(actor, 'saveDraft', slug, expectedVersion, message, () => document as unknown as CaseProfileDoc);
  }

  /**
   * Creates or updates one part by key: fields left out are kept, a null clears an optional field.
   * CREATE refuses a key already used, UPDATE a part not there; an UPDATE may move a body or a
   * responsibility within its period (with its responsibilities, in the same revision).
   */
  savePart(
    actor: Actor,
    slug: string,
    expectedVersion: number,
    part: DraftPartInput,
    message?: string | null,
    mode?: DraftPartSaveMode | null,
  ): Promise<DraftResult> {
    return this.edit(
      actor,
      'saveDraftPart',
      slug,
      expectedVersion,
      message,
      (doc) => upsertPart(doc, { ...part, mode }),
      RevisionKind.EDIT,
      {
        kind: part.kind,
        key: part.kind === DraftPartKind.CASE ? null : (part.key ?? null),
        periodKey: part.periodKey ?? null,
        parentKey: part.parentKey ?? null,
        act: mode === 'CREATE' ? 'create' : 'save',
      },
    );
  }

  /** Moves one part to `position` among the parts beside it. */
  reorderPart(
    actor: Actor,
    edit: { slug: string; expectedVersion: number; message?: string | null },
    ref: { kind: DraftPartKind; key: string; periodKey: string | null },
    position: number,
  ): Promise<DraftResult> {
    return this.edit(
      actor,
      'reorderDraftPart',
      edit.slug,
      edit.expectedVersion,
      edit.message ?? `Moved the ${PART_NAMES[ref.kind]} ${ref.key} to place ${position + 1}`,
      (doc) => reorderPart(doc, ref, position),
      RevisionKind.EDIT,
      { ...ref, act: 'save' },
    );
  }

  /** Copies a period with everything in it as a new period right after it. */
  copyPeriod(
    actor: Actor,
    edit: { slug: string; expectedVersion: number; message?: string | null },
    key: string,
    newKey: string,
    label: string,
  ): Promise<DraftResult> {
    return this.edit(
      actor,
      'copyDraftPeriod',
      edit.slug,
      edit.expectedVersion,
      edit.message ?? `Copied the period ${key} as ${newKey}`,
      (doc) => copyPeriod(doc, key, newKey, label),
      RevisionKind.EDIT,
      { kind: DraftPartKind.PERIOD, key: newKey, periodKey: null, act: 'create' },
    );
  }

  /**
   * Merges a duplicate source into the one kept, in one revision: every claim citing `merge` cites
   * `keep` instead (once), and `merge` is removed. A whole-draft change: it needs the version now current.
   */
  async mergeSources(
    actor: Actor,
    edit: { slug: string; expectedVersion: number; message?: string | null },
    keep: string,
    merge: string,
  ): Promise<DraftResult & { recited: CaseClaim[] }> {
    let recited: CaseClaim[] = [];
    let said = '';
    const result = await this.edit(
      actor,
      'mergeDraftSources',
      edit.slug,
      edit.expectedVersion,
      () => edit.message ?? said,
      (doc) => {
        recited = claimsCiting(doc, merge);
        const title = (key: string) => doc.sources.find((s) => s.key === key)?.title ?? key;
        const n = recited.length;
        said = `Merged the source “${title(merge)}” into “${title(keep)}”${n === 0 ? '; no claim cited it' : `: ${claimCount(n)} ${n === 1 ? 'cites' : 'cite'} it instead`}`;
        return mergeSources(doc, keep, merge);
      },
    );
    return { ...result, recited: result.userErrors.length ? [] : recited };
  }

  /**
   * Adds a source to several claims in one revision; those already citing it are left as they
   * are and told apart. A whole-draft change: it needs the version now current.
   */
  async citeClaims(
    actor: Actor,
    edit: { slug: string; expectedVersion: number; message?: string | null },
    sourceKey: string,
    claims: ClaimRef[],
  ): Promise<DraftResult & { cited: CaseClaim[]; alreadyCiting: CaseClaim[] }> {
    const none = { cited: [], alreadyCiting: [] };
    if (claims.length > limits.citeClaims.max)
      return {
        ...(await this.refuseArguments(actor, 'citeDraftClaims', edit.slug, [
          userError(ErrorCode.BAD_USER_INPUT, `Choose at most ${limits.citeClaims.max} claims at a time.`, 'claims'),
        ])),
        ...none,
      };
    let cited: CaseClaim[] = [];
    let alreadyCiting: CaseClaim[] = [];
    let said = '';
    const result = await this.edit(
      actor,
      'citeDraftClaims',
      edit.slug,
      edit.expectedVersion,
      () => edit.message ?? said,
      (doc) => {
        // In the order given, each claim once.
        const all = caseClaims(doc);
        const named = [
          ...new Set(claims.map((ref) => all.find((c) => sameClaim(c, ref))).filter((c) => c !== undefined)),
        ];
        cited = named.filter((c) => !c.cites.includes(sourceKey));
        alreadyCiting = named.filter((c) => c.cites.includes(sourceKey));
        const title = doc.sources.find((s) => s.key === sourceKey)?.title ?? sourceKey;
        said = `Cited “${title}” in ${claimCount(cited.length)}${alreadyCiting.length ? ` (${alreadyCiting.length} already cited it)` : ''}`;
        return citeClaims(doc, sourceKey, claims);
      },
    );
    return result.userErrors.length ? { ...result, ...none } : { ...result, cited, alreadyCiting };
  }

  /** Deletes one part by key (with what it contains: a body takes its responsibilities). */
  deletePart(
    actor: Actor,
    slug: string,
    expectedVersion: number,
    kind: DraftPartKind,
    key: string,
    periodKey: string | null | undefined,
    message?: string | null,
  ): Promise<DraftResult> {
    return this.edit(
      actor,
      'deleteDraftPart',
      slug,
      expectedVersion,
      message,
      (doc) => removePart(doc, kind, key, periodKey ?? undefined),
      RevisionKind.EDIT,
      { kind, key, periodKey: periodKey ?? null, act: 'delete' },
    );
  }

  /** Makes a new revision from an old one; starts a draft if there is none. */
  async restoreRevision(
    actor: Actor,
    slug: string,
    number: number,
    expectedVersion: number | null | undefined,
    message?: string | null,
  ): Promise<DraftResult> {
    const c = await this.caseBySlug(slug);
    const old = c ? await this.dataSource.getRepository(Revision).findOneBy({ caseId: c.id, number }) : null;
    if (!c || !old)
      return {
        draft: null,
        userErrors: [userError(ErrorCode.NOT_FOUND, `There is no revision ${number} of "${slug}".`, 'number')],
      };
    // Without a draft, the restore starts one; the case row is locked so that two restores (or a
    // restore and a start) cannot both create it.
    const started = await this.dataSource.transaction(async (m) => {
      await m
        .getRepository(CaseStudy)
        .createQueryBuilder('c')
        .setLock('pessimistic_write')
        .where('c.id = :id', { id: c.id })
        .getOne();
      if (await m.getRepository(CaseDraft).findOneBy({ caseId: c.id })) return null;
      return this.store(m, actor, c.id, old.document, RevisionKind.RESTORE, message ?? `Restored revision ${number}`);
    });
    if (started) {
      await this.audit.record(auditActor(actor), 'restoreRevision', 'ok', slug, `revision ${number}`);
      return { draft: started, userErrors: [] };
    }
    return this.edit(
      actor,
      'restoreRevision',
      slug,
      expectedVersion ?? -1,
      message ?? `Restored revision ${number}`,
      () => old.document,
      RevisionKind.RESTORE,
    );
  }

  /**
   * Puts one part (or one of its fields) of the draft back as it was in revision `number`, in a new
   * revision, leaving every other part as it is now: what restoredPart says, saved as saveDraftPart
   * saves, with its checks of what changed since `expectedVersion`.
   */
  async restoreRevisionPart(
    actor: Actor,
    args: {
      slug: string;
      number: number;
      kind: DraftPartKind;
      key: string | null;
      periodKey: string | null;
      field: string | null;
      expectedVersion: number;
      message: string | null;
    },
  ): Promise<DraftResult> {
    const { slug, number, kind, field } = args;
    const c = await this.caseBySlug(slug);
    const old = c ? await this.dataSource.getRepository(Revision).findOneBy({ caseId: c.id, number }) : null;
    if (!c || !old)
      return this.refuseArguments(actor, 'restoreRevisionPart', slug, [
        userError(ErrorCode.NOT_FOUND, `There is no revision ${number} of "${slug}".`, 'number'),
      ]);
    const ref = { kind, key: kind === DraftPartKind.CASE ? null : args.key, periodKey: args.periodKey };
    const what = describePart(old.document, ref);
    // What the restore depends on, for the checks of a stale version: planned against the draft
    // as the editor saw it (the revision at `expectedVersion`), a new part or a save of one there.
    const seen = await this.dataSource
      .getRepository(Revision)
      .findOneBy({ caseId: c.id, number: args.expectedVersion });
    const planned = seen ? restoredPart(old.document, seen.document, ref, field) : null;
    const plan = planned && !Array.isArray(planned) ? planned : null;
    return this.edit(
      actor,
      'restoreRevisionPart',
      slug,
      args.expectedVersion,
      args.message ?? `Restored ${field ? `the field ${field} of ` : ''}${what} from revision ${number}`,
      (doc) => {
        const input = restoredPart(old.document, doc, ref, field);
        return Array.isArray(input) ? input : upsertPart(doc, input);
      },
      RevisionKind.RESTORE,
      { ...ref, act: plan?.mode === 'CREATE' ? 'create' : 'save', parentKey: plan?.parentKey ?? null },
    );
  }

  /**
   * Records that an authoring mutation was refused for its arguments (a bad slug for a new case, a
   * comment over the limit) before anything was done, and returns the draft as it stands.
   */
  async refuseArguments(actor: Actor, action: string, slug: string, userErrors: UserError[]): Promise<DraftResult> {
    await this.audit.record(auditActor(actor), action, 'refused', slug, userErrors.map((e) => e.message).join(' '));
    return { draft: await this.draftOf(slug), userErrors };
  }

  /** DRAFT -> IN_REVIEW. */
  submitForReview(actor: Actor, slug: string, expectedVersion: number): Promise<DraftResult> {
    return this.transition(actor, 'submitForReview', slug, expectedVersion, DraftStatus.DRAFT, DraftStatus.IN_REVIEW);
  }

  /** Takes a draft back out of review, so its editors can change it again; no reviewer is asked. */
  withdrawSubmission(actor: Actor, slug: string, expectedVersion: number): Promise<DraftResult> {
    return this.transition(
      actor,
      'withdrawSubmission',
      slug,
      expectedVersion,
      DraftStatus.IN_REVIEW,
      DraftStatus.DRAFT,
    );
  }

  /** IN_REVIEW -> DRAFT, with an optional comment. */
  async requestChanges(
    actor: Actor,
    slug: string,
    expectedVersion: number,
    comment?: string | null,
  ): Promise<DraftResult> {
    // A comment the draft has no room for is refused before the draft goes back, so it is not lost.
    const c = comment ? await this.caseBySlug(slug) : null;
    if (
      c &&
      (await this.dataSource.getRepository(ReviewComment).countBy({ caseId: c.id, edition: IsNull() })) >=
        limits.reviewComments.perCase
    )
      return this.refuseArguments(actor, 'requestChanges', slug, [commentsFull()]);
    const result = await this.transition(
      actor,
      'requestChanges',
      slug,
      expectedVersion,
      DraftStatus.IN_REVIEW,
      DraftStatus.DRAFT,
      comment,
    );
    // Its editors are told of the request with the comment's start, not of the comment again.
    if (!result.userErrors.length && comment) await this.addComment(actor, slug, { body: comment }, false);
    return result;
  }

  private async transition(
    actor: Actor,
    action: string,
    slug: string,
    expectedVersion: number,
    from: DraftStatus,
    to: DraftStatus,
    excerpt: string | null = null,
  ): Promise<DraftResult> {
    const result = await this.dataSource.transaction(async (m): Promise<DraftResult> => {
      const c = await this.caseBySlug(slug, m);
      const draft = c
        ? await m
            .getRepository(CaseDraft)
            .createQueryBuilder('d')
            .setLock('pessimistic_write')
            .where('d.case_id = :id', { id: c.id })
            .getOne()
        : null;
      if (!draft)
        return { draft: null, userErrors: [userError(ErrorCode.WORKFLOW, `"${slug}" has no draft.`, 'slug')] };
      if (draft.version !== expectedVersion)
        return {
          draft,
          userErrors: [
            userError(
              ErrorCode.CONFLICT,
              `The draft is at version ${draft.version}, saved by ${draft.updatedByLabel}; reload it first.`,
              'expectedVersion',
            ),
          ],
        };
      if (draft.status !== from)
        return {
          draft,
          userErrors: [
            userError(
              ErrorCode.WORKFLOW,
              from === DraftStatus.DRAFT ? 'The draft is already in review.' : 'The draft is not in review.',
              null,
            ),
          ],
        };
      draft.status = to;
      // Sent back, the draft waits on its editors until it is sent for review again.
      if (action === 'requestChanges') {
        draft.changesRequestedBy = viewerLabel(actor.viewer);
        draft.changesRequestedAt = new Date();
      } else if (action === 'submitForReview') {
        draft.changesRequestedBy = null;
        draft.changesRequestedAt = null;
      }
      const told = TOLD[action];
      if (told)
        await this.notifications.notify(m, actor.viewer, told.audience, { caseId: c!.id, kind: told.kind, excerpt });
      return { draft: await m.getRepository(CaseDraft).save(draft), userErrors: [] };
    });
    await this.audit.record(
      auditActor(actor),
      action,
      result.userErrors.length ? 'refused' : 'ok',
      slug,
      result.userErrors.map((e) => e.message).join(' ') || null,
    );
    return result;
  }

  /**
   * Adds a comment: about the whole draft, a part or one of its fields (checked against the draft,
   * or the published edition when there is no draft), or a reply in a thread, which is about what
   * the thread is about. Those who work on the draft, and those who wrote in the thread, are told.
   */
  async addComment(
    actor: Actor,
    slug: string,
    input: CommentInput,
    notify = true,
  ): Promise<ReviewComment | UserError[]> {
    const c = await this.caseBySlug(slug);
    if (!c) return [userError(ErrorCode.NOT_FOUND, `There is no case "${slug}".`, 'slug')];
    const body = input.body.trim();
    if (!body) return [userError(ErrorCode.BAD_USER_INPUT, 'Write a comment.', 'body')];
    const refuse = async (errors: UserError[]) => {
      await this.audit.record(
        auditActor(actor),
        'addReviewComment',
        'refused',
        slug,
        errors.map((e) => e.message).join(' '),
      );
      return errors;
    };
    // The comments are read whole with the draft: so there are never more than the limit, they are
    // counted and added one at a time for each case.
    const result = await this.dataSource.transaction(async (m): Promise<ReviewComment | UserError[]> => {
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`review-comments:${c.id}`]);
      const anchor = await this.commentAnchor(m, c, input);
      if (Array.isArray(anchor)) return anchor;
      if ((await m.countBy(ReviewComment, { caseId: c.id, edition: IsNull() })) >= limits.reviewComments.perCase)
        return [commentsFull()];
      const saved = await m.getRepository(ReviewComment).save({
        caseId: c.id,
        ...anchor,
        body,
        authorId: viewerUserId(actor.viewer),
        authorLabel: viewerLabel(actor.viewer),
      });
      if (notify)
        await this.notifications.notify(
          m,
          actor.viewer,
          saved.parentId ? { kind: 'participantsAndThread', rootId: saved.parentId } : { kind: 'participants' },
          {
            caseId: c.id,
            kind: saved.parentId ? NotificationKind.REPLIED : NotificationKind.COMMENTED,
            excerpt: body,
            commentId: saved.id,
          },
        );
      return saved;
    });
    if (Array.isArray(result)) return refuse(result);
    await this.audit.record(
      auditActor(actor),
      'addReviewComment',
      'ok',
      slug,
      [result.partKind, result.periodKey, result.partKey, result.field].filter(Boolean).join(' ') || null,
    );
    return result;
  }

  /** What a new comment is about, checked: a reply takes its thread's anchor. */
  private async commentAnchor(
    m: EntityManager,
    c: CaseStudy,
    input: CommentInput,
  ): Promise<Pick<ReviewComment, 'partKind' | 'partKey' | 'periodKey' | 'field' | 'parentId'> | UserError[]> {
    if (input.parentId) {
      const parent = await m.getRepository(ReviewComment).findOneBy({ id: input.parentId, caseId: c.id });
      if (!parent) return [userError(ErrorCode.NOT_FOUND, 'The comment answered is not in this case.', 'parentId')];
      if (parent.edition !== null)
        return [
          userError(
            ErrorCode.WORKFLOW,
            `The thread was published with edition ${parent.edition} and is kept as it was: start a new comment.`,
            'parentId',
          ),
        ];
      const root = parent.parentId
        ? await m.getRepository(ReviewComment).findOneByOrFail({ id: parent.parentId })
        : parent;
      const named = input.partKind ?? input.partKey ?? input.periodKey ?? input.field;
      if (named)
        return [
          userError(
            ErrorCode.BAD_USER_INPUT,
            'A reply is about what its thread is about: leave out the part and the field.',
            'parentId',
          ),
        ];
      return {
        partKind: root.partKind,
        partKey: root.partKey,
        periodKey: root.periodKey,
        field: root.field,
        parentId: root.id,
      };
    }
    // An empty name is no name: the comment is about the whole draft, not a part called "".
    const partKey = input.partKey?.trim() ? input.partKey : null;
    const doc = await this.commentedDocument(m, c);
    // A part key alone names a lesson or a source, as comments did before parts had kinds.
    const partKind =
      input.partKind ??
      (partKey && doc
        ? ([DraftPartKind.LESSON, DraftPartKind.SOURCE].find((kind) =>
            anchoredPart(doc, { partKind: kind, partKey }),
          ) ?? null)
        : null);
    if (partKey && !partKind)
      return [
        userError(
          ErrorCode.NOT_FOUND,
          `The draft has no lesson or source “${partKey}”: name the kind of part with partKind.`,
          'partKey',
        ),
      ];
    const anchor = {
      partKind,
      partKey: partKind === DraftPartKind.CASE ? null : partKey,
      periodKey: input.periodKey?.trim() ? input.periodKey : null,
      field: input.field?.trim() ? input.field : null,
    };
    const problems = doc ? anchorProblems(doc, anchor) : [];
    if (problems.length)
      return problems.map((p) =>
        userError(
          p.field === 'partKey' && anchor.partKey ? ErrorCode.NOT_FOUND : ErrorCode.BAD_USER_INPUT,
          p.message,
          p.field,
        ),
      );
    return { ...anchor, parentId: null };
  }

  /** The document a comment is written on: the draft, or the published edition without one. */
  private async commentedDocument(m: EntityManager, c: CaseStudy): Promise<CaseProfileDoc | null> {
    const draft = await m.getRepository(CaseDraft).findOneBy({ caseId: c.id });
    if (draft) return draft.document;
    if (!c.editionId) return null;
    return (await m.getRepository(CaseEdition).findOneBy({ id: c.editionId }))?.document ?? null;
  }

  /** Resolves a thread of the draft's comments, or opens it again. */
  async resolveComment(
    actor: Actor,
    id: string,
    resolved: boolean,
  ): Promise<{ comment: ReviewComment | null; userErrors: UserError[] }> {
    const result = await this.dataSource.transaction(async (m) => {
      const comment = await m
        .getRepository(ReviewComment)
        .createQueryBuilder('c')
        .setLock('pessimistic_write')
        .where('c.id = :id', { id })
        .getOne();
      if (!comment)
        return { comment: null, userErrors: [userError(ErrorCode.NOT_FOUND, 'There is no such comment.', 'id')] };
      if (comment.parentId)
        return {
          comment,
          userErrors: [
            userError(ErrorCode.BAD_USER_INPUT, 'A thread is resolved at the comment that opened it.', 'id'),
          ],
        };
      if (comment.edition !== null)
        return {
          comment,
          userErrors: [
            userError(
              ErrorCode.WORKFLOW,
              `The thread was published with edition ${comment.edition} and is kept as it was.`,
              'id',
            ),
          ],
        };
      comment.resolvedAt = resolved ? (comment.resolvedAt ?? new Date()) : null;
      comment.resolvedBy = resolved ? (comment.resolvedBy ?? viewerLabel(actor.viewer)) : null;
      return { comment: await m.getRepository(ReviewComment).save(comment), userErrors: [] };
    });
    await this.audit.record(
      auditActor(actor),
      'resolveReviewComment',
      result.userErrors.length ? 'refused' : 'ok',
      null,
      result.userErrors.map((e) => e.message).join(' ') || (resolved ? `resolved ${id}` : `opened again ${id}`),
    );
    return result;
  }

  /** The problems that stop a document being published, as user errors naming each part. */
  publishProblems(doc: CaseProfileDoc): UserError[] {
    const checked = validateCaseProfile(doc);
    return checked.ok ? [] : fromProblems(checked.problems);
  }

  /**
   * Publishes a document in the caller's transaction: loads it into the read model as the next
   * edition, records what changed, and ends the draft.
   */
  async publishDocument(m: EntityManager, actor: Actor, caseId: string | null, doc: CaseProfileDoc): Promise<number> {
    const current = caseId ? await m.getRepository(CaseStudy).findOneBy({ id: caseId }) : null;
    const previous = current?.editionId
      ? (await m.getRepository(CaseEdition).findOneByOrFail({ id: current.editionId })).document
      : null;
    const { caseId: id, edition } = await loadCaseProfile(m, doc);
    // Readers read what each publication changed: editor notes are not theirs to see.
    const changes = documentDiff(previous, doc, { editorNotes: false });
    await m.insert(Publication, {
      caseId: id,
      edition,
      // Everyone reads who published: a display name, never an email address.
      publishedByLabel: publicLabel(actor.viewer),
      summary: summarise(changes),
      changes,
    });
    const draft = await m.getRepository(CaseDraft).findOneBy({ caseId: id });
    if (draft) {
      await m.delete(CaseDraft, { caseId: id });
      if (draft.editionId) await m.delete(CaseEdition, { id: draft.editionId });
    }
    // The draft's comments stay, kept with the edition they were published with.
    await m.update(ReviewComment, { caseId: id, edition: IsNull() }, { edition });
    return edition;
  }

  /** IN_REVIEW -> published, refused while any claim lacks a source. */
  async publishDraft(
    actor: Actor,
    slug: string,
    expectedVersion: number,
  ): Promise<DraftResult & { edition: number | null }> {
    const result = await this.dataSource.transaction(async (m): Promise<DraftResult & { edition: number | null }> => {
      const c = await this.caseBySlug(slug, m);
      const draft = c
        ? await m
            .getRepository(CaseDraft)
            .createQueryBuilder('d')
            .setLock('pessimistic_write')
            .where('d.case_id = :id', { id: c.id })
            .getOne()
        : null;
      if (!c || !draft)
        return {
          draft: null,
          edition: null,
          userErrors: [userError(ErrorCode.WORKFLOW, `"${slug}" has no draft to publish.`, 'slug')],
        };
      if (draft.version !== expectedVersion)
        return {
          draft,
          edition: null,
          userErrors: [
            userError(
              ErrorCode.CONFLICT,
              `The draft is at version ${draft.version}, saved by ${draft.updatedByLabel}; review that version first.`,
              'expectedVersion',
            ),
          ],
        };
      if (draft.status !== DraftStatus.IN_REVIEW)
        return {
          draft,
          edition: null,
          userErrors: [
            userError(ErrorCode.WORKFLOW, 'Only a draft in review can be published: submit it for review first.', null),
          ],
        };
      const problems = this.publishProblems(draft.document);
      if (problems.length) return { draft, edition: null, userErrors: problems };
      // Those who worked on the draft are found before the draft and its comments are closed.
      const people = await this.notifications.recipients(m, actor.viewer, { kind: 'participants' }, c.id);
      const edition = await this.publishDocument(m, actor, c.id, draft.document);
      await this.notifications.tell(m, actor.viewer, people, {
        caseId: c.id,
        kind: NotificationKind.PUBLISHED,
        edition,
      });
      return { draft: null, edition, userErrors: [] };
    });
    await this.audit.record(
      auditActor(actor),
      'publishDraft',
      result.userErrors.length ? 'refused' : 'ok',
      slug,
      result.edition
        ? `edition ${result.edition}`
        : result.userErrors.map((e) => `${e.field ?? ''}: ${e.message}`).join(' '),
    );
    return result;
  }
}
