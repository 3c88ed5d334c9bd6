import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { STRENGTH_LABELS, TIER_LABELS, type Tier } from '@casebook/schema';
import { AppError, ErrorCode } from '../../common/errors.js';
import {
  FUZZY,
  FUZZY_SIMILARITY,
  PHRASE,
  WORDS,
  searchSql,
  searchTerms,
  type SearchTerms,
} from '../../common/search.js';
import { pageAndTotal, pageWindow, toConnection, type ConnectionShape } from '../pagination.js';
import { LessonTheme, ServiceArea } from '../vocabulary/vocabulary.entity.js';
import { CaseEdition } from './case-edition.entity.js';
import { CaseStudy } from './case-study.entity.js';
import type { CaseStudiesArgs } from './case-study.inputs.js';

/** Looks up a vocabulary key or refuses the filter, naming the field. */
export async function vocabularyId(
  ds: DataSource,
  entity: typeof ServiceArea | typeof LessonTheme,
  key: string,
  field: string,
): Promise<string> {
  return (await vocabularyRow(ds, entity, key, field)).id;
}

async function vocabularyRow(
  ds: DataSource,
  entity: typeof ServiceArea | typeof LessonTheme,
  key: string,
  field: string,
): Promise<{ id: string; name: string }> {
  const row = await ds.getRepository(entity).findOneBy({ key });
  if (!row)
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `There is no ${entity === ServiceArea ? 'service area' : 'lesson theme'} "${key}".`,
      field,
    );
  return row;
}

