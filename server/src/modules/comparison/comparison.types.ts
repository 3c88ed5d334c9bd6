import { IsOptional } from 'class-validator';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CoverageSection } from '@casebook/schema';
import { CaseStudy } from '../case-study/case-study.entity.js';
import { Extent } from '../governance/extent.types.js';
import { StructurePeriod } from '../governance/governance.entity.js';
import { Citation } from '../source/source.entity.js';
import { TimelineEvent } from '../timeline/timeline.entity.js';
import { BodyType, EvidenceStrength, Tier } from '../vocabulary/vocabulary.enums.js';

@InputType({
  description: 'A case, optionally as it stood on a day. The same as the selector syntax `slug@YYYY-MM-DD` of URLs.',
})
export class CaseSelector {
  // No class-validator rule here: it could not say which selector is bad (`cases.1.slug`); the
  // service names every bad slug, malformed or unknown, with its position.
  @Field(() => String, { description: 'The case slug, e.g. `police-scotland`.' })
  slug: string;

  @Field(() => String, {
    nullable: true,
    description: 'A day (YYYY-MM-DD): the period in force then is compared. Omitted: the current period.',
  })
  @IsOptional()
  asOf?: string;
}

export enum ComparisonSectionKind {
  GOVERNANCE = 'GOVERNANCE',
  RESPONSIBILITIES = 'RESPONSIBILITIES',
  SHARED_ORGANISATIONS = 'SHARED_ORGANISATIONS',
  CONNECTIONS = 'CONNECTIONS',
  LESSONS = 'LESSONS',
}
registerEnumType(ComparisonSectionKind, {
  name: 'ComparisonSectionKind',
  description: 'A section of a comparison.',
  valuesConfig: {
    GOVERNANCE: {
      description:
        'A row per tier: the levels and bodies there. Compared on the kinds of body at the tier and the service areas each kind holds (`PROVIDER:childrens-social-work,health`), or `absent`; numbers of units are shown, not compared.',
    },
    RESPONSIBILITIES: {
      description:
        'A row per service area and function: who holds it. Compared on the holders as tier and kind of body (`REGIONAL:PROVIDER`), or `none` where a case records all its responsibilities and no body holds this one.',
    },
    SHARED_ORGANISATIONS: {
      description:
        'A row per pair of service areas: whether one body, or bodies of one kind at one tier, hold both, computed from the responsibilities. Compared on the sharing and, for each function held together, the tier and kind of the bodies holding both (`ONE_BODY`, `DELIVERY@REGIONAL:PROVIDER`), or `SEPARATE`.',
    },
    CONNECTIONS: {
      description:
        'A row per pair of service areas: how they connect. Compared on the mechanisms and the tier, or `NONE`.',
    },
    LESSONS: {
      description:
        'A row per lesson theme: the lessons under it, side by side. Never judged: the verdict is NOT_JUDGED.',
    },
  },
});

export enum CellStatus {
  PRESENT = 'PRESENT',
  ABSENT = 'ABSENT',
  NO_DATA = 'NO_DATA',
}
registerEnumType(CellStatus, {
  name: 'CellStatus',
  description: 'What a cell records.',
  valuesConfig: {
    PRESENT: { description: 'The case has something here.' },
    ABSENT: {
      description:
        'The case has nothing here, and its profile says so: a tier recorded as absent, a connection recorded as NONE, or nothing where the period records the section completely (its `coverage`). It compares like any value.',
    },
    NO_DATA: {
      description:
        'Not recorded for this case: its profile says nothing here and does not record the section completely. Never the same as another value, and never counted as absent.',
    },
  },
});

export enum RowVerdict {
  SAME = 'SAME',
  DIFFERENT = 'DIFFERENT',
  NOT_JUDGED = 'NOT_JUDGED',
}
registerEnumType(RowVerdict, {
  name: 'RowVerdict',
  description: 'What a row says about the cases compared, on the comparison value its section defines (`basis`).',
  valuesConfig: {
    SAME: { description: 'Every case records the row, and their comparison values are equal.' },
    DIFFERENT: {
      description:
        'The recorded values differ, or some cases record the row and others do not (a one-sided row is a difference).',
    },
    NOT_JUDGED: { description: 'Lessons: shown side by side, never judged the same or different.' },
  },
});

