import type { DataSource } from 'typeorm';
import { LessonTheme, ServiceArea } from './vocabulary.entity.js';

/** Reads the vocabularies (seeded by a migration), in their set order. */
export class VocabularyService {
  constructor(private readonly dataSource: DataSource) {}

  serviceAreas(): Promise<ServiceArea[]> {
    return this.dataSource.getRepository(ServiceArea).find({ order: { position: 'ASC' } });
  }

  lessonThemes(): Promise<LessonTheme[]> {
    return this.dataSource.getRepository(LessonTheme).find({ order: { position: 'ASC' } });
  }
}
