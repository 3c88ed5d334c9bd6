import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './common/loaders.js';
import { CaseStudyService } from './modules/case-study/case-study.service.js';
import { ComparisonService } from './modules/comparison/comparison.service.js';
import { LessonService } from './modules/lesson/lesson.service.js';
import { SourceService } from './modules/source/source.service.js';
import { StudyService } from './modules/study/study.service.js';

/** What every resolver receives for one request. */
export interface Context {
  dataSource: DataSource;
  loaders: Loaders;
  services: {
    caseStudies: CaseStudyService;
    comparison: ComparisonService;
    lessons: LessonService;
    sources: SourceService;
    study: StudyService;
  };
}

/** Builds the per-request context: fresh DataLoaders, so nothing is cached across requests. */
export function createContext(dataSource: DataSource): Context {
  return {
    dataSource,
    loaders: createLoaders(dataSource),
    services: {
      caseStudies: new CaseStudyService(dataSource),
      comparison: new ComparisonService(dataSource),
      lessons: new LessonService(dataSource),
      sources: new SourceService(dataSource),
      study: new StudyService(dataSource),
    },
  };
}