export enum BaselineComparison {
  SAME = 'SAME',
  DIFFERENT = 'DIFFERENT',
  NOT_RECORDED = 'NOT_RECORDED',
  BASELINE_NOT_RECORDED = 'BASELINE_NOT_RECORDED',
}
registerEnumType(BaselineComparison, {
  name: 'BaselineComparison',
  description: "How a cell stands against the baseline case's cell in its row.",
  valuesConfig: {
    SAME: { description: 'Both record the row, with equal comparison values.' },
    DIFFERENT: { description: 'Both record the row, with different comparison values.' },
    NOT_RECORDED: { description: 'This case does not record the row.' },
    BASELINE_NOT_RECORDED: { description: 'This case records the row; the baseline does not.' },
  },
});

export enum AsOfFit {
  WITHIN = 'WITHIN',
  EARLIEST_UNKNOWN_START = 'EARLIEST_UNKNOWN_START',
  AFTER_TODAY = 'AFTER_TODAY',
}
registerEnumType(AsOfFit, {
  name: 'AsOfFit',
  description: 'How the day asked for (`asOf`) stands with the period compared for it.',
  valuesConfig: {
    WITHIN: { description: 'The day falls between the recorded start and end of the period.' },
    EARLIEST_UNKNOWN_START: {
      description:
        'The day falls in the earliest period described, whose start is not recorded: the case does not say that the period already held on that day.',
    },
    AFTER_TODAY: { description: 'The day is after today (UTC); the period compared is the current one.' },
  },
});

@ObjectType({ description: 'One of the cases compared, in the order selected.' })
export class ComparedCase {
  @Field(() => Int, {
    description: 'Position in the selection, from 0; cells and common approaches refer to cases by it.',
  })
  index: number;

  @Field(() => String, { description: 'The selector in the shared syntax, e.g. `police-scotland@2012-06-30`.' })
  selector: string;

  @Field(() => String, { nullable: true, description: 'The day asked for, if any.' })
  asOf: string | null;

  @Field(() => AsOfFit, {
    nullable: true,
    description:
      'How `asOf` stands with the period compared: inside its recorded dates, in an earliest period with no recorded start, or after today. Null when no day was asked for.',
  })
  asOfFit: AsOfFit | null;

  @Field(() => Boolean, {
    description: 'Whether this is the baseline case (Scotland today) that the others are compared with.',
  })
  baseline: boolean;

  @Field(() => CaseStudy, { description: 'The case.' })
  caseStudy: CaseStudy;

  @Field(() => StructurePeriod, { description: 'The period compared: the one in force on `asOf`, or the current one.' })
  period: StructurePeriod;
}

@ObjectType({ description: 'Something a cell lists: a level, a body, a connection or a lesson, with its sources.' })
export class CellItem {
  @Field(() => String, { description: 'Key of the part in its case.' })
  key: string;

  @Field(() => String, { description: 'What to show.' })
  label: string;

  @Field(() => String, { nullable: true, description: 'More detail, e.g. a description.' })
  detail: string | null;

  @Field(() => Tier, { nullable: true, description: 'The tier, where the item has one.' })
  tier: keyof typeof Tier | null;

  @Field(() => BodyType, {
    nullable: true,
    description: 'The kind of body, for a body and for the holder of a responsibility or a shared organisation.',
  })
  bodyType: keyof typeof BodyType | null;

  @Field(() => EvidenceStrength, { nullable: true, description: 'For a lesson: how strong its evidence is.' })
  evidenceStrength: keyof typeof EvidenceStrength | null;

  @Field(() => String, {
    nullable: true,
    description: 'For a lesson: whether and how it would carry over to Scotland.',
  })
  transferability: string | null;

  @Field(() => Extent, {
    nullable: true,
    description:
      'Where in the case it holds, when only in part of it ("in 9 of 31 partnerships"); null when throughout.',
  })
  extent: Extent | null;

  @Field(() => Boolean, { description: 'Whether the claim is marked uncertain.' })
  uncertain: boolean;

  @Field(() => String, { nullable: true, description: 'Why it is uncertain.' })
  uncertaintyNote: string | null;

  @Field(() => [Citation], { description: 'The sources of the claim.' })
  citations: Citation[];

  @Field(() => [CellItem], { description: 'Items within this one, e.g. the bodies at a level.' })
  parts: CellItem[];
}

@ObjectType({ description: "One case's cell in a row." })
export class ComparisonCell {
  @Field(() => Int, { description: 'Which case (index into `cases`).' })
  caseIndex: number;

  @Field(() => CellStatus, { description: 'Present, absent or no data.' })
  status: CellStatus;

