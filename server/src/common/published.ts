import type { GraphQLSchema } from 'graphql';
import { Extensions } from 'type-graphql';

/**
 * Marks a root query whose answer depends only on published content and its arguments, never on
 * who asks: the same for everyone until the next publish, so the response cache may share it and
 * anyone may ask it. This is the one list of such fields; the cache and the permission test read
 * it back from the built schema (`publishedRootFields`). A field that can also show a draft (as
 * `caseStudy(draft: true)` does) is marked too: the cache leaves out calls that ask for one.
 */
export const PublishedRead = () => Extensions({ published: true });

const found = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

/** The root query fields marked `@PublishedRead()` in a built schema. */
export function publishedRootFields(schema: GraphQLSchema): ReadonlySet<string> {
  let fields = found.get(schema);
  if (!fields) {
    fields = new Set(
      Object.values(schema.getQueryType()?.getFields() ?? {})
        .filter((f) => f.extensions.published === true)
        .map((f) => f.name),
    );
    found.set(schema, fields);
  }
  return fields;
}
