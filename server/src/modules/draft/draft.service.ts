import type { DataSource, EntityManager } from 'typeorm';
import { ErrorCode, type UserError } from '../../common/errors.js';
import { viewerLabel, viewerUserId } from '../account/access.js';
import type { PageWindow } from '../../common/pagination.js';
import { CaseKind, CaseStudy } from '../case-study/case-study.entity.js';
import { CaseEdition } from '../case-study/case-edition.entity.js';
import { CASE_PROFILE_FORMAT, type CaseProfileDoc, type PeriodDoc } from '../profile/profile.document.js';
import { casePartJsonSchemas } from '../profile/profile.schema.js';
import { loadCaseProfile } from '../profile/profile.loader.js';
import { isPublishGateProblem, validateCaseProfile, validateDraftProfile, type Problem } from '../profile/profile.validate.js';
import { AuditService, type Actor } from '../audit/audit.service.js';
import { CaseDraft, DraftStatus, Publication, ReviewComment, Revision, RevisionKind, type DocumentChange } from './draft.entity.js';
import { DraftPartKind, type CreateCaseInput, type DraftPartInput } from './draft.inputs.js';
import { documentDiff, summarise } from './document-diff.js';

/** What every authoring mutation returns: the draft as it now stands, or the problems. */
export interface DraftResult {
  draft: CaseDraft | null;
  userErrors: UserError[];
}

const userError = (code: string, message: string, field: string | null = null): UserError => ({ field, code, message });
const fromProblems = (problems: Problem[], code: string = ErrorCode.BAD_USER_INPUT): UserError[] => problems.map((p) => userError(code, p.message, p.path));

type Edit = (doc: CaseProfileDoc) => CaseProfileDoc | UserError[];

/**
 * Drafts, revisions, review and publication. Every change is one transaction: the draft row is
 * locked, its version checked against the caller's, the new document validated by the same rules
 * as file loading, a revision recorded and the draft's read model rebuilt.
 */
