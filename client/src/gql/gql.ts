/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query CaseStudies($first: Int, $after: String) {\n  caseStudies(first: $first, after: $after) {\n    totalCount\n    nodes {\n      id\n      slug\n      name\n      kind\n      summary\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.CaseStudiesDocument,
    "query Comparison($cases: [CaseSelector!]!) {\n  comparison(cases: $cases) {\n    baselineIndex\n    cases {\n      index\n      selector\n      asOf\n      baseline\n      caseStudy {\n        id\n        slug\n        name\n        kind\n        edition\n      }\n      period {\n        id\n        key\n        label\n        validFrom {\n          text\n        }\n        validTo {\n          text\n        }\n      }\n    }\n    sections {\n      kind\n      title\n      rows {\n        key\n        label\n        withData\n        agree\n        differFromBaseline\n        cells {\n          caseIndex\n          status\n          value\n          uncertain\n          differsFromBaseline\n          items {\n            key\n            label\n            detail\n            tier\n            uncertain\n            uncertaintyNote\n            citations {\n              locator\n              source {\n                id\n                url\n                title\n                standing\n              }\n            }\n            parts {\n              key\n              label\n              uncertain\n              uncertaintyNote\n              citations {\n                locator\n                source {\n                  id\n                  url\n                  title\n                  standing\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n    timeline {\n      caseIndex\n      event {\n        id\n        key\n        title\n        date {\n          text\n          precision\n        }\n        uncertain\n        uncertaintyNote\n      }\n    }\n    commonApproaches {\n      section\n      rowKey\n      rowLabel\n      value\n      sharedBy\n      differ\n      noData\n    }\n  }\n}": typeof types.ComparisonDocument,
};
const documents: Documents = {
    "query CaseStudies($first: Int, $after: String) {\n  caseStudies(first: $first, after: $after) {\n    totalCount\n    nodes {\n      id\n      slug\n      name\n      kind\n      summary\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.CaseStudiesDocument,
    "query Comparison($cases: [CaseSelector!]!) {\n  comparison(cases: $cases) {\n    baselineIndex\n    cases {\n      index\n      selector\n      asOf\n      baseline\n      caseStudy {\n        id\n        slug\n        name\n        kind\n        edition\n      }\n      period {\n        id\n        key\n        label\n        validFrom {\n          text\n        }\n        validTo {\n          text\n        }\n      }\n    }\n    sections {\n      kind\n      title\n      rows {\n        key\n        label\n        withData\n        agree\n        differFromBaseline\n        cells {\n          caseIndex\n          status\n          value\n          uncertain\n          differsFromBaseline\n          items {\n            key\n            label\n            detail\n            tier\n            uncertain\n            uncertaintyNote\n            citations {\n              locator\n              source {\n                id\n                url\n                title\n                standing\n              }\n            }\n            parts {\n              key\n              label\n              uncertain\n              uncertaintyNote\n              citations {\n                locator\n                source {\n                  id\n                  url\n                  title\n                  standing\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n    timeline {\n      caseIndex\n      event {\n        id\n        key\n        title\n        date {\n          text\n          precision\n        }\n        uncertain\n        uncertaintyNote\n      }\n    }\n    commonApproaches {\n      section\n      rowKey\n      rowLabel\n      value\n      sharedBy\n      differ\n      noData\n    }\n  }\n}": types.ComparisonDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CaseStudies($first: Int, $after: String) {\n  caseStudies(first: $first, after: $after) {\n    totalCount\n    nodes {\n      id\n      slug\n      name\n      kind\n      summary\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query CaseStudies($first: Int, $after: String) {\n  caseStudies(first: $first, after: $after) {\n    totalCount\n    nodes {\n      id\n      slug\n      name\n      kind\n      summary\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Comparison($cases: [CaseSelector!]!) {\n  comparison(cases: $cases) {\n    baselineIndex\n    cases {\n      index\n      selector\n      asOf\n      baseline\n      caseStudy {\n        id\n        slug\n        name\n        kind\n        edition\n      }\n      period {\n        id\n        key\n        label\n        validFrom {\n          text\n        }\n        validTo {\n          text\n        }\n      }\n    }\n    sections {\n      kind\n      title\n      rows {\n        key\n        label\n        withData\n        agree\n        differFromBaseline\n        cells {\n          caseIndex\n          status\n          value\n          uncertain\n          differsFromBaseline\n          items {\n            key\n            label\n            detail\n            tier\n            uncertain\n            uncertaintyNote\n            citations {\n              locator\n              source {\n                id\n                url\n                title\n                standing\n              }\n            }\n            parts {\n              key\n              label\n              uncertain\n              uncertaintyNote\n              citations {\n                locator\n                source {\n                  id\n                  url\n                  title\n                  standing\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n    timeline {\n      caseIndex\n      event {\n        id\n        key\n        title\n        date {\n          text\n          precision\n        }\n        uncertain\n        uncertaintyNote\n      }\n    }\n    commonApproaches {\n      section\n      rowKey\n      rowLabel\n      value\n      sharedBy\n      differ\n      noData\n    }\n  }\n}"): (typeof documents)["query Comparison($cases: [CaseSelector!]!) {\n  comparison(cases: $cases) {\n    baselineIndex\n    cases {\n      index\n      selector\n      asOf\n      baseline\n      caseStudy {\n        id\n        slug\n        name\n        kind\n        edition\n      }\n      period {\n        id\n        key\n        label\n        validFrom {\n          text\n        }\n        validTo {\n          text\n        }\n      }\n    }\n    sections {\n      kind\n      title\n      rows {\n        key\n        label\n        withData\n        agree\n        differFromBaseline\n        cells {\n          caseIndex\n          status\n          value\n          uncertain\n          differsFromBaseline\n          items {\n            key\n            label\n            detail\n            tier\n            uncertain\n            uncertaintyNote\n            citations {\n              locator\n              source {\n                id\n                url\n                title\n                standing\n              }\n            }\n            parts {\n              key\n              label\n              uncertain\n              uncertaintyNote\n              citations {\n                locator\n                source {\n                  id\n                  url\n                  title\n                  standing\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n    timeline {\n      caseIndex\n      event {\n        id\n        key\n        title\n        date {\n          text\n          precision\n        }\n        uncertain\n        uncertaintyNote\n      }\n    }\n    commonApproaches {\n      section\n      rowKey\n      rowLabel\n      value\n      sharedBy\n      differ\n      noData\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;