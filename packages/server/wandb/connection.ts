// Relay connections with offset cursors; the last edge's cursor equals pageInfo.endCursor, so old
// clients (edge cursors) and new ones (endCursor) page alike.
import { RequestError } from '../errors.ts';

const encode = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64');

function decode(cursor: unknown): number {
  if (cursor === null || cursor === undefined || cursor === '') return 0;
  const match = typeof cursor === 'string' ? /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8')) : null;
  if (!match) throw new RequestError('invalid cursor: pass back an endCursor this server returned');
  return Number(match[1]) + 1;
}

export function connection<T>(items: T[], after: unknown, first: unknown, node: (item: T) => unknown): Record<string, unknown> {
  const { start, size } = pageBounds(after, first);
  return pagedConnection(items.slice(start, start + size), start, items.length, node);
}

/** Which items a page asks for: from `start`, at most `size` of them. */
export function pageBounds(after: unknown, first: unknown): { start: number; size: number } {
  return { start: decode(after), size: pageSize(first) };
}

/** How many items a page holds: `first`, at most 1,000, 50 when absent. */
export const pageSize = (first: unknown): number => (typeof first === 'number' && first > 0 ? Math.min(first, 1000) : 50);

/** A connection over one page of items that carry their own cursors; `total` is counted only when asked for. */
export function keysetConnection<T>(page: Array<{ item: T; cursor: string }>, hasNext: boolean, total: () => Promise<number>, node: (item: T) => unknown): Record<string, unknown> {
  const edges = page.map(({ item, cursor }) => ({ node: node(item), cursor }));
  return {
    edges,
    pageInfo: { __typename: 'PageInfo', endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null, hasNextPage: hasNext },
    totalCount: total,
  };
}

/** A connection over one page of items read from `start`, out of `total`. */
export function pagedConnection<T>(page: T[], start: number, total: number, node: (item: T) => unknown): Record<string, unknown> {
  const edges = page.map((item, i) => ({ node: node(item), cursor: encode(start + i) }));
  return {
    edges,
    pageInfo: { __typename: 'PageInfo', endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null, hasNextPage: start + page.length < total },
    totalCount: total,
  };
}