export class DraftService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService = new AuditService(dataSource),
  ) {}

  async caseBySlug(slug: string, manager: EntityManager = this.dataSource.manager): Promise<CaseStudy | null> {
    return manager.getRepository(CaseStudy).findOneBy({ slug });
  }

  async draftOf(slug: string): Promise<CaseDraft | null> {
    const c = await this.caseBySlug(slug);
    return c ? this.dataSource.getRepository(CaseDraft).findOneBy({ caseId: c.id }) : null;
  }

  private async nextRevision(manager: EntityManager, caseId: string): Promise<number> {
    const [row] = (await manager.query(`SELECT coalesce(max("number"), 0) + 1 AS n FROM "revision" WHERE "case_id" = $1`, [caseId])) as { n: number }[];
    return Number(row!.n);
  }

  /** Records a revision, stores the draft and rebuilds its read model. */
  private async store(manager: EntityManager, actor: Actor, caseId: string, doc: CaseProfileDoc, kind: RevisionKind, message: string | null | undefined, status = DraftStatus.DRAFT): Promise<CaseDraft> {
    const number = await this.nextRevision(manager, caseId);
    await manager.insert(Revision, { caseId, number, kind, document: doc, authorId: viewerUserId(actor.viewer), authorLabel: viewerLabel(actor.viewer), message: message ?? null });
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
    c ??= await m.getRepository(CaseStudy).save(m.getRepository(CaseStudy).create({ slug: doc.slug, name: doc.name, kind: doc.kind as CaseKind, jurisdiction: doc.jurisdiction, summary: doc.summary }));
    const existing = await m.getRepository(CaseDraft).findOneBy({ caseId: c.id });
    return this.store(m, actor, c.id, doc, RevisionKind.IMPORT, 'Imported from a file', existing?.status ?? DraftStatus.DRAFT);
  }

  /** A draft's review comments, oldest first. */
  comments(caseId: string): Promise<ReviewComment[]> {
    return this.dataSource.getRepository(ReviewComment).find({ where: { caseId }, order: { createdAt: 'ASC' } });
  }

  /** Every revision of a case, newest first; none when there is no such case. */
  async revisions(slug: string): Promise<Revision[]> {
    const c = await this.caseBySlug(slug);
    return c ? this.dataSource.getRepository(Revision).find({ where: { caseId: c.id }, order: { number: 'DESC' } }) : [];
  }

  /** What changed from one revision of a case to another; nothing when either is missing. */
  async revisionDiff(slug: string, from: number, to: number): Promise<DocumentChange[]> {
    const c = await this.caseBySlug(slug);
    const repo = this.dataSource.getRepository(Revision);
    const [a, b] = c ? await Promise.all([repo.findOneBy({ caseId: c.id, number: from }), repo.findOneBy({ caseId: c.id, number: to })]) : [null, null];
    if (!a || !b) return [];
    return documentDiff(a.document, b.document);
  }

  /** One page of publications, newest first, and how many there are. */
  publications(window: PageWindow): Promise<[Publication[], number]> {
    return this.dataSource.getRepository(Publication).createQueryBuilder('p').orderBy('p.published_at', 'DESC').addOrderBy('p.id', 'DESC').offset(window.offset).limit(window.limit).getManyAndCount();
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
    if (problems.length === 0 && (await this.caseBySlug(input.slug))) problems.push(userError(ErrorCode.CONFLICT, `There is already a case "${input.slug}".`, 'slug'));
    if (problems.length) {
      await this.audit.record(actor, 'createCase', 'refused', input.slug, problems.map((p) => p.message).join(' '));
      return { draft: null, userErrors: problems };
    }
    const draft = await this.dataSource.transaction(async (m) => {
      // A case made at the same moment by someone else wins; this one then reports the conflict.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`case:${doc.slug}`]);
      if (await this.caseBySlug(doc.slug, m)) return null;
      const row = await m.getRepository(CaseStudy).save(m.getRepository(CaseStudy).create({ slug: doc.slug, name: doc.name, kind: doc.kind as CaseKind, jurisdiction: doc.jurisdiction, summary: doc.summary }));
      const stored = await this.store(m, actor, row.id, doc, RevisionKind.CREATE, 'Created');
      await this.audit.record(actor, 'createCase', 'ok', doc.slug, null, m);
      return stored;
    });
    if (!draft) return { draft: null, userErrors: [userError(ErrorCode.CONFLICT, `There is already a case "${input.slug}".`, 'slug')] };
    return { draft, userErrors: [] };
  }

  /** Starts the case's draft from its published edition. */
  async startDraft(actor: Actor, slug: string): Promise<DraftResult> {
    return this.dataSource.transaction(async (m) => {
      // Locked, so that of two editors starting a draft at once, the second finds the first's.
      const c = await m.getRepository(CaseStudy).findOne({ where: { slug }, lock: { mode: 'pessimistic_write' } });
      if (!c) return { draft: null, userErrors: [userError(ErrorCode.NOT_FOUND, `There is no case "${slug}".`, 'slug')] };
      const existing = await m.getRepository(CaseDraft).findOneBy({ caseId: c.id });
      if (existing) return { draft: existing, userErrors: [userError(ErrorCode.WORKFLOW, `${c.name} already has a draft (version ${existing.version}); edit that one.`, 'slug')] };
      const edition = c.editionId ? await m.getRepository(CaseEdition).findOneByOrFail({ id: c.editionId }) : null;
      if (!edition) return { draft: null, userErrors: [userError(ErrorCode.WORKFLOW, `${c.name} has no published edition to start from.`, 'slug')] };
      const draft = await this.store(m, actor, c.id, edition.document, RevisionKind.EDIT, `Draft started from edition ${edition.edition}`);
      await this.audit.record(actor, 'startDraft', 'ok', slug, null, m);
      return { draft, userErrors: [] };
    });
  }

  /**
   * Applies one edit to the draft in a transaction: locks the draft, checks the version, validates
   * the result; records a revision or returns the problems, writing nothing.
   */
  async edit(actor: Actor, action: string, slug: string, expectedVersion: number, message: string | null | undefined, change: Edit, kind = RevisionKind.EDIT): Promise<DraftResult> {
    const result = await this.dataSource.transaction(async (m): Promise<DraftResult> => {
      const c = await this.caseBySlug(slug, m);
      if (!c) return { draft: null, userErrors: [userError(ErrorCode.NOT_FOUND, `There is no case "${slug}".`, 'slug')] };
      const draft = await m.getRepository(CaseDraft).createQueryBuilder('d').setLock('pessimistic_write').where('d.case_id = :id', { id: c.id }).getOne();
      if (!draft) return { draft: null, userErrors: [userError(ErrorCode.WORKFLOW, `${c.name} has no draft: start one first.`, 'slug')] };
      if (draft.version !== expectedVersion) {
        return {
          draft,
          userErrors: [
            userError(
              ErrorCode.CONFLICT,
              `This draft has changed: it is at version ${draft.version}, saved by ${draft.updatedByLabel} at ${draft.updatedAt.toISOString()}, not version ${expectedVersion}. Nothing was saved; reload it and apply your change again.`,
              'expectedVersion',
            ),
          ],
        };
      }
      if (draft.status === DraftStatus.IN_REVIEW && kind !== RevisionKind.IMPORT) {
        return { draft, userErrors: [userError(ErrorCode.WORKFLOW, 'This draft is in review: a reviewer must request changes before it can be edited.', null)] };
      }
      const next = change(structuredClone(draft.document));
      if (Array.isArray(next)) return { draft, userErrors: next };
      withCiteLists(next);
      const checked = validateDraftProfile(next);
      if (!checked.ok) return { draft, userErrors: fromProblems(checked.problems) };
      if (next.slug !== slug) return { draft, userErrors: [userError(ErrorCode.BAD_USER_INPUT, 'The slug of a case cannot change.', 'slug')] };
      return { draft: await this.store(m, actor, c.id, next, kind, message), userErrors: [] };
    });
    await this.audit.record(actor, action, result.userErrors.length ? 'refused' : 'ok', slug, result.userErrors.map((e) => `${e.field ?? ''}: ${e.message}`).join(' ') || null);
    return result;
  }

  /** Replaces the whole draft document. */
  saveDraft(actor: Actor, slug: string, expectedVersion: number, document: Record<string, unknown>, message?: string | null): Promise<DraftResult> {
    return this.edit(actor, 'saveDraft', slug, expectedVersion, message, () => document as unknown as CaseProfileDoc);
  }

  /** Creates or updates one part by key: fields left out are kept, a null clears an optional field. */
  savePart(actor: Actor, slug: string, expectedVersion: number, part: DraftPartInput, message?: string | null): Promise<DraftResult> {
    return this.edit(actor, 'saveDraftPart', slug, expectedVersion, message, (doc) => upsertPart(doc, part));
  }

  /** Deletes one part by key (with what it contains: a body takes its responsibilities). */
  deletePart(actor: Actor, slug: string, expectedVersion: number, kind: DraftPartKind, key: string, periodKey: string | null | undefined, message?: string | null): Promise<DraftResult> {
    return this.edit(actor, 'deleteDraftPart', slug, expectedVersion, message, (doc) => removePart(doc, kind, key, periodKey ?? undefined));
  }

  /** Makes a new revision from an old one; starts a draft if there is none. */
  async restoreRevision(actor: Actor, slug: string, number: number, expectedVersion: number | null | undefined, message?: string | null): Promise<DraftResult> {
    const c = await this.caseBySlug(slug);
    const old = c ? await this.dataSource.getRepository(Revision).findOneBy({ caseId: c.id, number }) : null;
    if (!c || !old) return { draft: null, userErrors: [userError(ErrorCode.NOT_FOUND, `There is no revision ${number} of "${slug}".`, 'number')] };
    // Without a draft, the restore starts one; the case row is locked so that two restores (or a
    // restore and a start) cannot both create it.
    const started = await this.dataSource.transaction(async (m) => {
      await m.getRepository(CaseStudy).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: c.id }).getOne();
      if (await m.getRepository(CaseDraft).findOneBy({ caseId: c.id })) return null;
      return this.store(m, actor, c.id, old.document, RevisionKind.RESTORE, message ?? `Restored revision ${number}`);
    });
    if (started) {
      await this.audit.record(actor, 'restoreRevision', 'ok', slug, `revision ${number}`);
      return { draft: started, userErrors: [] };
    }
    return this.edit(actor, 'restoreRevision', slug, expectedVersion ?? -1, message ?? `Restored revision ${number}`, () => old.document, RevisionKind.RESTORE);
  }

  /**
   * Records that an authoring mutation was refused for its arguments (a bad slug for a new case, a
   * comment over the limit) before anything was done, and returns the draft as it stands.
   */
  async refuseArguments(actor: Actor, action: string, slug: string, userErrors: UserError[]): Promise<DraftResult> {
    await this.audit.record(actor, action, 'refused', slug, userErrors.map((e) => e.message).join(' '));
    return { draft: await this.draftOf(slug), userErrors };
  }

  /** DRAFT -> IN_REVIEW. */
  submitForReview(actor: Actor, slug: string, expectedVersion: number): Promise<DraftResult> {
    return this.transition(actor, 'submitForReview', slug, expectedVersion, DraftStatus.DRAFT, DraftStatus.IN_REVIEW);
  }

  /** IN_REVIEW -> DRAFT, with an optional comment. */
  async requestChanges(actor: Actor, slug: string, expectedVersion: number, comment?: string | null): Promise<DraftResult> {
    const result = await this.transition(actor, 'requestChanges', slug, expectedVersion, DraftStatus.IN_REVIEW, DraftStatus.DRAFT);
    if (!result.userErrors.length && comment) await this.addComment(actor, slug, null, comment);
    return result;
  }

  private async transition(actor: Actor, action: string, slug: string, expectedVersion: number, from: DraftStatus, to: DraftStatus): Promise<DraftResult> {
    const result = await this.dataSource.transaction(async (m): Promise<DraftResult> => {
      const c = await this.caseBySlug(slug, m);
      const draft = c ? await m.getRepository(CaseDraft).createQueryBuilder('d').setLock('pessimistic_write').where('d.case_id = :id', { id: c.id }).getOne() : null;
      if (!draft) return { draft: null, userErrors: [userError(ErrorCode.WORKFLOW, `"${slug}" has no draft.`, 'slug')] };
      if (draft.version !== expectedVersion) return { draft, userErrors: [userError(ErrorCode.CONFLICT, `The draft is at version ${draft.version}, saved by ${draft.updatedByLabel}; reload it first.`, 'expectedVersion')] };
      if (draft.status !== from) return { draft, userErrors: [userError(ErrorCode.WORKFLOW, from === DraftStatus.DRAFT ? 'The draft is already in review.' : 'The draft is not in review.', null)] };
      draft.status = to;
      return { draft: await m.getRepository(CaseDraft).save(draft), userErrors: [] };
    });
    await this.audit.record(actor, action, result.userErrors.length ? 'refused' : 'ok', slug, result.userErrors.map((e) => e.message).join(' ') || null);
    return result;
  }

  async addComment(actor: Actor, slug: string, partKey: string | null | undefined, body: string): Promise<ReviewComment | UserError[]> {
    const c = await this.caseBySlug(slug);
    if (!c) return [userError(ErrorCode.NOT_FOUND, `There is no case "${slug}".`, 'slug')];
    if (!body.trim()) return [userError(ErrorCode.BAD_USER_INPUT, 'Write a comment.', 'body')];
    const comment = await this.dataSource.getRepository(ReviewComment).save({ caseId: c.id, partKey: partKey ?? null, body: body.trim(), authorId: viewerUserId(actor.viewer), authorLabel: viewerLabel(actor.viewer) });
    await this.audit.record(actor, 'addReviewComment', 'ok', slug, partKey ?? null);
    return comment;
  }

  /** The problems that stop a document being published, as user errors naming each part. */
  publishProblems(doc: CaseProfileDoc): UserError[] {
    const checked = validateCaseProfile(doc);
    return checked.ok ? [] : checked.problems.map((p) => userError(isPublishGateProblem(p) ? ErrorCode.UNSOURCED_CLAIM : ErrorCode.BAD_USER_INPUT, p.message, p.path));
  }

  /**
   * Publishes a document in the caller's transaction: loads it into the read model as the next
   * edition, records what changed, and ends the draft.
   */
  async publishDocument(m: EntityManager, actor: Actor, caseId: string | null, doc: CaseProfileDoc): Promise<number> {
    const current = caseId ? await m.getRepository(CaseStudy).findOneBy({ id: caseId }) : null;
    const previous = current?.editionId ? (await m.getRepository(CaseEdition).findOneByOrFail({ id: current.editionId })).document : null;
    const { caseId: id, edition } = await loadCaseProfile(m, doc);
    const changes = documentDiff(previous, doc);
    await m.insert(Publication, { caseId: id, edition, publishedByLabel: viewerLabel(actor.viewer), summary: summarise(changes), changes });
    const draft = await m.getRepository(CaseDraft).findOneBy({ caseId: id });
    if (draft) {
      await m.delete(CaseDraft, { caseId: id });
      if (draft.editionId) await m.delete(CaseEdition, { id: draft.editionId });
    }
    await m.delete(ReviewComment, { caseId: id });
    return edition;
  }

  /** IN_REVIEW -> published, refused while any claim lacks a source. */
  async publishDraft(actor: Actor, slug: string, expectedVersion: number): Promise<DraftResult & { edition: number | null }> {
    const result = await this.dataSource.transaction(async (m): Promise<DraftResult & { edition: number | null }> => {
      const c = await this.caseBySlug(slug, m);
      const draft = c ? await m.getRepository(CaseDraft).createQueryBuilder('d').setLock('pessimistic_write').where('d.case_id = :id', { id: c.id }).getOne() : null;
      if (!c || !draft) return { draft: null, edition: null, userErrors: [userError(ErrorCode.WORKFLOW, `"${slug}" has no draft to publish.`, 'slug')] };
      if (draft.version !== expectedVersion) return { draft, edition: null, userErrors: [userError(ErrorCode.CONFLICT, `The draft is at version ${draft.version}, saved by ${draft.updatedByLabel}; review that version first.`, 'expectedVersion')] };
      if (draft.status !== DraftStatus.IN_REVIEW) return { draft, edition: null, userErrors: [userError(ErrorCode.WORKFLOW, 'Only a draft in review can be published: submit it for review first.', null)] };
      const problems = this.publishProblems(draft.document);
      if (problems.length) return { draft, edition: null, userErrors: problems };
      const edition = await this.publishDocument(m, actor, c.id, draft.document);
      return { draft: null, edition, userErrors: [] };
    });
    await this.audit.record(actor, 'publishDraft', result.userErrors.length ? 'refused' : 'ok', slug, result.edition ? `edition ${result.edition}` : result.userErrors.map((e) => `${e.field ?? ''}: ${e.message}`).join(' '));
    return result;
  }
}

