import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { startTestServer, type TestServer } from '../../support/http.js';
import {
  compare,
  comparisonFixtureFile,
  importFiles,
  readComparisonFixture,
  type GqlComparison,
  type GqlRow,
} from './helpers.js';

// What the comparison judges, on frozen copies of the Scotland and Northern Ireland profiles
// (tests/fixtures/comparison/*-2023.yaml) so that the content can change without these changing,
// and on a fixture whose earlier period is recorded only in part (partial-before.yaml).
let db: TestDatabase;
let server: TestServer;
let c: GqlComparison;

beforeAll(async () => {
  db = await createTestDatabase();
  await importFiles(db.dataSource, [
    comparisonFixtureFile('scotland-2023'),
    comparisonFixtureFile('northern-ireland-2023'),
    comparisonFixtureFile('partial-before'),
    comparisonFixtureFile('homeland'),
  ]);
  server = await startTestServer(db.dataSource);
  c = await compare(server, [{ slug: 'scotland' }, { slug: 'northern-ireland' }]);
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

const rowOf = (x: GqlComparison, kind: string, key: string): GqlRow => {
  const found = x.sections.find((s) => s.kind === kind)?.rows.find((r) => r.key === key);
  if (!found) throw new Error(`no ${kind} row ${key}`);
  return found;
};
const rowsOf = (x: GqlComparison, kind: string) => x.sections.find((s) => s.kind === kind)!.rows;

describe('Scotland today against Northern Ireland (frozen profiles)', () => {
  it('the regional tier differs, and says on what: health boards for health, trusts for social work with health', () => {
    const regional = rowOf(c, 'GOVERNANCE', 'REGIONAL');
    expect(regional.verdict).toBe('DIFFERENT');
    expect(regional.basis).toMatch(/^Compared on: the kinds of body at this tier and the service areas each holds/);
    expect(regional.cells.map((x) => x.value)).toEqual([
      ['BOARD:health,mental-health'],
      ['PROVIDER:childrens-social-work,health'],
    ]);
    expect(regional.cells.map((x) => x.valueText)).toEqual([
      'Territorial NHS boards (14), board: health care and mental health.',
      "Health and Social Care Trusts (5), provider: children's social work and care and health care.",
    ]);
    expect(regional.verdictText).toBe(
      "Differs. Scotland today: Territorial NHS boards (14), board: health care and mental health. Northern Ireland: Health and Social Care Trusts (5), provider: children's social work and care and health care.",
    );
    // Scotland is the baseline: Northern Ireland's cell differs from it.
    expect(c.baselineIndex).toBe(0);
    expect(regional.cells.map((x) => x.versusBaseline)).toEqual([null, 'DIFFERENT']);
    expect(regional.differFromBaseline).toEqual([1]);
  });

  it('the national tier is not "the same" for being present: its kinds of body and what they hold differ', () => {
    const national = rowOf(c, 'GOVERNANCE', 'NATIONAL');
    expect(national.cells.map((x) => x.status)).toEqual(['PRESENT', 'PRESENT']);
    expect(national.verdict).toBe('DIFFERENT');
    expect(national.cells[1]!.value).toEqual([
      'MINISTRY:childrens-social-work,health',
      'AGENCY:youth-justice',
      'AUTHORITY:education',
      'INSPECTORATE:childrens-social-work',
    ]);
    expect(national.cells[1]!.valueText).toMatch(/^Department of Health: Strategic Planning and Performance Group/);
  });

  it('a local tier recorded as absent is data, and compares', () => {
    const local = rowOf(c, 'GOVERNANCE', 'LOCAL');
    expect(local.cells.map((x) => [x.status, x.value])).toEqual([
      ['PRESENT', expect.arrayContaining(['BOARD:childrens-social-work,health,adult-social-care'])],
      ['ABSENT', ['absent']],
    ]);
    expect(local.cells[1]!.valueText).toBe('None: Local councils (no social services role).');
    expect(local.verdict).toBe('DIFFERENT');
  });

  it('a row only one case records is a difference, named in words, and stays in the differences', () => {
    const judged = c.sections.filter((s) => s.kind !== 'LESSONS').flatMap((s) => s.rows);
    const oneSided = judged.filter((r) => r.withData === 1);
    expect(oneSided.length).toBeGreaterThan(10);
    for (const r of oneSided) expect(r.verdict, r.key).toBe('DIFFERENT');

    // The one-sided connection rows, both ways round.
    const integration = rowOf(c, 'CONNECTIONS', 'childrens-social-work+health');
    expect(integration.cells.map((x) => [x.status, x.versusBaseline])).toEqual([
      ['NO_DATA', null],
      ['PRESENT', 'BASELINE_NOT_RECORDED'],
    ]);
    expect(integration.cells[1]!.value).toEqual(['STRUCTURAL_INTEGRATION:REGIONAL']);
    expect(integration.verdictText).toBe('Only Northern Ireland records this. Not recorded for Scotland today.');
    const adults = rowOf(c, 'CONNECTIONS', 'childrens-social-work+adult-social-care');
    expect(adults.verdict).toBe('DIFFERENT');
    expect(adults.cells[1]!.versusBaseline).toBe('NOT_RECORDED');
    expect(adults.verdictText).toBe('Only Scotland today records this. Not recorded for Northern Ireland.');
    expect(rowOf(c, 'CONNECTIONS', 'childrens-social-work+health').cells[0]!.valueText).toBe(
      'Not recorded for this case.',
    );

    // The view of differences keeps every one-sided row: all rows but the same ones and the lessons.
    const differences = judged.filter((r) => r.verdict === 'DIFFERENT');
    expect(differences.map((r) => r.key)).toEqual(expect.arrayContaining(oneSided.map((r) => r.key)));
    expect(differences.length).toBe(judged.filter((r) => r.verdict !== 'SAME').length);
    expect(differences.length).toBeGreaterThan(30);
  });

  it('the same means the same tier and kind of holder: inspection by a national inspectorate in both', () => {
    const inspection = rowOf(c, 'RESPONSIBILITIES', 'childrens-social-work:INSPECTION');
    expect(inspection.verdict).toBe('SAME');
    expect(inspection.cells.map((x) => x.value)).toEqual([['NATIONAL:INSPECTORATE'], ['NATIONAL:INSPECTORATE']]);
    expect(inspection.verdictText).toBe(
      'The same in Scotland today and Northern Ireland: held by a national inspectorate.',
    );
    expect(inspection.basis).toBe('Compared on: who holds it, as the tier and kind of each body.');
    expect(inspection.cells[1]!.versusBaseline).toBe('SAME');
  });

  it('each holder shows its tier, its kind, its name and what it does', () => {
    const delivery = rowOf(c, 'RESPONSIBILITIES', 'childrens-social-work:DELIVERY');
    const doc = readComparisonFixture('northern-ireland-2023');
    const trusts = doc.periods
      .find((p) => !p.validTo)!
      .levels!.flatMap((l) => l.bodies ?? [])
      .find((b) => b.key === 'hsc-trusts')!;
    const held = trusts.responsibilities!.find(
      (r) => r.function === 'DELIVERY' && r.serviceArea === 'childrens-social-work',
    )!;
    expect(delivery.cells[1]!.items.map((i) => [i.label, i.tier, i.bodyType, i.detail])).toEqual([
      ['Health and Social Care Trusts', 'REGIONAL', 'PROVIDER', held.description],
    ]);
    expect(held.description).toBeTruthy();
    expect(delivery.cells[1]!.valueText).toBe('Regional provider: Health and Social Care Trusts.');
    // Scotland's holders at two tiers, each kind named once with its bodies.
    expect(delivery.cells[0]!.valueText).toBe(
      "National agency: Scottish Children's Reporter Administration (SCRA) and Children's Hearings Scotland (CHS); National court or tribunal: Children's hearings; Local authority: Councils.",
    );
  });

  it('lessons are side by side with their evidence and transferability, never judged', () => {
    const doc = readComparisonFixture('northern-ireland-2023');
    const governance = rowOf(c, 'LESSONS', 'governance-accountability');
    expect(governance.verdict).toBe('NOT_JUDGED');
    expect(governance.verdictText).not.toMatch(/same|differ/i);
    expect(governance.basis).toMatch(/^Not judged/);
    expect(governance.differFromBaseline).toEqual([]);
    expect(governance.cells.map((x) => x.versusBaseline)).toEqual([null, null]);
    expect(governance.cells.map((x) => x.value)).toEqual([[], []]);
    const expected = (doc.lessons ?? []).filter((l) => l.theme === 'governance-accountability');
    expect(governance.cells[1]!.items.map((i) => [i.label, i.evidenceStrength, i.transferability])).toEqual(
      expected.map((l) => [l.title, l.evidenceStrength ?? null, l.transferability ?? null]),
    );
    expect(expected.some((l) => l.evidenceStrength)).toBe(true);
    expect(governance.cells[1]!.valueText).toMatch(new RegExp(`^${expected.length} lessons; evidence: `));
    for (const r of rowsOf(c, 'LESSONS')) expect(r.verdict, r.key).toBe('NOT_JUDGED');
  });

  it('which services share an organisation: the trusts hold social work with health for delivery; the IJBs commission it', () => {
    const health = rowOf(c, 'SHARED_ORGANISATIONS', 'childrens-social-work+health');
    expect(health.cells.map((x) => x.value)).toEqual([
      ['ONE_BODY', 'COMMISSIONING@LOCAL:BOARD'],
      ['ONE_BODY', 'COMMISSIONING@NATIONAL:MINISTRY', 'DELIVERY@REGIONAL:PROVIDER'],
    ]);
    expect(health.verdict).toBe('DIFFERENT');
    // Scotland's rests on the IJBs' children's services, which the profile marks uncertain.
    expect(health.cells[0]!.uncertain).toBe(true);
    expect(health.cells[0]!.items.map((i) => [i.key, i.tier, i.bodyType, i.uncertain])).toEqual([
      ['integration-joint-boards', 'LOCAL', 'BOARD', true],
    ]);
    expect(health.cells[0]!.items[0]!.uncertaintyNote).toMatch(/count is marked uncertain/);
    expect(health.cells[1]!.items.flatMap((i) => i.citations).length).toBeGreaterThan(0);

    // The adult social care question, answered from what the profiles record.
    const adults = rowOf(c, 'SHARED_ORGANISATIONS', 'childrens-social-work+adult-social-care');
    expect(adults.cells.map((x) => [x.status, x.value])).toEqual([
      ['PRESENT', ['ONE_BODY', 'COMMISSIONING@LOCAL:BOARD']],
      ['NO_DATA', []],
    ]);
    expect(adults.cells[1]!.valueText).toBe(
      'Not recorded: this case holds at most one of the two services in its responsibilities.',
    );
  });

  it('common approaches are sentences a reader can check, pointing at rows of the grid, never lessons', () => {
    expect(c.commonApproaches.map((a) => a.sentence)).toEqual([
      "Children's social work and care: Inspection — held by a national inspectorate in Scotland today and Northern Ireland.",
      "Children's social work and care and Health care — one body holds both for commissioning in Scotland today and Northern Ireland.",
    ]);
    for (const a of c.commonApproaches) {
      const row = rowOf(c, a.section, a.rowKey);
      expect(row.label).toBe(a.rowLabel);
      expect(a.section).not.toBe('LESSONS');
    }
  });
});

describe('not recorded is not absent: coverage decides', () => {
  it('a tier missing from a partly recorded period is not recorded; from a complete one, absent', async () => {
    const x = await compare(server, [{ slug: 'partial-before', asOf: '2017-06-01' }, { slug: 'partial-before' }]);
    const local = rowOf(x, 'GOVERNANCE', 'LOCAL');
    expect(local.cells.map((cell) => [cell.status, cell.value, cell.valueText])).toEqual([
      ['NO_DATA', [], 'Not recorded for this case.'],
      ['ABSENT', ['absent'], 'No level at this tier.'],
    ]);
    expect(local.verdictText).toBe('Only Partial Before records this. Not recorded for Partial Before on 1 June 2017.');
    // Connections: not recorded before; recorded after.
    const connection = rowOf(x, 'CONNECTIONS', 'childrens-social-work+health');
    expect(connection.cells.map((cell) => cell.status)).toEqual(['NO_DATA', 'PRESENT']);
  });

  it('a responsibility a complete period does not hold is held by no body, and compares', async () => {
    const x = await compare(server, [{ slug: 'homeland' }, { slug: 'partial-before' }]);
    const absent = rowsOf(x, 'RESPONSIBILITIES').filter((r) => r.cells[1]!.status === 'ABSENT');
    expect(absent.length).toBeGreaterThan(0);
    for (const r of absent) {
      expect(r.cells[1]!.value, r.key).toEqual(['none']);
      expect(r.cells[1]!.valueText).toBe('No body holds this.');
      expect(r.verdict).toBe('DIFFERENT');
    }
  });
});

describe('the deprecated fields still answer, from the verdict', () => {
  it('agree is the same verdict, and differsFromBaseline the same standing', async () => {
    const { body } = await server.graphql<{
      comparison: {
        sections: {
          rows: {
            verdict: string;
            agree: boolean;
            cells: { versusBaseline: string | null; differsFromBaseline: boolean | null }[];
          }[];
        }[];
      };
    }>(
      `query($cases: [CaseSelector!]!) { comparison(cases: $cases) { sections { rows { verdict agree cells { versusBaseline differsFromBaseline } } } } }`,
      { cases: [{ slug: 'scotland' }, { slug: 'northern-ireland' }] },
    );
    const rows = body.data!.comparison.sections.flatMap((s) => s.rows);
    for (const r of rows) {
      expect(r.agree).toBe(r.verdict === 'SAME');
      for (const cell of r.cells)
        expect(cell.differsFromBaseline).toBe(
          cell.versusBaseline === 'SAME' ? false : cell.versusBaseline === 'DIFFERENT' ? true : null,
        );
    }
    expect(rows.some((r) => r.agree)).toBe(true);
  });
});
