import type { DataSource } from 'typeorm';
import type { CaseProfileDoc } from '@casebook/schema';
import { can, viewerUserId, type Viewer } from '../account/access.js';
import { CaseStudy } from '../case-study/case-study.entity.js';
import { CaseDraft, DraftStatus, Publication } from '../draft/draft.entity.js';
import type { RecentPublication, WorkItem, WorkList } from './work-list.types.js';

/** How many of the latest publications the work list shows. */
export const RECENT_PUBLICATIONS = 10;

/**
 * Whether a draft waits on the viewer: one in review waits on those who review; one sent back for
 * changes waits on the editor who saved it last (they know what the reviewer asked about).
 */
export function waitsOn(
  viewer: Viewer,
  draft: Pick<CaseDraft, 'status' | 'changesRequestedBy' | 'updatedBy'>,
): boolean {
  if (draft.status === DraftStatus.IN_REVIEW) return can(viewer, 'review');
  const me = viewerUserId(viewer);
  return draft.changesRequestedBy !== null && me !== null && draft.updatedBy === me && can(viewer, 'editDrafts');
}

/** The work list: every draft with where it stands, and the latest publications. */
export class WorkListService {
  constructor(private readonly dataSource: DataSource) {}

  async forViewer(viewer: Viewer): Promise<WorkList> {
    const me = viewerUserId(viewer);
    const [drafts, cases, publications, threads] = await Promise.all([
      this.dataSource.getRepository(CaseDraft).find({ order: { updatedAt: 'DESC' } }),
      this.dataSource.getRepository(CaseStudy).find(),
      this.dataSource.getRepository(Publication).find({ order: { publishedAt: 'DESC' }, take: RECENT_PUBLICATIONS }),
      // The open threads of each draft: comments that open one, not published, not resolved.
      this.dataSource.query(
        `SELECT case_id AS "caseId", count(*)::int AS n FROM review_comment
          WHERE edition IS NULL AND parent_id IS NULL AND resolved_at IS NULL GROUP BY case_id`,
      ) as Promise<{ caseId: string; n: number }[]>,
    ]);
    const openThreads = new Map(threads.map((t) => [t.caseId, t.n]));
    const byId = new Map(cases.map((c) => [c.id, c]));
    const items: WorkItem[] = drafts.flatMap((d) => {
      const c = byId.get(d.caseId);
      if (!c) return [];
      return [
        {
          slug: c.slug,
          name: (d.document as CaseProfileDoc).name,
          status: d.status,
          changesRequestedBy: d.status === DraftStatus.DRAFT ? d.changesRequestedBy : null,
          changesRequestedAt: d.status === DraftStatus.DRAFT ? d.changesRequestedAt : null,
          updatedByLabel: d.updatedByLabel,
          updatedAt: d.updatedAt,
          mine: me !== null && d.updatedBy === me,
          published: c.editionId !== null,
          waitsOnMe: waitsOn(viewer, d),
          openThreads: openThreads.get(d.caseId) ?? 0,
        },
      ];
    });
    const recentlyPublished: RecentPublication[] = publications.flatMap((p) => {
      const c = byId.get(p.caseId);
      return c
        ? [
            {
              slug: c.slug,
              name: c.name,
              edition: p.edition,
              publishedAt: p.publishedAt,
              publishedBy: p.publishedByLabel,
              summary: p.summary,
            },
          ]
        : [];
    });
    return { drafts: items, waitingOnMe: items.filter((i) => i.waitsOnMe).length, recentlyPublished };
  }
}
