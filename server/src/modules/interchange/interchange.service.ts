import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseProfileDoc, StudyDoc } from '@casebook/schema';
import { documentDiff, flatten, type DocumentChange } from '@casebook/schema/diff';
import {
  canonicalCaseProfile,
  withoutEditorNotes,
  canonicalStudy,
  parseDocumentText,
  problemsInFile,
  serialise,
  toJson,
  toYaml,
  type ParsedText,
} from '@casebook/schema/format';
import {
  documentKind,
  validateCaseProfile,
  validateStudy,
  type Problem,
  type ValidationResult,
} from '@casebook/schema/validate';
import type { Actor } from '../account/access.js';
import { CaseEdition } from '../case-study/case-edition.entity.js';
import { CaseStudy } from '../case-study/case-study.entity.js';
import { CaseDraft, Revision, RevisionKind } from '../draft/draft.entity.js';
import { DraftService } from '../draft/draft.service.js';
import { loadStudy } from '../profile/profile.loader.js';
import { Study } from '../study/study.entity.js';

/** A document read from a file, valid or not, with where each of its paths is in the file (once it could be read). */
export type ReadDocument = (
  | { file: string; kind: 'case'; doc: CaseProfileDoc; problems: [] }
  | { file: string; kind: 'study'; doc: StudyDoc; problems: [] }
  | { file: string; kind?: undefined; doc?: undefined; problems: Problem[] }
) & { positionOf?: ParsedText['positionOf'] };

/**
 * One part an import changes, and whose change it is: `file` when only the file changed it since
 * the content the file was made from; `app` when only the app did (the import undoes that edit);
 * `both` when both did (the file's replaces the app's); `unknown` when the file says nothing of
 * what it was made from and the app has edits of its own.
 */
export interface ImportChange extends DocumentChange {
  origin: 'file' | 'app' | 'both' | 'unknown';
}

/** What an import did (or, in a dry run, would do) with one file. */
export interface ImportReport {
  file: string;
  label: string;
  status: 'published' | 'drafted' | 'unchanged' | 'would-publish' | 'would-draft' | 'invalid' | 'refused';
  edition?: number;
  revision?: number;
  problems: Problem[];
  /** For a case whose content would change: each part the import changes (or would), in document order. */
  changes?: ImportChange[];
}

export interface ImportOptions {
  dryRun?: boolean;
  /** Publish each changed case (otherwise it becomes a draft awaiting review). */
  publish?: boolean;
  /** Replace newer edits made in the app (a draft, or an edition published from one). */
  force?: boolean;
  actor?: Actor;
  onProgress?: (report: ImportReport) => void;
}

export type ExportFormat = 'yaml' | 'json';

export interface ExportedDocument {
  text: string;
  etag: string;
  contentType: string;
}

/** A case's content in canonical form, without the line an export adds. */
const contentOf = (doc: CaseProfileDoc) => JSON.stringify(canonicalCaseProfile(withoutExportLine(doc)));
const sameCase = (a: CaseProfileDoc, b: CaseProfileDoc) => contentOf(a) === contentOf(b);

/** A document without `exportedFrom`: what is stored and compared is the case alone. */
function withoutExportLine(doc: CaseProfileDoc): CaseProfileDoc {
  if (doc.exportedFrom === undefined) return doc;
  const rest = { ...doc };
  delete rest.exportedFrom;
  return rest;
}

/** The digest an export writes of the revision it was made from (43 base64url characters). */
export const contentDigest = (doc: CaseProfileDoc) => createHash('sha256').update(contentOf(doc)).digest('base64url');

/**
 * Each part `next` changes from `current`, with whose change it is, judged against `base` (the
 * content the file was made from; null when that is not known).
 */
function importChanges(base: CaseProfileDoc | null, current: CaseProfileDoc, next: CaseProfileDoc): ImportChange[] {
  // In canonical form, so that field order (which stored documents do not keep) never counts.
  const canonical = (doc: CaseProfileDoc) => canonicalCaseProfile(withoutExportLine(doc)) as CaseProfileDoc;
  [base, current, next] = [base && canonical(base), canonical(current), canonical(next)];
  const baseParts = base ? flatten(base) : null;
  const currentParts = flatten(current);
  const nextParts = flatten(next);
  const fieldsOf = (parts: ReturnType<typeof flatten> | null, id: string) => {
    const part = parts?.get(id);
    return part ? JSON.stringify(part.fields) : undefined;
  };
  return documentDiff(current, next).map((change) => {
    const id = `${change.part}:${change.path}`;
    if (!baseParts) return { ...change, origin: 'unknown' };
    const appChanged = fieldsOf(baseParts, id) !== fieldsOf(currentParts, id);
    if (!appChanged) return { ...change, origin: 'file' };
    const fileChanged = fieldsOf(baseParts, id) !== fieldsOf(nextParts, id);
    return { ...change, origin: fileChanged ? 'both' : 'app' };
  });
}
const sameStudy = (a: StudyDoc, b: StudyDoc) => JSON.stringify(canonicalStudy(a)) === JSON.stringify(canonicalStudy(b));