/**
 * Gives each claim written without a `cite` list an empty one, so that a claim not yet sourced is
 * saved and named by the publish gate (UNSOURCED_CLAIM) rather than refused as malformed.
 */
function withCiteLists(doc: CaseProfileDoc): void {
  const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)) : []);
  const claims = (value: unknown) => {
    const items = list(value);
    for (const claim of items) claim.cite ??= [];
    return items;
  };
  const d = doc as unknown as Record<string, unknown>;
  claims(d.timeline);
  claims(d.lessons);
  for (const period of list(d.periods)) {
    claims(period.connections);
    for (const level of claims(period.levels)) for (const body of claims(level.bodies)) claims(body.responsibilities);
  }
}

/** The period a part lives in, or a problem naming the field. */
function periodOf(doc: CaseProfileDoc, periodKey: string | undefined): PeriodDoc | UserError[] {
  const period = doc.periods.find((p) => p.key === periodKey);
  return period ?? [userError(ErrorCode.BAD_USER_INPUT, periodKey ? `There is no period "${periodKey}".` : 'Name the period (periodKey).', 'periodKey')];
}

/** The part of the profile format each kind of part is. */
const SCHEMA_OF: Record<DraftPartKind, keyof typeof casePartJsonSchemas> = {
  [DraftPartKind.CASE]: 'case',
  [DraftPartKind.PERIOD]: 'period',
  [DraftPartKind.LEVEL]: 'level',
  [DraftPartKind.BODY]: 'body',
  [DraftPartKind.RESPONSIBILITY]: 'responsibility',
  [DraftPartKind.CONNECTION]: 'connection',
  [DraftPartKind.EVENT]: 'event',
  [DraftPartKind.LESSON]: 'lesson',
  [DraftPartKind.SOURCE]: 'source',
};