/** "Children's social work and care" as it reads inside a sentence. */
function inSentence(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** "A, B and 2 more". */
function someOf(names: string[]): string {
  const unique = [...new Set(names)];
  if (unique.length <= 2) return unique.join(' and ');
  return `${unique.slice(0, 2).join(', ')} and ${unique.length - 2} more`;
}

/** Orders cases by name as readers look for them: "The Netherlands" under N. */
function byReadersName(query: SelectQueryBuilder<CaseStudy>): SelectQueryBuilder<CaseStudy> {
  return query
    .addSelect(`regexp_replace(c.name, '^the\\s+', '', 'i')`, 'sort_name')
    .addOrderBy('sort_name', 'ASC')
    .addOrderBy('c.name', 'ASC')
    .addOrderBy('c.id', 'ASC');
}

/** A published case as the site's public pages list it. */
export interface PublishedCasePages {
  slug: string;
  name: string;
  baseline: boolean;
  /** The latest edition's number and day of publication. */
  edition: number;
  publishedAt: Date | null;
  /** Every published edition, newest first, the latest included. */
  editions: { edition: number; publishedAt: Date }[];
}

/** Reads published case studies. */
export class CaseStudyService {
  constructor(private readonly dataSource: DataSource) {}

  /** A case by slug: the latest published edition, or the given one; null when absent. */
  async findBySlug(slug: string, edition?: number | null): Promise<CaseStudy | null> {
    const found = await this.dataSource.getRepository(CaseStudy).findOneBy({ slug });
    if (!found || found.editionId === null) return null;
    if (edition === undefined || edition === null || edition === found.edition) return found;
    const older = await this.dataSource
      .getRepository(CaseEdition)
      .findOneBy({ caseId: found.id, edition, isDraft: false });
    if (!older) return null;
    // The same case, showing the older edition's headline and parts.
    return Object.assign(Object.create(CaseStudy.prototype) as CaseStudy, found, {
      name: older.name,
      kind: older.kind,
      jurisdiction: older.jurisdiction,
      summary: older.summary,
      baseline: older.baseline,
      note: older.note,
      edition: older.edition,
      publishedAt: older.publishedAt,
      editionId: older.id,
    });
  }

  /**
   * Every published case with its published editions (newest first): what the site's public pages
   * are (the sitemap, the home page's description). Ordered by name, a leading "The" aside.
   */
  async publishedPages(): Promise<PublishedCasePages[]> {
    const cases = await byReadersName(
      this.dataSource.getRepository(CaseStudy).createQueryBuilder('c').where('c.current_edition_id IS NOT NULL'),
    ).getMany();
    if (cases.length === 0) return [];
    const editions = await this.dataSource
      .getRepository(CaseEdition)
      .createQueryBuilder('e')
      .where('e.is_draft = false')
      .andWhere('e.case_id IN (:...ids)', { ids: cases.map((c) => c.id) })
      .orderBy('e.edition', 'DESC')
      .getMany();
    return cases.map((c) => ({
      slug: c.slug,
      name: c.name,
      baseline: c.baseline,
      edition: c.edition,
      publishedAt: c.publishedAt,
      editions: editions
        .filter((e) => e.caseId === c.id)
        .map((e) => ({ edition: e.edition, publishedAt: e.publishedAt })),
    }));
  }

  private async filtered(args: CaseStudiesArgs): Promise<SelectQueryBuilder<CaseStudy>> {
    if (args.serviceArea && args.connectedToServiceArea)
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        'Give serviceArea or connectedToServiceArea, not both.',
        'connectedToServiceArea',
      );
    const query = this.dataSource
      .getRepository(CaseStudy)
      .createQueryBuilder('c')
      .where('c.current_edition_id IS NOT NULL');
    if (args.kind) query.andWhere('c.kind = :kind', { kind: args.kind });
    if (args.updatedSince) query.andWhere('c.published_at >= :since', { since: args.updatedSince });
    if (args.serviceArea) {
      const areaId = await vocabularyId(this.dataSource, ServiceArea, args.serviceArea, 'serviceArea');
      query.andWhere(
        'EXISTS (SELECT 1 FROM responsibility r WHERE r.edition_id = c.current_edition_id AND r.service_area_id = :areaId)',
        { areaId },
      );
    }
    if (args.connectedToServiceArea) {
      const connectedId = await vocabularyId(
        this.dataSource,
        ServiceArea,
        args.connectedToServiceArea,
        'connectedToServiceArea',
      );
      query.andWhere(
        `(EXISTS (SELECT 1 FROM responsibility r WHERE r.edition_id = c.current_edition_id AND r.service_area_id = :connectedId)
          OR EXISTS (SELECT 1 FROM service_connection sc WHERE sc.edition_id = c.current_edition_id AND :connectedId IN (sc.area_a_id, sc.area_b_id)))`,
        { connectedId },
      );
    }
    if (args.theme) {
      const themeId = await vocabularyId(this.dataSource, LessonTheme, args.theme, 'theme');
      query.andWhere(
        'EXISTS (SELECT 1 FROM reform_lesson l WHERE l.edition_id = c.current_edition_id AND l.theme_id = :themeId)',
        { themeId },
      );
    }
    if (args.evidenceStrength) {
      query.andWhere(
        'EXISTS (SELECT 1 FROM reform_lesson l2 WHERE l2.edition_id = c.current_edition_id AND l2.evidence_strength = :strength)',
        { strength: args.evidenceStrength },
      );
    }
    return query;
  }

  /** A page of published cases: by search rank when searching, otherwise by name (a leading "The" aside). */
  async list(args: CaseStudiesArgs): Promise<ConnectionShape<CaseStudy>> {
    const window = pageWindow(args);
    const query = await this.filtered(args);
    const terms = searchTerms(args.search);
    if (terms) {
      // Phrase matches first, then word matches (by weight: name > summary > the rest), then
      // cases whose words are spelt nearly like every searched word.
      const sql = searchSql(terms, {
        vector: 'c.search_vector',
        text: 'c.search_text',
        words: { table: 'case_search_word', key: 'case_id', id: 'c.id' },
      });
      query
        .andWhere(`(${sql.phrase} OR ${sql.words} OR ${sql.fuzzy})`, sql.params)
        .addSelect(sql.tier, 'match_tier')
        .addSelect(sql.rank, 'rank')
        .orderBy('match_tier', 'DESC')
        .addOrderBy('rank', 'DESC');
    }
    byReadersName(query);
    const [items, total] = await pageAndTotal(query, window);
    await this.explain(items, args, terms);
    return toConnection(items, total, window);
  }

  /** Sets each listed case's `matchReasons`: why the search and filters let it through. */
  private async explain(items: CaseStudy[], args: CaseStudiesArgs, terms: SearchTerms | undefined): Promise<void> {
    if (!items.length) return;
    const ids = items.map((c) => c.id);
    const reasons = new Map<string, string[]>(ids.map((id) => [id, []]));
    const add = (id: string, reason: string) => {
      const list = reasons.get(id);
      if (list && !list.includes(reason)) list.push(reason);
    };
    if (terms) for (const [id, reason] of await this.searchReasons(ids, terms)) add(id, reason);
    if (args.serviceArea || args.connectedToServiceArea) {
      const key = (args.serviceArea ?? args.connectedToServiceArea)!;
      const area = await vocabularyRow(this.dataSource, ServiceArea, key, 'serviceArea');
      const connected = new Set<string>();
      for (const [id, reason] of await this.holdsReasons(ids, area)) {
        add(id, reason);
        connected.add(id);
      }
      if (args.connectedToServiceArea) {
        for (const [id, reason] of await this.connectionReasons(ids, area)) if (!connected.has(id)) add(id, reason);
      }
    }
    if (args.theme) {
      const theme = await vocabularyRow(this.dataSource, LessonTheme, args.theme, 'theme');
      const rows = (await this.dataSource.query(
        `SELECT c.id, l.title FROM case_study c JOIN reform_lesson l ON l.edition_id = c.current_edition_id
         WHERE c.id = ANY($1) AND l.theme_id = $2 ORDER BY l.position`,
        [ids, theme.id],
      )) as { id: string; title: string }[];
      for (const id of ids) {
        const titles = rows.filter((r) => r.id === id).map((r) => `“${r.title}”`);
        if (titles.length) add(id, `Lesson on ${inSentence(theme.name)}: ${someOf(titles)}`);
      }
    }
    if (args.evidenceStrength) {
      const rows = (await this.dataSource.query(
        `SELECT c.id, l.title FROM case_study c JOIN reform_lesson l ON l.edition_id = c.current_edition_id
         WHERE c.id = ANY($1) AND l.evidence_strength = $2 ORDER BY l.position`,
        [ids, args.evidenceStrength],
      )) as { id: string; title: string }[];
      const strength = inSentence(STRENGTH_LABELS[args.evidenceStrength]);
      for (const id of ids) {
        const titles = rows.filter((r) => r.id === id).map((r) => `“${r.title}”`);
        if (titles.length) add(id, `Lesson with ${strength} evidence: ${someOf(titles)}`);
      }
    }
    for (const c of items) c.matchReasons = reasons.get(c.id) ?? [];
  }

  /** Which parts of each case the search matched, at the best level it matched the case at. */
  private async searchReasons(ids: string[], terms: SearchTerms): Promise<[string, string][]> {
    const rows = (await this.dataSource.query(
      `WITH docs AS (
         SELECT c.id AS case_id, 1 AS ord, 'name' AS part, NULL::text AS label, c.name AS body FROM case_study c WHERE c.id = ANY($1)
         UNION ALL SELECT c.id, 2, 'jurisdiction', NULL, c.jurisdiction FROM case_study c WHERE c.id = ANY($1)
         UNION ALL SELECT c.id, 3, 'summary', NULL, c.summary FROM case_study c WHERE c.id = ANY($1)
         UNION ALL SELECT c.id, 4, 'body', b.name, b.name || ' ' || coalesce(b.description, '')
           FROM case_study c JOIN body b ON b.edition_id = c.current_edition_id WHERE c.id = ANY($1)
         UNION ALL SELECT c.id, 5, 'lesson', l.title, l.title || ' ' || l.detail
           FROM case_study c JOIN reform_lesson l ON l.edition_id = c.current_edition_id WHERE c.id = ANY($1)
       ), q AS (
         SELECT trim(casebook_search_words($5)) AS phrase,
                websearch_to_tsquery('english', casebook_unaccent($2)) AS tsq,
                array_remove(string_to_array(trim(casebook_search_words($3)), ' '), '') AS fuzzy
       )
       SELECT d.case_id, d.part, d.label,
         CASE
           WHEN q.phrase <> '' AND casebook_search_words(d.body) LIKE '% ' || q.phrase || ' %' THEN ${PHRASE}
           WHEN to_tsvector('english', casebook_unaccent(d.body)) @@ q.tsq THEN ${WORDS}
           WHEN cardinality(q.fuzzy) > 0 AND NOT EXISTS (
             SELECT 1 FROM unnest(q.fuzzy) qw WHERE NOT EXISTS (
               SELECT 1 FROM unnest(string_to_array(trim(casebook_search_words(d.body)), ' ')) dw
               WHERE similarity(dw, qw) >= $4)) THEN ${FUZZY}
           ELSE 0
         END AS tier
       FROM docs d, q
       ORDER BY d.case_id, d.ord`,
      [ids, terms.words, terms.fuzzy ?? '', FUZZY_SIMILARITY, terms.phrase ?? ''],
    )) as { case_id: string; part: string; label: string | null; tier: number }[];
    const out: [string, string][] = [];
    for (const id of ids) {
      const mine = rows.filter((r) => r.case_id === id && r.tier > 0);
      const best = Math.max(0, ...mine.map((r) => r.tier));
      if (best === 0) {
        // The words were found, but spread over several parts.
        out.push([id, 'Words found across the profile']);
        continue;
      }
      // One reason, from the part that counts most: name, summary, organisations, lessons.
      const found: string[] = [];
      const atBest = mine.filter((r) => r.tier === best);
      const parts = new Set(atBest.map((r) => r.part));
      const close = best === FUZZY;
      const lead = close ? 'Similar spelling' : 'Text match';
      if (parts.has('name')) found.push(close ? 'Similar spelling: name' : 'Matched: name');
      // A country's jurisdiction is often its name: one reason says it.
      if (parts.has('jurisdiction') && !parts.has('name'))
        found.push(close ? 'Similar spelling: jurisdiction' : 'Matched: jurisdiction');
      if (parts.has('summary')) found.push(`${lead} in the summary`);
      const bodies = atBest.filter((r) => r.part === 'body').map((r) => r.label ?? '');
      if (bodies.length)
        found.push(`${lead} in ${bodies.length > 1 ? 'organisations' : 'an organisation'}: ${someOf(bodies)}`);
      const lessons = atBest.filter((r) => r.part === 'lesson').map((r) => `“${r.label ?? ''}”`);
      if (lessons.length) found.push(`${lead} in ${lessons.length > 1 ? 'lessons' : 'a lesson'}: ${someOf(lessons)}`);
      if (found[0]) out.push([id, found[0]]);
    }
    return out;
  }

  /** "Holds children's social work and care: Oranga Tamariki (national)", from the latest period that holds it. */
  private async holdsReasons(ids: string[], area: { id: string; name: string }): Promise<[string, string][]> {
    const rows = (await this.dataSource.query(
      `SELECT c.id, b.name, gl.tier, p.id AS period_id, p.label AS period,
              p.position = (SELECT max(p2.position) FROM structure_period p2 WHERE p2.edition_id = c.current_edition_id) AS latest
       FROM case_study c
       JOIN responsibility r ON r.edition_id = c.current_edition_id AND r.service_area_id = $2
       JOIN body b ON b.id = r.body_id
       JOIN governance_level gl ON gl.id = b.level_id
       JOIN structure_period p ON p.id = r.period_id
       WHERE c.id = ANY($1)
       ORDER BY c.id, p.position DESC, array_position(ARRAY['NATIONAL','REGIONAL','LOCAL']::tier[], gl.tier), b.position`,
      [ids, area.id],
    )) as { id: string; name: string; tier: Tier; period_id: string; period: string; latest: boolean }[];
    const out: [string, string][] = [];
    for (const id of ids) {
      const mine = rows.filter((r) => r.id === id);
      const first = mine[0];
      if (!first) continue;
      const bodies = mine
        .filter((r) => r.period_id === first.period_id)
        .map((r) => `${r.name} (${TIER_LABELS[r.tier].toLowerCase()})`);
      out.push([
        id,
        first.latest
          ? `Holds ${inSentence(area.name)}: ${someOf(bodies)}`
          : `Held ${inSentence(area.name)} in “${first.period}”: ${someOf(bodies)}`,
      ]);
    }
    return out;
  }

  /** "Connects children's social work and care with policing", for the broader filter. */
  private async connectionReasons(ids: string[], area: { id: string; name: string }): Promise<[string, string][]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT c.id, other.name, other.position
       FROM case_study c
       JOIN service_connection sc ON sc.edition_id = c.current_edition_id AND $2 IN (sc.area_a_id, sc.area_b_id)
       JOIN service_area other ON other.id = CASE WHEN sc.area_a_id = $2 THEN sc.area_b_id ELSE sc.area_a_id END
       WHERE c.id = ANY($1)
       ORDER BY other.position`,
      [ids, area.id],
    )) as { id: string; name: string }[];
    const out: [string, string][] = [];
    for (const id of ids) {
      const others = rows.filter((r) => r.id === id).map((r) => r.name);
      if (others.length) out.push([id, `Connects ${inSentence(area.name)} with ${someOf(others.map(inSentence))}`]);
    }
    return out;
  }
}