/**
 * Formats a problem the way every command prints it, as compilers do so that editors can jump to
 * it: `FILE:LINE:COLUMN: path.to.field: message`, or `FILE: path.to.field: message` when it has no
 * place in the file; the field in words, when the problem has them, follows the path in brackets.
 * A problem of the file's text outside every field is `FILE:LINE:COLUMN: message`.
 */
export function formatProblem(file: string, problem: Problem): string {
  if (problem.line === undefined) return `${file}: ${problem.path}: ${problem.message}`;
  const at = `${file}:${problem.line}:${problem.column ?? 1}`;
  if (problem.path === '(file)') return `${at}: ${problem.message}`;
  return `${at}: ${problem.path}${problem.label ? ` (${problem.label})` : ''}: ${problem.message}`;
}

/**
 * Parses and validates one document's text in one pass: the syntax problems and, whenever the
 * text can still be read into a value, every problem of that value too, each with its place.
 */
export function readDocumentText(text: string, file: string): ReadDocument {
  const parsed = parseDocumentText(text, file);
  const { positionOf } = parsed;
  if (parsed.value === undefined) return { file, problems: parsed.problems, positionOf };
  const kind = documentKind(parsed.value);
  const result: ValidationResult<CaseProfileDoc | StudyDoc> =
    kind === 'case'
      ? validateCaseProfile(parsed.value)
      : kind === 'study'
        ? validateStudy(parsed.value)
        : {
            ok: false,
            problems: [
              { path: 'format', message: 'must be "casebook/case-profile@1" or "casebook/study@1"', code: 'INVALID' },
            ],
          };
  const problems = problemsInFile(parsed, result.ok ? [] : result.problems);
  if (problems.length || !result.ok) return { file, problems, positionOf };
  return kind === 'case'
    ? { file, kind, doc: result.doc as CaseProfileDoc, problems: [], positionOf }
    : { file, kind: 'study', doc: result.doc as StudyDoc, problems: [], positionOf };
}

/** The profile files in a folder (YAML or JSON, not recursive), sorted by name. */
export async function documentFiles(folder: string): Promise<string[]> {
  const names = await readdir(folder);
  return names
    .filter((n) => /\.(ya?ml|json)$/i.test(n))
    .sort()
    .map((n) => path.join(folder, n));
}

/**
 * Reads and validates files, every problem of each at once (`casebook validate`, and the first step
 * of an import): two files must not describe the same case, nor both be the study record.
 */
export async function readDocumentFiles(files: string[]): Promise<ReadDocument[]> {
  const read = await Promise.all(
    files.map(async (file): Promise<ReadDocument> => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        return {
          file,
          problems: [
            {
              path: '(file)',
              message: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
              code: 'SYNTAX',
            },
          ],
        };
      }
      return readDocumentText(text, file);
    }),
  );
  const seen = new Map<string, string>();
  for (const r of read) {
    if (!r.kind) continue;
    const id = r.kind === 'case' ? `case ${r.doc.slug}` : 'study';
    const other = seen.get(id);
    if (other) {
      const at = r.kind === 'case' ? 'slug' : 'format';
      (r.problems as Problem[]).push({
        path: at,
        message: `${id} is also described by ${other}`,
        code: 'INVALID',
        ...r.positionOf?.(at),
      });
    } else seen.set(id, r.file);
  }
  return read;
}

/**
 * The one path by which documents enter the read model: every file is read and validated first,
 * and nothing is written unless all are valid; then all are loaded in one transaction, each
 * unchanged document skipped and each changed one published as a new edition.
 */
