import { randomUUID } from 'node:crypto';
import type { EntityManager, ObjectLiteral, EntityTarget } from 'typeorm';
import {
  PRECISION_RANK,
  citeParts,
  periodCoverage,
  type CaseProfileDoc,
  type ClaimDoc,
  type SourceDoc,
  type StudyDoc,
} from '@casebook/schema';
import { AppError, ErrorCode } from '../../common/errors.js';
import { CaseEdition } from '../case-study/case-edition.entity.js';
import { CaseKind, CaseStudy } from '../case-study/case-study.entity.js';
import { ServiceConnection } from '../connection/connection.entity.js';
import { Body, GovernanceLevel, Responsibility, StructurePeriod } from '../governance/governance.entity.js';
import { ReformLesson } from '../lesson/lesson.entity.js';
import { partialDate } from '../partial-date.js';
import { Citation } from '../source/source.entity.js';
import { StudyFinding, StudyReport, StudyStrand } from '../study/study.entity.js';
import { TimelineEvent } from '../timeline/timeline.entity.js';
import { LessonTheme, ServiceArea } from '../vocabulary/vocabulary.entity.js';
import type { ClaimType } from '../vocabulary/vocabulary.enums.js';

/** Inserts rows in one statement (none when the list is empty). */
async function insertAll<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: Partial<T>[],
): Promise<void> {
  if (rows.length === 0) return;
  // Large documents are split so that one statement stays well under PostgreSQL's parameter limit.
  for (let i = 0; i < rows.length; i += 1000) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(target)
      .values(rows.slice(i, i + 1000) as never)
      .execute();
  }
}

/**
 * The index that makes a source one row per URL and details (migration 1764226000000): the title
 * and publisher by their MD5, NULLs equal.
 */
const SOURCE_AS_CITED = `("url", md5("title"), md5("publisher"), "date", "accessed", "standing")`;

/**
 * Finds or adds the rows of a document's sources and maps the document's keys to their ids. A
 * source is its URL with its details: a row with the same URL and the same details is shared,
 * and other details make a row of their own, so no publication changes what another edition
 * cites (an edition shows its sources as it was published with them).
 */
async function recordSources(manager: EntityManager, sources: SourceDoc[]): Promise<Map<string, string>> {
  const byKey = new Map<string, string>();
  if (sources.length === 0) return byKey;
  // DO UPDATE (of nothing) rather than DO NOTHING: it returns the existing row, locked until commit.
  const rows = await manager.query(
    `INSERT INTO "source" ("url", "title", "publisher", "date", "accessed", "standing")
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::standing[])
     ON CONFLICT ${SOURCE_AS_CITED} DO UPDATE SET "url" = EXCLUDED."url"
     RETURNING "id", "url", "title", "publisher"`,
    [
      sources.map((s) => s.url),
      sources.map((s) => s.title),
      sources.map((s) => s.publisher ?? null),
      sources.map((s) => s.date ?? null),
      sources.map((s) => s.accessed ?? null),
      sources.map((s) => s.standing),
    ],
  );
  // A document cites each URL once (validation refuses a second source with the same URL).
  const byUrl = new Map(
    (rows as { id: string; url: string; title: string; publisher: string | null }[]).map((r) => [r.url, r]),
  );
  sources.forEach((s, i) => {
    const row = byUrl.get(s.url)!;
    // Two titles (or publishers) with one MD5 can only be made on purpose; never cite the other's.
    if (row.title !== s.title || row.publisher !== (s.publisher ?? null))
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        'another source with this URL has a title and publisher that the bibliography cannot tell from these: change them',
        `sources.${i}.title`,
      );
    byKey.set(s.key, row.id);
  });
  return byKey;
}

async function vocabulary(
  manager: EntityManager,
): Promise<{ areas: Map<string, string>; themes: Map<string, string> }> {
  const [areas, themes] = await Promise.all([manager.find(ServiceArea), manager.find(LessonTheme)]);
  return { areas: new Map(areas.map((a) => [a.key, a.id])), themes: new Map(themes.map((t) => [t.key, t.id])) };
}

