import type { DataSource } from 'typeorm';
import { pageWindow, toConnection, type ConnectionShape } from '../../common/pagination.js';
import { CaseStudy } from './case-study.entity.js';
import type { CaseStudiesArgs } from './case-study.inputs.js';

/** Reads case studies. */
export class CaseStudyService {
  constructor(private readonly dataSource: DataSource) {}

  /** One case by slug, or null. */
  async findBySlug(slug: string): Promise<CaseStudy | null> {
    return this.dataSource.getRepository(CaseStudy).findOneBy({ slug });
  }

  /** A page of cases, ordered by name, filtered by kind and text. */
  async list(args: CaseStudiesArgs): Promise<ConnectionShape<CaseStudy>> {
    const window = pageWindow(args);
    const query = this.dataSource.getRepository(CaseStudy).createQueryBuilder('c');
    if (args.kind) query.andWhere('c.kind = :kind', { kind: args.kind });
    const words = args.search?.trim();
    if (words) {
      query.andWhere(`(c.name ILIKE :pattern OR c.summary ILIKE :pattern)`, { pattern: `%${words.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` });
    }
    const [items, total] = await query.orderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC').skip(window.offset).take(window.limit).getManyAndCount();
    return toConnection(items, total, window);
  }
}