export class InterchangeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly drafts: DraftService = new DraftService(dataSource),
  ) {}

  /**
   * Validates all files, then (unless a dry run) brings them in, in one transaction: each changed
   * case becomes an IMPORT revision and its draft, published at once with `publish`. A case with
   * newer edits made in the app is refused unless `force`; any refusal writes nothing.
   */
  async importFiles(files: string[], options: ImportOptions = {}): Promise<ImportReport[]> {
    const read = await readDocumentFiles(files);
    const label = (r: ReadDocument) =>
      r.kind === 'case' ? r.doc.slug : r.kind === 'study' ? 'study' : path.basename(r.file);
    if (read.some((r) => r.problems.length > 0)) {
      return read.map((r) => ({
        file: r.file,
        label: label(r),
        status: r.problems.length ? 'invalid' : options.publish ? 'would-publish' : 'would-draft',
        problems: r.problems,
      }));
    }
    const actor: Actor = options.actor ?? { viewer: { kind: 'cli' } };
    const drafts = this.drafts;
    class Refused extends Error {}
    const run = async (m: EntityManager, dryRun: boolean) => {
      const reports: ImportReport[] = [];
      for (const r of read) {
        const report = await this.importOne(m, drafts, actor, r, label(r), { ...options, dryRun });
        if (!dryRun || options.dryRun) options.onProgress?.(report);
        reports.push(report);
      }
      if (!dryRun && reports.some((r) => r.status === 'refused')) throw new Refused();
      return reports;
    };
    if (options.dryRun) return run(this.dataSource.manager, true);
    try {
      return await this.dataSource.transaction((m) => run(m, false));
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      // Nothing was written: report the refusals, and what the others would have done.
      return run(this.dataSource.manager, true);
    }
  }

  private async importOne(
    m: EntityManager,
    drafts: DraftService,
    actor: Actor,
    r: ReadDocument,
    label: string,
    options: ImportOptions,
  ): Promise<ImportReport> {
    const base = { file: r.file, label, problems: [] as Problem[] };
    if (r.kind === 'study') {
      const study = await m.getRepository(Study).findOne({ where: {} });
      if (study && sameStudy(study.document, r.doc)) return { ...base, status: 'unchanged' };
      if (options.dryRun) return { ...base, status: 'would-publish' };
      await loadStudy(m, r.doc);
      return { ...base, status: 'published' };
    }
    if (r.kind !== 'case') return { ...base, status: 'invalid' };
    const doc = withoutExportLine(r.doc);
    const c = await m.getRepository(CaseStudy).findOneBy({ slug: doc.slug });
    const published = c?.editionId
      ? (await m.getRepository(CaseEdition).findOneByOrFail({ id: c.editionId })).document
      : null;
    const latest = c ? await drafts.latestRevision(m, c.id) : null;
    const draft = c ? await m.getRepository(CaseDraft).findOneBy({ caseId: c.id }) : null;
    const current = draft?.document ?? latest?.document ?? published;
    const isPublished = published !== null && sameCase(published, doc);
    if (current && sameCase(current, doc) && (!options.publish || isPublished)) return { ...base, status: 'unchanged' };
    // What the file was made from: the revision its export line names, when that revision still
    // holds the content the line's digest describes; otherwise the case as the last import left it.
    const exported = c && r.doc.exportedFrom ? await this.exportedRevision(m, c.id, r.doc.exportedFrom) : null;
    const lastImport =
      c && !exported
        ? await m
            .getRepository(Revision)
            .findOne({ where: { caseId: c.id, kind: RevisionKind.IMPORT }, order: { number: 'DESC' } })
        : null;
    const basis = exported ?? lastImport?.document ?? null;
    const changes = current ? importChanges(basis, current, doc) : undefined;
    // The app holds edits the file was not made from: replace them only when told to.
    const appEdits = current !== null && latest !== null && !(basis && sameCase(basis, current));
    if (current && latest && appEdits && !sameCase(current, doc) && !options.force) {
      const since = exported
        ? `the file was exported from revision ${r.doc.exportedFrom!.revision}; the app has newer edits`
        : 'the app has newer edits than this file';
      return {
        ...base,
        status: 'refused',
        changes,
        problems: [
          {
            path: 'slug',
            message: `${doc.slug}: ${since} (revision ${latest.number} by ${latest.authorLabel}, ${latest.createdAt.toISOString()}). Import it with --force to replace them; --dry-run lists what that would undo.`,
            code: 'INVALID',
          },
        ],
      };
    }
    if (options.dryRun) return { ...base, status: options.publish ? 'would-publish' : 'would-draft', changes };
    const stored = current && sameCase(current, doc) && draft ? draft : await drafts.importDraft(m, actor, doc);
    if (!options.publish) return { ...base, status: 'drafted', revision: stored.version, changes };
    const edition = await drafts.publishDocument(m, actor, stored.caseId, doc);
    return { ...base, status: 'published', edition, revision: stored.version, changes };
  }

  /** The content of the revision an export line names, when the line's digest still matches it. */
  private async exportedRevision(
    m: EntityManager,
    caseId: string,
    line: NonNullable<CaseProfileDoc['exportedFrom']>,
  ): Promise<CaseProfileDoc | null> {
    const revision = await m.getRepository(Revision).findOneBy({ caseId, number: line.revision });
    return revision && contentDigest(revision.document) === line.digest ? revision.document : null;
  }

  /** Whether the database holds no case and no study record yet. */
  async isEmpty(): Promise<boolean> {
    const [cases, studies] = await Promise.all([
      this.dataSource.getRepository(CaseStudy).count(),
      this.dataSource.getRepository(Study).count(),
    ]);
    return cases === 0 && studies === 0;
  }

  private static exported(canonical: Record<string, unknown>, format: ExportFormat): ExportedDocument {
    const text = format === 'json' ? toJson(canonical) : toYaml(canonical);
    return {
      text,
      etag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`,
      contentType: format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8',
    };
  }

  /**
   * The latest published profile of a case in canonical form; null when there is none. The whole
   * file, editor notes included (what `casebook export` writes), unless `forReaders` asks for the
   * file as readers may have it (the public /export routes), without them.
   */
  async exportCase(slug: string, format: ExportFormat, options: ExportOptions = {}): Promise<ExportedDocument | null> {
    const found = await this.dataSource.getRepository(CaseStudy).findOneBy({ slug });
    if (!found?.editionId) return null;
    const edition = await this.dataSource.getRepository(CaseEdition).findOneByOrFail({ id: found.editionId });
    const line = options.withRevision ? await this.revisionOf(found.id, edition.document) : undefined;
    return InterchangeService.exported(
      readable(canonicalCaseProfile({ ...edition.document, exportedFrom: line }), options),
      format,
    );
  }

  /**
   * The export line for a published document: the latest revision holding exactly its content (the
   * one it was published from). Undefined when no revision does, as for a case loaded without one.
   */
  private async revisionOf(caseId: string, doc: CaseProfileDoc): Promise<CaseProfileDoc['exportedFrom']> {
    const revisions = await this.dataSource
      .getRepository(Revision)
      .find({ where: { caseId }, order: { number: 'DESC' }, take: 100 });
    const digest = contentDigest(doc);
    const match = revisions.find((r) => contentDigest(r.document) === digest);
    return match ? { revision: match.number, digest } : undefined;
  }

  /** The study record in canonical form; null when it is not loaded. Editor notes as for a case. */
  async exportStudy(format: ExportFormat, options: ExportOptions = {}): Promise<ExportedDocument | null> {
    const study = await this.dataSource.getRepository(Study).findOne({ where: {} });
    return study ? InterchangeService.exported(readable(canonicalStudy(study.document), options), format) : null;
  }

  /** Slugs of every published case, by slug. */
  async publishedSlugs(): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(CaseStudy)
      .createQueryBuilder('c')
      .select('c.slug', 'slug')
      .where('c.current_edition_id IS NOT NULL')
      .orderBy('c.slug')
      .getRawMany<{ slug: string }>();
    return rows.map((r) => r.slug);
  }
}

/** Who an export is for. */
export interface ExportOptions {
  /** For readers: leave out every editor note (the public /export routes). */
  forReaders?: boolean;
  /**
   * For editing (what `casebook export` writes): name the revision exported and a digest of its
   * content in `exportedFrom`, so that importing the file later tells its edits from the app's.
   */
  withRevision?: boolean;
}

const readable = (canonical: Record<string, unknown>, options: ExportOptions) =>
  options.forReaders ? withoutEditorNotes(canonical) : canonical;

/** Rewrites a document's text in canonical form (for `casebook format`). Invalid documents are left alone. */
export function canonicalText(read: ReadDocument): string | undefined {
  if (read.kind === 'case') return serialise(canonicalCaseProfile(read.doc), read.file);
  if (read.kind === 'study') return serialise(canonicalStudy(read.doc), read.file);
  return undefined;
}
