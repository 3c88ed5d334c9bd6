import type { Logger } from 'typeorm';

/** A TypeORM logger that counts SQL statements, for asserting that reads cost a fixed number. */
export class StatementCounter implements Logger {
  count = 0;
  statements: string[] = [];
  private recording = false;

  /** Counts the statements `work` runs. */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; statements: number; sql: string[] }> {
    this.count = 0;
    this.statements = [];
    this.recording = true;
    try {
      const result = await work();
      return { result, statements: this.count, sql: [...this.statements] };
    } finally {
      this.recording = false;
    }
  }

  logQuery(query: string): void {
    if (!this.recording) return;
    this.count += 1;
    this.statements.push(query);
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
