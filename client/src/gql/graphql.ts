/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What a case study is a case of. */
export type CaseKind =
  /** A country's whole system of children's services. */
  | 'COUNTRY'
  /** A national reorganisation of one public service, studied for what its reform teaches. */
  | 'SERVICE_REFORM';

/** A case, optionally as it stood on a day. The same as the selector syntax `slug@YYYY-MM-DD` of URLs. */
export type CaseSelector = {
  /** A day (YYYY-MM-DD): the period in force then is compared. Omitted: the current period. */
  asOf?: string | null | undefined;
  /** The case slug, e.g. `police-scotland`. */
  slug: string;
};

/** What a cell records. */
export type CellStatus =
  /** The record says the case has nothing here (a tier recorded as absent, a connection recorded as NONE). */
  | 'ABSENT'
  /** The record says nothing here. Left out of agreement and common-approach counts. */
  | 'NO_DATA'
  /** The case has something here. */
  | 'PRESENT';

/** A section of a comparison. */
export type ComparisonSectionKind =
  /** A row per pair of service areas: how they connect. Value: the set of mechanisms. */
  | 'CONNECTIONS'
  /** A row per tier: the levels and bodies there. Value: whether the tier is present or absent. */
  | 'GOVERNANCE'
  /** A row per lesson theme: the lessons under it. Value: whether the theme is present. */
  | 'LESSONS'
  /** A row per service area and function: who holds it. Value: the set of tiers holding it. */
  | 'RESPONSIBILITIES';

/** How precise a date is: the year, the month or the day. */
export type DatePrecision =
  | 'DAY'
  | 'MONTH'
  | 'YEAR';

/** What kind of source this is. */
export type Standing =
  /** University or peer-reviewed research. */
  | 'ACADEMIC'
  /** Government, parliament, regulator, inspectorate, audit, legislation. */
  | 'OFFICIAL'
  /** News, commentary, or a copy of another page. */
  | 'SECONDARY'
  /** The research itself (CELCIS, its steering group). */
  | 'STUDY_OUTPUT';

/** A tier of government or service organisation. */
export type Tier =
  /** Municipalities, councils, local partnerships and areas. */
  | 'LOCAL'
  /** The whole country or nation: ministries, national agencies, a national service. */
  | 'NATIONAL'
  /** Between national and local: counties, boards, trusts, regional divisions. */
  | 'REGIONAL';

export type CaseStudiesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CaseStudiesQuery = { caseStudies: { totalCount: number, nodes: Array<{ id: string, slug: string, name: string, kind: CaseKind, summary: string }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ComparisonQueryVariables = Exact<{
  cases: Array<CaseSelector> | CaseSelector;
}>;


export type ComparisonQuery = { comparison: { baselineIndex: number | null, cases: Array<{ index: number, selector: string, asOf: string | null, baseline: boolean, caseStudy: { id: string, slug: string, name: string, kind: CaseKind, edition: number }, period: { id: string, key: string, label: string, validFrom: { text: string } | null, validTo: { text: string } | null } }>, sections: Array<{ kind: ComparisonSectionKind, title: string, rows: Array<{ key: string, label: string, withData: number, agree: boolean, differFromBaseline: Array<number>, cells: Array<{ caseIndex: number, status: CellStatus, value: Array<string>, uncertain: boolean, differsFromBaseline: boolean | null, items: Array<{ key: string, label: string, detail: string | null, tier: Tier | null, uncertain: boolean, uncertaintyNote: string | null, citations: Array<{ locator: string | null, source: { id: string, url: string, title: string, standing: Standing } }>, parts: Array<{ key: string, label: string, uncertain: boolean, uncertaintyNote: string | null, citations: Array<{ locator: string | null, source: { id: string, url: string, title: string, standing: Standing } }> }> }> }> }> }>, timeline: Array<{ caseIndex: number, event: { id: string, key: string, title: string, uncertain: boolean, uncertaintyNote: string | null, date: { text: string, precision: DatePrecision } } }>, commonApproaches: Array<{ section: ComparisonSectionKind, rowKey: string, rowLabel: string, value: Array<string>, sharedBy: Array<number>, differ: Array<number>, noData: Array<number> }> } };


export const CaseStudiesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CaseStudies"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"caseStudies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<CaseStudiesQuery, CaseStudiesQueryVariables>;
export const ComparisonDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Comparison"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"cases"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CaseSelector"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"comparison"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"cases"},"value":{"kind":"Variable","name":{"kind":"Name","value":"cases"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"baselineIndex"}},{"kind":"Field","name":{"kind":"Name","value":"cases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"selector"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"baseline"}},{"kind":"Field","name":{"kind":"Name","value":"caseStudy"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"edition"}}]}},{"kind":"Field","name":{"kind":"Name","value":"period"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"validFrom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"validTo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"sections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"rows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"withData"}},{"kind":"Field","name":{"kind":"Name","value":"agree"}},{"kind":"Field","name":{"kind":"Name","value":"differFromBaseline"}},{"kind":"Field","name":{"kind":"Name","value":"cells"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"caseIndex"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"uncertain"}},{"kind":"Field","name":{"kind":"Name","value":"differsFromBaseline"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}},{"kind":"Field","name":{"kind":"Name","value":"tier"}},{"kind":"Field","name":{"kind":"Name","value":"uncertain"}},{"kind":"Field","name":{"kind":"Name","value":"uncertaintyNote"}},{"kind":"Field","name":{"kind":"Name","value":"citations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"locator"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"standing"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"parts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"uncertain"}},{"kind":"Field","name":{"kind":"Name","value":"uncertaintyNote"}},{"kind":"Field","name":{"kind":"Name","value":"citations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"locator"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"standing"}}]}}]}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"timeline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"caseIndex"}},{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"date"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}}]}},{"kind":"Field","name":{"kind":"Name","value":"uncertain"}},{"kind":"Field","name":{"kind":"Name","value":"uncertaintyNote"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"commonApproaches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"section"}},{"kind":"Field","name":{"kind":"Name","value":"rowKey"}},{"kind":"Field","name":{"kind":"Name","value":"rowLabel"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"sharedBy"}},{"kind":"Field","name":{"kind":"Name","value":"differ"}},{"kind":"Field","name":{"kind":"Name","value":"noData"}}]}}]}}]}}]} as unknown as DocumentNode<ComparisonQuery, ComparisonQueryVariables>;