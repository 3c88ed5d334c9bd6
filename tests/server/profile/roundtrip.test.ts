import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  InterchangeService,
  type ExportedDocument,
} from '../../../server/src/modules/interchange/interchange.service.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { alphaFile, betaFile, deltaFile, gammaFile, readText, rel, seedFiles, studyFixtureFile } from './helpers.js';

// export(import(file)) reproduces every canonical document byte for byte, in YAML; its JSON
// export is the same document, and importing that JSON elsewhere gives the same YAML back.
// One database takes the YAML files, a second one the exported JSON.
let yamlDb: TestDatabase;
let jsonDb: TestDatabase;
let tempDir: string;

const FILES = [...seedFiles(), alphaFile, betaFile, gammaFile, deltaFile, studyFixtureFile];

beforeAll(async () => {
  [yamlDb, jsonDb] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'casebook-roundtrip-'));
});

afterAll(async () => {
  await Promise.all([yamlDb?.drop(), jsonDb?.drop()]);
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

/** Exports what `file` describes (the case of its slug, or the study record). */
async function exported(
  service: InterchangeService,
  file: string,
  format: 'yaml' | 'json',
): Promise<ExportedDocument | null> {
  const doc = parse(readText(file)) as { format: string; slug?: string };
  return doc.format === 'casebook/study@1' ? service.exportStudy(format) : service.exportCase(doc.slug!, format);
}

describe('import then export', () => {
  it('covers the seeds and the fixtures', () => {
    expect(FILES.map(rel)).toEqual(
      expect.arrayContaining([
        'seeds/finland.yaml',
        'tests/fixtures/profiles/alpha.yaml',
        'tests/fixtures/profiles/gamma.yaml',
        'tests/fixtures/study.yaml',
      ]),
    );
  });

  // Each file is imported on its own just before its export: seeds/study.yaml and the study
  // fixture both describe the study record, and the later import replaces the earlier one.
  it.for(FILES.map(rel))('%s: gives back the same YAML, and JSON that imports to the same YAML', async (name) => {
    const file = FILES.find((f) => rel(f) === name)!;
    const original = readText(file);
    const yamlService = new InterchangeService(yamlDb.dataSource);
    const imported = await yamlService.importFiles([file], { publish: true });
    expect(imported.map((r) => [r.status, r.problems])).toEqual([['published', []]]);

    const yaml = await exported(yamlService, file, 'yaml');
    expect(yaml?.text).toBe(original);

    const json = await exported(yamlService, file, 'json');
    expect(json?.text).toBe(`${JSON.stringify(parse(original), null, 2)}\n`);

    const jsonFile = path.join(tempDir, `${path.basename(file, '.yaml')}.json`);
    await writeFile(jsonFile, json!.text);
    const jsonService = new InterchangeService(jsonDb.dataSource);
    expect((await jsonService.importFiles([jsonFile], { publish: true })).map((r) => [r.status, r.problems])).toEqual([
      ['published', []],
    ]);
    expect((await exported(jsonService, file, 'yaml'))?.text).toBe(original);
  });
});