/** Each kind of part's fields, and those of them it must have, as the JSON Schema of the format says. */
const PART_FIELDS = Object.fromEntries(
  Object.values(DraftPartKind).map((kind) => {
    const schema = casePartJsonSchemas[SCHEMA_OF[kind]] as { properties: Record<string, unknown>; required: string[] };
    return [kind, { fields: new Set(Object.keys(schema.properties)), required: new Set(schema.required) }];
  }),
) as Record<DraftPartKind, { fields: Set<string>; required: Set<string> }>;

const fieldPath = (at: string, field: string) => (at ? `${at}.${field}` : field);

/** A part edit: the fields to set, and the optional fields to clear. */
interface PartChange {
  set: Record<string, unknown>;
  clear: string[];
}

/**
 * Splits a part's data into the fields to set and those to clear: an explicit null clears an
 * optional field and is refused, at the field's path (`at` is the part's), for a required one. A
 * null for a field the part does not have is set, so that validation names the field as unknown.
 */
function partChange(kind: DraftPartKind, data: Record<string, unknown>, at: string): PartChange | UserError[] {
  const { fields, required } = PART_FIELDS[kind];
  const set: Record<string, unknown> = {};
  const clear: string[] = [];
  const refused: UserError[] = [];
  for (const [field, value] of Object.entries(data)) {
    if (value !== null || !fields.has(field)) set[field] = value;
    else if (!required.has(field)) clear.push(field);
    else refused.push(userError(ErrorCode.BAD_USER_INPUT, field === 'cite' ? 'is required and cannot be cleared: give an empty list to cite no source yet' : 'is required and cannot be cleared', fieldPath(at, field)));
  }
  return refused.length ? refused : { set, clear };
}

