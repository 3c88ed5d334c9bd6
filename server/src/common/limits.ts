import { readFileSync } from 'node:fs';
import { fromRoot } from './paths.js';

/** The limits in schema/limits.json, shared with the client. */
export interface Limits {
  pageSize: { default: number; max: number };
  slug: { min: number; max: number; pattern: string };
  key: { max: number };
  name: { max: number };
  summary: { max: number };
  text: { max: number };
  note: { max: number };
  url: { max: number };
  searchText: { max: number };
  password: { min: number };
  email: { max: number };
  query: { depth: number; aliases: number; directives: number; tokens: number; cost: number; listSize: number };
  tokenName: { max: number };
  counts: {
    periods: number;
    levelsPerPeriod: number;
    bodiesPerLevel: number;
    responsibilitiesPerBody: number;
    connectionsPerPeriod: number;
    mechanismsPerConnection: number;
    timeline: number;
    lessons: number;
    sources: number;
    citesPerClaim: number;
    notModelled: number;
    strands: number;
    reports: number;
    findings: number;
  };
}

export const limits: Limits = JSON.parse(readFileSync(fromRoot('schema', 'limits.json'), 'utf8')) as Limits;
