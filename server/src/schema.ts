import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { CaseStudyResolver } from './modules/case-study/case-study.resolver.js';

/** The one list of resolvers. */
export const resolvers = [CaseStudyResolver] as const;

/** Builds the executable schema, validating every argument and input with class-validator. */
export async function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    validate: { forbidUnknownValues: false },
  });
}

/** The schema as SDL, sorted so that the committed file changes only when the schema does. */
export function printSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
