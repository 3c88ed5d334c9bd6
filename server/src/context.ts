import type { DataSource } from 'typeorm';
import { CaseStudyService } from './modules/case-study/case-study.service.js';

/** What every resolver receives for one request. */
export interface Context {
  dataSource: DataSource;
  services: {
    caseStudies: CaseStudyService;
  };
}

/** Builds the per-request context. */
export function createContext(dataSource: DataSource): Context {
  return {
    dataSource,
    services: {
      caseStudies: new CaseStudyService(dataSource),
    },
  };
}
