import type { CaseProfileQuery } from '@/gql/graphql';

/** The profile as the page receives it. */
export type CaseProfile = NonNullable<CaseProfileQuery['caseStudy']>;
export type CaseProfilePeriod = CaseProfile['periods'][number];
export type CaseProfileLevel = CaseProfilePeriod['levels'][number];
export type CaseProfileSource = CaseProfile['sources'][number];

/** Looks up a citation's number on the page. */
export type NumberOf = (sourceId: string) => number | undefined;