function lookup(map: Map<string, string>, key: string, what: string, field: string): string {
  const id = map.get(key);
  if (!id) throw new AppError(ErrorCode.BAD_USER_INPUT, `unknown ${what} "${key}"`, field);
  return id;
}

/** Collects citations for claims as they are written. */
class CitationCollector {
  readonly rows: Partial<Citation>[] = [];

  constructor(
    private readonly sources: Map<string, string>,
    private readonly scope: { editionId: string | null; caseId: string | null },
  ) {}

  add(claimId: string, claimType: ClaimType, claim: ClaimDoc, label: string, field: string) {
    claim.cite.forEach((cite, i) => {
      const { source, locator } = citeParts(cite);
      this.rows.push({
        claimId,
        claimType,
        claimKey: claim.key,
        claimLabel: label,
        editionId: this.scope.editionId,
        caseId: this.scope.caseId,
        sourceId: lookup(this.sources, source, 'source', `${field}.cite.${i}`),
        locator,
        position: i,
      });
    });
  }
}

const claimColumns = (claim: ClaimDoc, position: number) => ({
  key: claim.key,
  position,
  uncertain: claim.uncertain ?? false,
  note: claim.note ?? null,
});

/**
 * Loads a (validated) case profile into the read model as a new published edition, inside the
 * caller's transaction. Returns the case id and the new edition number.
 */
