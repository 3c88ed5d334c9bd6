import { readFileSync } from 'node:fs';
import { fromRoot } from './paths.js';

/** The limits in schema/limits.json, shared with the client. */
export interface Limits {
  pageSize: { default: number; max: number };
  slug: { min: number; max: number; pattern: string };
  name: { max: number };
  summary: { max: number };
  searchText: { max: number };
}

export const limits: Limits = JSON.parse(readFileSync(fromRoot('schema', 'limits.json'), 'utf8')) as Limits;
