import type { DataSource } from 'typeorm';
import { Study, StudyFinding, StudyReport, StudyStrand } from './study.entity.js';

/** Reads the study record. */
export class StudyService {
  constructor(private readonly dataSource: DataSource) {}

  get(): Promise<Study | null> {
    return this.dataSource.getRepository(Study).findOne({ where: {} });
  }

  strands(): Promise<StudyStrand[]> {
    return this.dataSource.getRepository(StudyStrand).find({ order: { number: 'ASC', position: 'ASC' } });
  }

  reports(): Promise<StudyReport[]> {
    return this.dataSource.getRepository(StudyReport).find({ order: { position: 'ASC' } });
  }

  findings(): Promise<StudyFinding[]> {
    return this.dataSource.getRepository(StudyFinding).find({ order: { position: 'ASC' } });
  }
}