export async function loadCaseProfile(
  manager: EntityManager,
  doc: CaseProfileDoc,
  options: { publishedAt?: Date; draft?: boolean } = {},
): Promise<{ caseId: string; editionId: string; edition: number }> {
  const publishedAt = options.publishedAt ?? new Date();
  const draft = options.draft ?? false;
  const { areas, themes } = await vocabulary(manager);
  const caseRepo = manager.getRepository(CaseStudy);
  let found = await caseRepo.findOne({ where: { slug: doc.slug }, lock: { mode: 'pessimistic_write' } });
  if (!found) {
    found = await caseRepo.save(
      caseRepo.create({
        slug: doc.slug,
        name: doc.name,
        kind: doc.kind as CaseKind,
        summary: doc.summary,
        jurisdiction: doc.jurisdiction,
      }),
    );
  }
  const caseId = found.id;
  // A draft's read model is edition 0: never current, never listed, replaced on every save.
  const edition = draft ? 0 : found.edition + 1;
  const editionId = randomUUID();
  await insertAll(manager, CaseEdition, [
    {
      id: editionId,
      caseId,
      edition,
      name: doc.name,
      kind: doc.kind as CaseKind,
      jurisdiction: doc.jurisdiction,
      summary: doc.summary,
      baseline: doc.baseline,
      note: doc.note ?? null,
      reviewedText: doc.reviewed ?? null,
      notModelled: doc.notModelled ?? [],
      publishedAt,
      isDraft: draft,
      document: doc,
    },
  ]);

  const sourceIds = await recordSources(manager, doc.sources);
  const citations = new CitationCollector(sourceIds, { editionId, caseId });
  const scope = { editionId, caseId };
  const periods: Partial<StructurePeriod>[] = [];
  const levels: Partial<GovernanceLevel>[] = [];
  const bodies: Partial<Body>[] = [];
  const responsibilities: Partial<Responsibility>[] = [];
  const connections: Partial<ServiceConnection>[] = [];

  doc.periods.forEach((period, p) => {
    const periodId = randomUUID();
    periods.push({
      id: periodId,
      ...scope,
      key: period.key,
      position: p,
      label: period.label,
      validFromText: period.validFrom ?? null,
      validToText: period.validTo ?? null,
      description: period.description ?? null,
      reviewedText: period.reviewed ?? null,
      coverage: periodCoverage(period),
    });
    (period.levels ?? []).forEach((level, l) => {
      const levelId = randomUUID();
      const levelField = `periods.${p}.levels.${l}`;
      levels.push({
        id: levelId,
        ...scope,
        ...claimColumns(level, l),
        periodId,
        tier: level.tier,
        name: level.name,
        unitCount: level.unitCount ?? null,
        absent: level.absent ?? false,
        description: level.description ?? null,
        extentDoc: level.extent ?? null,
      });
      citations.add(levelId, 'GOVERNANCE_LEVEL', level, level.name, levelField);
      (level.bodies ?? []).forEach((body, b) => {
        const bodyId = randomUUID();
        const bodyField = `${levelField}.bodies.${b}`;
        bodies.push({
          id: bodyId,
          ...scope,
          ...claimColumns(body, b),
          periodId,
          levelId,
          name: body.name,
          type: body.type,
          description: body.description ?? null,
          extentDoc: body.extent ?? null,
        });
        citations.add(bodyId, 'BODY', body, body.name, bodyField);
        (body.responsibilities ?? []).forEach((resp, r) => {
          const respId = randomUUID();
          const field = `${bodyField}.responsibilities.${r}`;
          responsibilities.push({
            id: respId,
            ...scope,
            ...claimColumns(resp, r),
            periodId,
            bodyId,
            function: resp.function,
            serviceAreaId: lookup(areas, resp.serviceArea, 'service area', `${field}.serviceArea`),
            description: resp.description ?? null,
            extentDoc: resp.extent ?? null,
          });
          citations.add(
            respId,
            'RESPONSIBILITY',
            resp,
            `${body.name}: ${resp.function.toLowerCase()} (${resp.serviceArea})`,
            field,
          );
        });
      });
    });
    (period.connections ?? []).forEach((conn, c) => {
      const connId = randomUUID();
      const field = `periods.${p}.connections.${c}`;
      connections.push({
        id: connId,
        ...scope,
        ...claimColumns(conn, c),
        periodId,
        areaAId: lookup(areas, conn.between[0], 'service area', `${field}.between.0`),
        areaBId: lookup(areas, conn.between[1], 'service area', `${field}.between.1`),
        mechanisms: conn.mechanisms,
        tier: conn.tier ?? null,
        description: conn.description ?? null,
        extentDoc: conn.extent ?? null,
      });
      citations.add(connId, 'SERVICE_CONNECTION', conn, `${conn.between[0]} and ${conn.between[1]}`, field);
    });
  });

  const events: Partial<TimelineEvent>[] = (doc.timeline ?? []).map((event, e) => {
    const id = randomUUID();
    const date = partialDate(event.date)!;
    citations.add(id, 'TIMELINE_EVENT', event, event.title, `timeline.${e}`);
    return {
      id,
      ...scope,
      ...claimColumns(event, e),
      dateText: event.date,
      dateStart: date.earliest,
      dateRank: PRECISION_RANK[date.precision],
      title: event.title,
      description: event.description ?? null,
    };
  });
  const lessons: Partial<ReformLesson>[] = (doc.lessons ?? []).map((lesson, l) => {
    const id = randomUUID();
    citations.add(id, 'REFORM_LESSON', lesson, lesson.title, `lessons.${l}`);
    return {
      id,
      ...scope,
      ...claimColumns(lesson, l),
      themeId: lookup(themes, lesson.theme, 'lesson theme', `lessons.${l}.theme`),
      title: lesson.title,
      detail: lesson.detail,
      evidenceStrength: lesson.evidenceStrength ?? null,
      transferability: lesson.transferability ?? null,
    };
  });

  await insertAll(manager, StructurePeriod, periods);
  await insertAll(manager, GovernanceLevel, levels);
  await insertAll(manager, Body, bodies);
  await insertAll(manager, Responsibility, responsibilities);
  await insertAll(manager, ServiceConnection, connections);
  await insertAll(manager, TimelineEvent, events);
  await insertAll(manager, ReformLesson, lessons);
  // Every distinct word of each lesson, for `lessons(search:)` to match words spelt nearly alike.
  await manager.query(
    `INSERT INTO "lesson_search_word" ("lesson_id", "word")
     SELECT DISTINCT l."id", w FROM "reform_lesson" l, regexp_split_to_table(trim(l."search_text"), ' ') w
     WHERE l."edition_id" = $1 AND w <> ''`,
    [editionId],
  );
  await insertAll(manager, Citation, citations.rows);
  if (draft) return { caseId, editionId, edition };

  // The headline and the weighted search document: name > summary > lessons and bodies, all
  // without accents so that "hapu" finds "hapū" (migration ForgivingSearch1764270000000).
  const lessonsText = `coalesce((SELECT string_agg(l."title" || ' ' || l."detail", ' ') FROM "reform_lesson" l WHERE l."edition_id" = $10), '')`;
  const bodiesText = `coalesce((SELECT string_agg(b."name" || ' ' || coalesce(b."description", ''), ' ') FROM "body" b WHERE b."edition_id" = $10), '')`;
  await manager.query(
    `UPDATE "case_study" c SET
       "name" = $2, "kind" = $3, "jurisdiction" = $4, "summary" = $5, "baseline" = $6, "note" = $7,
       "edition" = $8, "published_at" = $9, "current_edition_id" = $10, "updated_at" = $9,
       "search_vector" =
         setweight(to_tsvector('english', casebook_unaccent($2)), 'A') ||
         setweight(to_tsvector('english', casebook_unaccent($4 || ' ' || $5)), 'B') ||
         setweight(to_tsvector('english', casebook_unaccent(${lessonsText} || ' ' || ${bodiesText})), 'C'),
       "search_text" = casebook_search_words($2 || ' ' || $4 || ' ' || $5 || ' ' || ${bodiesText} || ' ' || ${lessonsText})
     WHERE c."id" = $1`,
    [
      caseId,
      doc.name,
      doc.kind,
      doc.jurisdiction,
      doc.summary,
      doc.baseline,
      doc.note ?? null,
      edition,
      publishedAt,
      editionId,
    ],
  );
  // Every distinct word of the case, for matching words spelt nearly alike.
  await manager.query(`DELETE FROM "case_search_word" WHERE "case_id" = $1`, [caseId]);
  await manager.query(
    `INSERT INTO "case_search_word" ("case_id", "word")
     SELECT DISTINCT c."id", w FROM "case_study" c, regexp_split_to_table(trim(c."search_text"), ' ') w
     WHERE c."id" = $1 AND w <> ''`,
    [caseId],
  );
  return { caseId, editionId, edition };
}