/** The item with the change applied: fields given are set, fields given as null removed, the rest (child lists included) kept. */
function applied<T extends object>(item: T | Record<string, never>, change: PartChange): T {
  const next: Record<string, unknown> = { ...item, ...change.set };
  for (const field of change.clear) delete next[field];
  return next as T;
}

/**
 * Updates the item of a list with this key, or adds it at the end; `at` is the list's path. The
 * problems, if the change is refused (the list is then as it was).
 */
function put<T extends { key: string }>(list: T[], key: string, kind: DraftPartKind, data: Record<string, unknown>, at: string): UserError[] | null {
  const index = list.findIndex((x) => x.key === key);
  const change = partChange(kind, data, `${at}.${index >= 0 ? index : list.length}`);
  if (Array.isArray(change)) return change;
  const item = { ...applied(index >= 0 ? list[index]! : {}, change), key } as T;
  if (index >= 0) list[index] = item;
  else list.push(item);
  return null;
}

/**
 * Creates or updates a part of a document by key. Fields left out of `part.data` are kept; a null
 * clears an optional field (a required one is refused at its path).
 */
export function upsertPart(doc: CaseProfileDoc, part: DraftPartInput): CaseProfileDoc | UserError[] {
  const data = { ...part.data };
  delete data.key;
  const done = (refused: UserError[] | null) => refused ?? doc;
  if (part.kind === DraftPartKind.CASE) {
    for (const field of ['format', 'slug', 'periods', 'timeline', 'lessons', 'sources']) delete data[field];
    const change = partChange(part.kind, data, '');
    return Array.isArray(change) ? change : applied(doc, change);
  }
  if (!part.key) return [userError(ErrorCode.BAD_USER_INPUT, 'Give the part a key.', 'key')];
  const key = part.key;
  switch (part.kind) {
    case DraftPartKind.PERIOD:
      return done(put(doc.periods, key, part.kind, data, 'periods'));
    case DraftPartKind.EVENT:
      return done(put((doc.timeline ??= []), key, part.kind, data, 'timeline'));
    case DraftPartKind.LESSON:
      return done(put((doc.lessons ??= []), key, part.kind, data, 'lessons'));
    case DraftPartKind.SOURCE:
      return done(put(doc.sources, key, part.kind, data, 'sources'));
    default: {
      const period = periodOf(doc, part.periodKey);
      if (Array.isArray(period)) return period;
      const at = `periods.${doc.periods.indexOf(period)}`;
      if (part.kind === DraftPartKind.LEVEL) return done(put((period.levels ??= []), key, part.kind, data, `${at}.levels`));
      if (part.kind === DraftPartKind.CONNECTION) return done(put((period.connections ??= []), key, part.kind, data, `${at}.connections`));
      const levels = (period.levels ?? []).map((level, l) => ({ level, at: `${at}.levels.${l}` }));
      if (part.kind === DraftPartKind.BODY) {
        const holder = levels.find(({ level }) => level.bodies?.some((b) => b.key === key)) ?? levels.find(({ level }) => level.key === part.parentKey);
        if (!holder) return [userError(ErrorCode.BAD_USER_INPUT, `Name the level for the new body (parentKey); "${part.parentKey ?? ''}" is not a level of ${period.key}.`, 'parentKey')];
        return done(put((holder.level.bodies ??= []), key, part.kind, data, `${holder.at}.bodies`));
      }
      const bodies = levels.flatMap(({ level, at: levelAt }) => (level.bodies ?? []).map((body, b) => ({ body, at: `${levelAt}.bodies.${b}` })));
      const holder = bodies.find(({ body }) => body.responsibilities?.some((r) => r.key === key)) ?? bodies.find(({ body }) => body.key === part.parentKey);
      if (!holder) return [userError(ErrorCode.BAD_USER_INPUT, `Name the body for the new responsibility (parentKey); "${part.parentKey ?? ''}" is not a body of ${period.key}.`, 'parentKey')];
      return done(put((holder.body.responsibilities ??= []), key, part.kind, data, `${holder.at}.responsibilities`));
    }
  }
}

