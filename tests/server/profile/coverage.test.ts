import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { PeriodCoverage1764180000000 } from '../../../server/src/db/migrations/1764180000000-period-coverage.js';
import { InterchangeService } from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import { betaFile, readText, rel } from './helpers.js';

// A period says, per section (levels and bodies, responsibilities, connections), whether it
// records all of it, some or none. A file that says nothing claims nothing: every section is
// partial. Export writes the coverage in full, so that an exported file says what it covers.
let db: TestDatabase;
let server: TestServer;
let service: InterchangeService;
let tempDir: string;

type Doc = Record<string, unknown> & { slug: string; periods: Record<string, unknown>[] };
const beta = (): Doc => parse(readText(betaFile)) as Doc;

/** beta.yaml under another slug, its one period changed by `edit`, written to a file. */
async function variant(slug: string, edit: (period: Record<string, unknown>) => void): Promise<string> {
  const doc = { ...beta(), slug };
  edit(doc.periods[0]!);
  const file = path.join(tempDir, `${slug}.yaml`);
  await writeFile(file, stringify(doc));
  return file;
}

const COVERAGE = `query ($slug: String!) {
  caseStudy(slug: $slug) { periods { key coverage { levels responsibilities connections } } }
}`;
async function coverageOf(slug: string) {
  const { body } = await server.graphql<{
    caseStudy: { periods: { key: string; coverage: Record<string, string> }[] };
  }>(COVERAGE, { slug });
  expect(body.errors).toBeUndefined();
  return body.data!.caseStudy.periods.map((p) => [p.key, p.coverage]);
}

/** The period's coverage as the YAML export writes it. */
async function exportedCoverage(slug: string): Promise<unknown> {
  const exported = await service.exportCase(slug, 'yaml');
  return (parse(exported!.text) as Doc).periods[0]!.coverage;
}

async function problemsOf(file: string): Promise<string[]> {
  const [report] = await service.importFiles([file], { dryRun: true, publish: true });
  return report!.problems.map((p) => `${p.path}: ${p.message}`);
}

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startTestServer(db.dataSource);
  service = new InterchangeService(db.dataSource);
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'casebook-coverage-'));
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe('a period’s coverage', () => {
  it('is partial in every section when the file says nothing, and the export then says so', async () => {
    const file = await variant('silent-police', (p) => delete p.coverage);
    expect(readText(file)).not.toContain('coverage');
    expect((await service.importFiles([file], { publish: true })).map((r) => [r.status, r.problems])).toEqual([
      ['published', []],
    ]);
    expect(await coverageOf('silent-police')).toEqual([
      ['from-2015', { levels: 'PARTIAL', responsibilities: 'PARTIAL', connections: 'PARTIAL' }],
    ]);
    expect(await exportedCoverage('silent-police')).toEqual({
      levels: 'partial',
      responsibilities: 'partial',
      connections: 'partial',
    });
  });

  it('reaches the API as the file declares it, a section left out being partial, and exports in full', async () => {
    const file = await variant('declared-police', (p) => {
      p.coverage = { connections: 'complete', levels: 'complete' };
    });
    expect((await service.importFiles([file], { publish: true })).map((r) => r.status)).toEqual(['published']);
    expect(await coverageOf('declared-police')).toEqual([
      ['from-2015', { levels: 'COMPLETE', responsibilities: 'PARTIAL', connections: 'COMPLETE' }],
    ]);
    // In section order, whatever order the file wrote them in.
    const text = (await service.exportCase('declared-police', 'yaml'))!.text;
    expect(text).toContain(
      '    coverage:\n      levels: complete\n      responsibilities: partial\n      connections: complete\n    levels:\n',
    );
  });

  it('accepts a section declared not recorded when the period lists nothing there', async () => {
    const file = await variant('unconnected-police', (p) => {
      delete p.connections;
      p.coverage = { levels: 'partial', responsibilities: 'partial', connections: 'not-recorded' };
    });
    expect((await service.importFiles([file], { publish: true })).map((r) => r.status)).toEqual(['published']);
    expect(await coverageOf('unconnected-police')).toEqual([
      ['from-2015', { levels: 'PARTIAL', responsibilities: 'PARTIAL', connections: 'NOT_RECORDED' }],
    ]);
    expect(await exportedCoverage('unconnected-police')).toEqual({
      levels: 'partial',
      responsibilities: 'partial',
      connections: 'not-recorded',
    });
  });
});

describe('a bad coverage is refused, naming the field', () => {
  it.for([
    [
      'a value outside the vocabulary',
      { levels: 'full' },
      ['periods.0.coverage.levels: must be one of complete, partial, not-recorded'],
    ],
    ['a section that is not one', { bodies: 'complete' }, ['periods.0.coverage.bodies: unknown field "bodies"']],
    [
      'one word for every section',
      'complete',
      [
        'periods.0.coverage: must name each section it declares, e.g. { levels: complete, responsibilities: partial, connections: not-recorded }',
      ],
    ],
    [
      'sections declared not recorded where the period lists parts',
      { levels: 'not-recorded', responsibilities: 'not-recorded', connections: 'not-recorded' },
      [
        'periods.0.coverage.levels: says no levels are recorded, but the period lists 1: mark it partial or complete',
        'periods.0.coverage.responsibilities: says no responsibilities are recorded, but the period lists 1: mark it partial or complete',
        'periods.0.coverage.connections: says no connections are recorded, but the period lists 1: mark it partial or complete',
      ],
    ],
  ] as const)('%s', async ([, coverage, problems]) => {
    const file = await variant('bad-coverage', (p) => {
      p.coverage = coverage;
    });
    expect(await problemsOf(file), rel(file)).toEqual(problems);
  });
});

describe('periods published before coverage was recorded', () => {
  it('read as partial in every section once the column is added', async () => {
    const file = await variant('older-police', (p) => {
      p.coverage = { levels: 'complete', responsibilities: 'complete', connections: 'complete' };
    });
    expect((await service.importFiles([file], { publish: true })).map((r) => r.status)).toEqual(['published']);
    const runner = db.dataSource.createQueryRunner();
    try {
      const migration = new PeriodCoverage1764180000000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await coverageOf('older-police')).toEqual([
      ['from-2015', { levels: 'PARTIAL', responsibilities: 'PARTIAL', connections: 'PARTIAL' }],
    ]);
  });
});