/** Replaces the study record with a (validated) study document, inside the caller's transaction. */
export async function loadStudy(manager: EntityManager, doc: StudyDoc): Promise<void> {
  const sourceIds = await recordSources(manager, doc.sources);
  await manager.query(`DELETE FROM "citation" WHERE "claim_type" IN ('STUDY_STRAND', 'STUDY_REPORT', 'STUDY_FINDING')`);
  await manager.query(`DELETE FROM "study_strand"`);
  await manager.query(`DELETE FROM "study_report"`);
  await manager.query(`DELETE FROM "study_finding"`);
  await manager.query(
    `INSERT INTO "study" ("title", "question", "purpose", "document") VALUES ($1, $2, $3, $4)
     ON CONFLICT ("singleton") DO UPDATE SET "title" = $1, "question" = $2, "purpose" = $3, "document" = $4, "updated_at" = now()`,
    [doc.title, doc.question, doc.purpose, JSON.stringify(doc)],
  );
  const citations = new CitationCollector(sourceIds, { editionId: null, caseId: null });
  const strands = doc.strands.map((s, i) => {
    const id = randomUUID();
    citations.add(id, 'STUDY_STRAND', s, s.title, `strands.${i}`);
    return {
      id,
      ...claimColumns(s, i),
      number: s.number,
      title: s.title,
      lead: s.lead ?? null,
      description: s.description ?? null,
    };
  });
  const reports = (doc.reports ?? []).map((r, i) => {
    const id = randomUUID();
    citations.add(id, 'STUDY_REPORT', r, r.title, `reports.${i}`);
    return {
      id,
      ...claimColumns(r, i),
      strandKey: r.strand ?? null,
      title: r.title,
      publishedText: r.published ?? null,
      description: r.description ?? null,
    };
  });
  const findings = (doc.findings ?? []).map((f, i) => {
    const id = randomUUID();
    citations.add(id, 'STUDY_FINDING', f, f.text, `findings.${i}`);
    return { id, ...claimColumns(f, i), strandKey: f.strand ?? null, text: f.text };
  });
  await insertAll(manager, StudyStrand, strands);
  await insertAll(manager, StudyReport, reports);
  await insertAll(manager, StudyFinding, findings);
  await insertAll(manager, Citation, citations.rows);
}
