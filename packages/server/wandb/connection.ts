// Relay connections with offset cursors; the last edge's cursor equals pageInfo.endCursor, so old
// clients (edge cursors) and new ones (endCursor) page alike.
import { RequestError } from './graphql.ts';

const encode = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64');

function decode(cursor: unknown): number {
  if (cursor === null || cursor === undefined || cursor === '') return 0;
  const match = typeof cursor === 'string' ? /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8')) : null;
  if (!match) throw new RequestError('invalid cursor: pass back an endCursor this server returned');
  return Number(match[1]) + 1;
}

export function connection<T>(items: T[], after: unknown, first: unknown, node: (item: T) => unknown): Record<string, unknown> {
  const start = decode(after);
  const size = typeof first === 'number' && first > 0 ? Math.min(first, 1000) : 50;
  const page = items.slice(start, start + size);
  const edges = page.map((item, i) => ({ node: node(item), cursor: encode(start + i) }));
  return {
    edges,
    pageInfo: { __typename: 'PageInfo', endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null, hasNextPage: start + page.length < items.length },
    totalCount: items.length,
  };
}
