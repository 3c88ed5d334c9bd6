import { CaseStudy } from '../modules/case-study/case-study.entity.js';

/** Every entity TypeORM maps. */
export const entities = [CaseStudy];
