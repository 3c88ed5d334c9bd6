import { IsOptional, Min } from 'class-validator';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { limits } from '@casebook/schema';
import { AppError, ErrorCode } from '../common/errors.js';

/** Relay page information. */
@ObjectType({ description: 'Where a page sits in the whole list (Relay cursor connections).' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow this page.' })
  hasNextPage: boolean;

  @Field(() => Boolean, { description: 'Whether items come before this page.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item on this page.' })
  startCursor: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item on this page; pass it as `after` for the next page.',
  })
  endCursor: string | null;
}

/** Forward pagination arguments shared by every list. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return (default ${limits.pageSize.default}, at most ${limits.pageSize.max}).`,
  })
  @IsOptional()
  @Min(0)
  first?: number;

  @Field(() => String, {
    nullable: true,
    description: "Return the items after this cursor (a previous page's `endCursor`).",
  })
  @IsOptional()
  after?: string;
}

/** A resolved window into a list: offset and size, validated against the limits. */
export interface PageWindow {
  offset: number;
  limit: number;
}

const CURSOR_PREFIX = 'offset:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`).toString('base64url');
}

/** Turns `first`/`after` into an offset and a limit; bad cursors and oversized pages are refused. */
export function pageWindow(args: PageArgs): PageWindow {
  const limit = args.first ?? limits.pageSize.default;
  if (limit > limits.pageSize.max) {
    throw new AppError(
      ErrorCode.PAGE_SIZE_EXCEEDED,
      `first may be at most ${limits.pageSize.max}, got ${limit}.`,
      'first',
    );
  }
  let offset = 0;
  if (args.after !== undefined && args.after !== null) {
    const decoded = Buffer.from(args.after, 'base64url').toString('utf8');
    const digits = decoded.slice(CURSOR_PREFIX.length);
    const n = Number(digits);
    // Only the plain digits encodeCursor writes: `1e300` or a 400-digit number is no position.
    if (!decoded.startsWith(CURSOR_PREFIX) || !/^\d+$/.test(digits) || !Number.isSafeInteger(n)) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'after is not a cursor returned by this list.', 'after');
    }
    offset = n + 1;
  }
  return { offset, limit };
}

/** The shape every connection type shares. */
export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds a connection from one page of items and the list's total size. */
export function toConnection<T>(items: T[], totalCount: number, window: PageWindow): ConnectionShape<T> {
  const edges = items.map((node, i) => ({ cursor: encodeCursor(window.offset + i), node }));
  return {
    edges,
    nodes: items,
    totalCount,
    pageInfo: {
      hasNextPage: window.offset + items.length < totalCount,
      hasPreviousPage: window.offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/** Declares `<Name>Connection` and `<Name>Edge` object types for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field(() => String, { description: 'Opaque cursor of this item.' })
    cursor: string;

    @Field(() => nodeType, { description: 'The item.' })
    node: T;
  }

  // A named base type that only the concrete connection class reaches, so it is not emitted.
  @ObjectType(`${name}ConnectionBase`)
  abstract class Connection implements ConnectionShape<T> {
    @Field(() => [Edge], { description: 'The items of this page with their cursors.' })
    edges: Edge[];

    @Field(() => [nodeType], { description: 'The items of this page.' })
    nodes: T[];

    @Field(() => PageInfo, { description: 'Where this page sits in the whole list.' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'How many items the whole list holds, across all pages.' })
    totalCount: number;
  }
  return Connection;
}

/**
 * A page of `query` (ordered, not yet limited) and the number of rows it matches, in one
 * statement: the count rides along as a window function. Only an empty page past the start (or a
 * page of none), which has no row to carry it, asks for the count on its own.
 */
export async function pageAndTotal<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  window: PageWindow,
): Promise<[T[], number]> {
  const { entities, raw } = await query
    .clone()
    .addSelect('COUNT(*) OVER ()', 'page_total')
    .offset(window.offset)
    .limit(window.limit)
    .getRawAndEntities<{ page_total: string }>();
  if (raw[0]) return [entities, Number(raw[0].page_total)];
  return [entities, window.offset === 0 && window.limit > 0 ? 0 : await query.getCount()];
}
