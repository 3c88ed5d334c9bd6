import type { GraphQLSchema } from 'graphql';
import { AppError, ErrorCode } from './errors.js';

/**
 * Characters PostgreSQL cannot store: U+0000 (in text and in jsonb) and half of a UTF-16
 * surrogate pair (jsonb refuses it; text would keep a replacement character instead).
 */
const UNSTORABLE = /[\u0000\p{Cs}]/u;

/**
 * The dotted path of the first string or object key in `value` that holds such a character, or
 * undefined. Walks without recursion: JSON arguments may nest as deep as a request allows.
 */
export function unstorableTextPath(value: unknown, path = ''): string | undefined {
  const stack: [unknown, string][] = [[value, path]];
  while (stack.length) {
    const [item, at] = stack.pop()!;
    if (typeof item === 'string') {
      if (UNSTORABLE.test(item)) return at;
    } else if (Array.isArray(item)) {
      item.forEach((x, i) => stack.push([x, at ? `${at}.${i}` : String(i)]));
    } else if (item !== null && typeof item === 'object') {
      for (const [key, x] of Object.entries(item)) {
        if (UNSTORABLE.test(key)) return at;
        stack.push([x, at ? `${at}.${key}` : key]);
      }
    }
  }
  return undefined;
}

/**
 * Refuses, before any resolver runs, a query or mutation whose arguments hold text PostgreSQL
 * cannot store, with BAD_USER_INPUT and the argument's path (e.g. `edit.message`,
 * `part.data.title`). Checking the root fields' arguments covers every value that reaches a
 * service; the database would otherwise fail mid-request with an internal error.
 */
export function refuseUnstorableText(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const resolve = field.resolve;
      if (!resolve || field.args.length === 0) continue;
      field.resolve = (source, args, context, info) => {
        // Keys are checked before they join a path, so the path itself is always printable.
        const path = unstorableTextPath(args);
        if (path !== undefined)
          throw new AppError(
            ErrorCode.BAD_USER_INPUT,
            `${path} holds a character that cannot be stored (U+0000, or half of a surrogate pair).`,
            path,
          );
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