/** Deletes a part of a document by key, or says why not. */
export function removePart(doc: CaseProfileDoc, kind: DraftPartKind, key: string, periodKey?: string): CaseProfileDoc | UserError[] {
  const missing = [userError(ErrorCode.NOT_FOUND, `There is no ${kind.toLowerCase()} "${key}"${periodKey ? ` in period ${periodKey}` : ''}.`, 'key')];
  const without = <T extends { key: string }>(list: T[] | undefined): T[] | undefined => {
    if (!list?.some((x) => x.key === key)) return undefined;
    return list.filter((x) => x.key !== key);
  };
  switch (kind) {
    case DraftPartKind.CASE:
      return [userError(ErrorCode.BAD_USER_INPUT, 'The headline of a case cannot be deleted.', 'kind')];
    case DraftPartKind.PERIOD: {
      const list = without(doc.periods);
      if (!list) return missing;
      if (list.length === 0) return [userError(ErrorCode.BAD_USER_INPUT, 'A case keeps at least one period.', 'key')];
      doc.periods = list;
      return doc;
    }
    case DraftPartKind.EVENT:
    case DraftPartKind.LESSON:
    case DraftPartKind.SOURCE: {
      const field = kind === DraftPartKind.EVENT ? 'timeline' : kind === DraftPartKind.LESSON ? 'lessons' : 'sources';
      const list = without(doc[field] as { key: string }[] | undefined);
      if (!list) return missing;
      (doc as unknown as Record<string, unknown>)[field] = list;
      return doc;
    }
    default: {
      const period = periodOf(doc, periodKey);
      if (Array.isArray(period)) return period;
      if (kind === DraftPartKind.LEVEL || kind === DraftPartKind.CONNECTION) {
        const field = kind === DraftPartKind.LEVEL ? 'levels' : 'connections';
        const list = without(period[field] as { key: string }[] | undefined);
        if (!list) return missing;
        (period as unknown as Record<string, unknown>)[field] = list;
        return doc;
      }
      for (const level of period.levels ?? []) {
        if (kind === DraftPartKind.BODY) {
          const list = without(level.bodies);
          if (list) {
            level.bodies = list;
            return doc;
          }
        } else {
          for (const body of level.bodies ?? []) {
            const list = without(body.responsibilities);
            if (list) {
              body.responsibilities = list;
              return doc;
            }
          }
        }
      }
      return missing;
    }
  }
}
