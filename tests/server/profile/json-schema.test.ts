import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// ajv 8 is the document core's dependency; the copy hoisted to the root is eslint's ajv 6, which has no 2020 dialect.
import { Ajv2020, type ErrorObject } from '../../../schema/node_modules/ajv/dist/2020.js';
import { repoRoot } from '../platform/processes.js';
import {
  alphaFile,
  badDir,
  betaFile,
  deltaFile,
  gammaFile,
  readText,
  rel,
  seedCaseFiles,
  seedsDir,
  studyFixtureFile,
} from './helpers.js';

// The JSON Schemas in schema/ are what editors and other tools check documents with: they accept
// every real document and refuse the mistakes of shape, with the same compiler options as the server.
const schema = (name: string) => JSON.parse(readFileSync(path.join(repoRoot, 'schema', name), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validateCase = ajv.compile(schema('case-profile.schema.json'));
const validateStudy = ajv.compile(schema('study.schema.json'));

const documentOf = (file: string): unknown => parse(readText(file));
const errorsOf = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => ({ at: e.instancePath, keyword: e.keyword, params: e.params }));

const CASE_FILES = [...seedCaseFiles(), alphaFile, betaFile, gammaFile, deltaFile].map(rel);
const seedStudy = path.join(seedsDir, 'study.yaml');
const STUDY_FILES = [...(existsSync(seedStudy) ? [seedStudy] : []), studyFixtureFile].map(rel);

describe('schema/case-profile.schema.json', () => {
  it.for(CASE_FILES)('accepts %s', (file) => {
    const valid = validateCase(documentOf(path.join(repoRoot, file)));
    expect(errorsOf(validateCase.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  const BODY_TYPES = [
    'MINISTRY',
    'AGENCY',
    'AUTHORITY',
    'BOARD',
    'INSPECTORATE',
    'PROVIDER',
    'PARTNERSHIP',
    'COURT_OR_TRIBUNAL',
    'OTHER',
  ];
  const STRUCTURAL: [fixture: string, errors: ReturnType<typeof errorsOf>][] = [
    [
      'unknown-field',
      [
        {
          at: '/periods/0/levels/0/bodies/0',
          keyword: 'additionalProperties',
          params: { additionalProperty: 'colour' },
        },
      ],
    ],
    ['wrong-type', [{ at: '/periods/0/levels/0/unitCount', keyword: 'type', params: { type: 'integer' } }]],
    ['bad-enum', [{ at: '/periods/0/levels/0/bodies/0/type', keyword: 'enum', params: { allowedValues: BODY_TYPES } }]],
    [
      'bad-coverage',
      [
        {
          at: '/periods/0/coverage/levels',
          keyword: 'enum',
          params: { allowedValues: ['complete', 'partial', 'not-recorded'] },
        },
      ],
    ],
    ['empty-cite', [{ at: '/lessons/0/cite', keyword: 'minItems', params: { limit: 1 } }]],
    [
      'malformed-date',
      [{ at: '/timeline/0/date', keyword: 'pattern', params: { pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' } }],
    ],
    ['unquoted-date', [{ at: '/timeline/0/date', keyword: 'type', params: { type: 'string' } }]],
    ['wrong-format', [{ at: '/format', keyword: 'const', params: { allowedValue: 'casebook/case-profile@1' } }]],
  ];

  it.for(STRUCTURAL)('refuses tests/fixtures/bad/%s.yaml, saying where and why', ([fixture, errors]) => {
    expect(validateCase(documentOf(path.join(badDir, `${fixture}.yaml`)))).toBe(false);
    expect(errorsOf(validateCase.errors)).toEqual(errors);
  });

  it('refuses a review date in words, on the case and on a period', () => {
    const doc = documentOf(gammaFile) as { reviewed: unknown; periods: { reviewed: unknown }[] };
    doc.reviewed = 'December 2026';
    doc.periods[0]!.reviewed = 2026;
    expect(validateCase(doc)).toBe(false);
    expect(errorsOf(validateCase.errors)).toEqual([
      { at: '/reviewed', keyword: 'pattern', params: { pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' } },
      { at: '/periods/0/reviewed', keyword: 'type', params: { type: 'string' } },
    ]);
  });

  it('refuses the study record', () => {
    expect(validateCase(documentOf(studyFixtureFile))).toBe(false);
  });
});

describe('schema/study.schema.json', () => {
  it.for(STUDY_FILES)('accepts %s', (file) => {
    const valid = validateStudy(documentOf(path.join(repoRoot, file)));
    expect(errorsOf(validateStudy.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('refuses a case profile', () => {
    expect(validateStudy(documentOf(alphaFile))).toBe(false);
    expect(errorsOf(validateStudy.errors)).toContainEqual({
      at: '/format',
      keyword: 'const',
      params: { allowedValue: 'casebook/study@1' },
    });
  });
});