  @Field(() => [String], {
    description:
      "The cell's comparison value, as its section defines it (see ComparisonSectionKind); cells are the same when their values are. Empty when not recorded and for lessons.",
  })
  value: string[];

  @Field(() => String, {
    description:
      'The comparison value in words, so a reader can check the verdict: "Health and Social Care Trusts (5), provider: children\'s social work and health". For lessons, how many there are.',
  })
  valueText: string;

  @Field(() => [CellItem], { description: 'What the case has here.' })
  items: CellItem[];

  @Field(() => Boolean, { description: 'Whether any item in the cell is uncertain.' })
  uncertain: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "Whether the value differs from the baseline case's; null for the baseline itself, without a baseline, or when either has no data.",
    deprecationReason: 'Use `versusBaseline`, which tells a case not recorded from a baseline not recorded.',
  })
  differsFromBaseline: boolean | null;

  @Field(() => BaselineComparison, {
    nullable: true,
    description:
      'How this cell stands against the baseline case in its row; null for the baseline itself, without a baseline, and for lessons (never judged).',
  })
  versusBaseline: BaselineComparison | null;
}

@ObjectType({ description: 'A row of a comparison: one cell per case, in the order selected.' })
export class ComparisonRow {
  @Field(() => String, {
    description:
      'Stable key of the row, e.g. `REGIONAL`, `childrens-social-work:DELIVERY`, `childrens-social-work+health`, `leadership`.',
  })
  key: string;

  @Field(() => String, { description: 'What the row compares.' })
  label: string;

  @Field(() => [ComparisonCell], { description: 'One cell per case.' })
  cells: ComparisonCell[];

  @Field(() => Int, { description: 'How many cells have data (are not NO_DATA).' })
  withData: number;

  @Field(() => Boolean, {
    description: 'Whether the verdict is SAME.',
    deprecationReason:
      'Use `verdict`: a row one case records and another does not is DIFFERENT, and lessons are NOT_JUDGED.',
  })
  agree: boolean;

  @Field(() => [Int], {
    description:
      "Cases that record the row with a value other than the baseline case's (empty without a baseline, and for lessons).",
  })
  differFromBaseline: number[];

  @Field(() => RowVerdict, { description: 'Same, different, or (lessons) not judged.' })
  verdict: RowVerdict;

  @Field(() => String, {
    description:
      'The verdict in words, naming the cases: "Differs: Scotland today: …; Northern Ireland: …", "Only Northern Ireland records this".',
  })
  verdictText: string;

  @Field(() => String, {
    description: 'What the verdict was judged on, in words: "Compared on: the kinds of body at this tier and …".',
  })
  basis: string;
}

@ObjectType({ description: 'A section of a comparison: aligned rows.' })
export class ComparisonSection {
  @Field(() => ComparisonSectionKind, { description: 'Which section.' })
  kind: ComparisonSectionKind;

  @Field(() => String, { description: 'Its title.' })
  title: string;

  @Field(() => [ComparisonRow], {
    description: 'The rows, in a fixed order (tiers national to local; vocabularies in their order).',
  })
  rows: ComparisonRow[];
}

@ObjectType({ description: "An event on the comparison's shared time axis." })
export class ComparisonTimelineEntry {
  @Field(() => Int, { description: 'Which case (index into `cases`).' })
  caseIndex: number;

  @Field(() => TimelineEvent, { description: 'The event.' })
  event: TimelineEvent;
}

@ObjectType({
  description:
    'An arrangement that at least two compared cases share in a judged row (never lessons). Those shared by some cases and not others come first.',
})
export class CommonApproach {
  @Field(() => ComparisonSectionKind, { description: 'The section of the row.' })
  section: ComparisonSectionKind;

  @Field(() => String, { description: 'The row key.' })
  rowKey: string;

  @Field(() => String, { description: 'The row label.' })
  rowLabel: string;

  @Field(() => [String], { description: 'The shared value.' })
  value: string[];

  @Field(() => [Int], { description: 'Cases sharing it.' })
  sharedBy: number[];

  @Field(() => [Int], { description: 'Cases with data and another value.' })
  differ: number[];

  @Field(() => [Int], { description: 'Cases with no data in this row: left out of the count, but named.' })
  noData: number[];

  @Field(() => String, {
    description:
      'The approach in a sentence a reader can check against the row: "Children\'s social work and care and Health care — one body holds both for delivery in Northern Ireland and Finland; not in Scotland today." In the shared-organisation section an approach is one function held together, and its value is the sharing and the function (`ONE_BODY`, `DELIVERY`).',
  })
  sentence: string;
}

