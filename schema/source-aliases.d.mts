/** Vite `resolve.alias` entries mapping each `@casebook/schema` entry point to its source file. */
export function schemaSourceAliases(): { find: RegExp; replacement: string }[];