@ObjectType({ description: 'Cases side by side: aligned sections, a shared timeline, and what they have in common.' })
export class Comparison {
  @Field(() => [ComparedCase], { description: 'The cases, in the order selected.' })
  cases: ComparedCase[];

  @Field(() => Int, { nullable: true, description: 'Index of the baseline case, when one is selected.' })
  baselineIndex: number | null;

  @Field(() => [ComparisonSection], {
    description: 'Governance, responsibilities, which services share an organisation, connections and lessons.',
  })
  sections: ComparisonSection[];

  @Field(() => [ComparisonTimelineEntry], {
    description: "Every case's events on one time axis, by the earliest day each date can mean.",
  })
  timeline: ComparisonTimelineEntry[];

  @Field(() => [CommonApproach], {
    description:
      "Arrangements shared by at least two cases in judged rows: first those some cases share and others do not, most shared first; then those every case shares; ties in the grid's order of sections and rows. Lessons are never here.",
  })
  commonApproaches: CommonApproach[];
}

export enum ChangeKind {
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
  CHANGED = 'CHANGED',
  NOT_RECORDED_BEFORE = 'NOT_RECORDED_BEFORE',
  NOT_RECORDED_AFTER = 'NOT_RECORDED_AFTER',
}
registerEnumType(ChangeKind, {
  name: 'ChangeKind',
  description:
    'What happened to a part between two structures. A part one structure has and the other lacks is added or removed only where the other records that section completely (its `coverage`); otherwise it is not recorded there.',
  valuesConfig: {
    ADDED: { description: 'In `to` only, and `from` records that section completely: it was not there before.' },
    REMOVED: { description: 'In `from` only, and `to` records that section completely: it is not there after.' },
    CHANGED: { description: 'In both, with fields that differ.' },
    NOT_RECORDED_BEFORE: {
      description: 'In `to` only, but `from` records that section partly or not at all: it may have been there.',
    },
    NOT_RECORDED_AFTER: {
      description: 'In `from` only, but `to` records that section partly or not at all: it may still be there.',
    },
  },
});

export enum PartKind {
  LEVEL = 'LEVEL',
  BODY = 'BODY',
  RESPONSIBILITY = 'RESPONSIBILITY',
  CONNECTION = 'CONNECTION',
}
registerEnumType(PartKind, { name: 'PartKind', description: 'The kind of structure part.' });

/** The section of a period's coverage each kind of part belongs to: bodies are recorded with their levels. */
export const PART_COVERAGE: Record<PartKind, CoverageSection> = {
  [PartKind.LEVEL]: 'levels',
  [PartKind.BODY]: 'levels',
  [PartKind.RESPONSIBILITY]: 'responsibilities',
  [PartKind.CONNECTION]: 'connections',
};

@ObjectType({ description: 'A field whose value changed.' })
export class FieldChange {
  @Field(() => String, { description: 'The field, e.g. `name` or `mechanisms`.' })
  field: string;

  @Field(() => String, { nullable: true, description: 'The value before, as text.' })
  before: string | null;

  @Field(() => String, { nullable: true, description: 'The value after, as text.' })
  after: string | null;
}

@ObjectType({
  description:
    'A part added, removed or changed between two structures (matched by key), or one that a structure has and the other does not record.',
})
export class StructuralChange {
  @Field(() => PartKind, { description: 'Level, body, responsibility or connection.' })
  part: PartKind;

  @Field(() => ChangeKind, { description: 'Added, removed, changed, or not recorded on one side.' })
  change: ChangeKind;

  @Field(() => String, { description: 'The stable key.' })
  key: string;

  @Field(() => String, { description: 'What it is, e.g. the body name.' })
  label: string;

  @Field(() => Tier, { nullable: true, description: 'Its tier, where it has one.' })
  tier: keyof typeof Tier | null;

  @Field(() => [FieldChange], { description: 'For a change: the fields that differ.' })
  fields: FieldChange[];
}

@ObjectType({ description: 'What differs between two structures: two cases, or two dates of one case.' })
export class StructuralDiff {
  @Field(() => ComparedCase, { description: 'The structure compared from.' })
  from: ComparedCase;

  @Field(() => ComparedCase, { description: 'The structure compared to.' })
  to: ComparedCase;

  @Field(() => [StructuralChange], {
    description:
      'Removed, added, changed, then not recorded before and not recorded after; in each, levels, bodies, responsibilities, connections.',
  })
  changes: StructuralChange[];
}
