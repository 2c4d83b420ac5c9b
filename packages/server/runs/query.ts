// Pages of a project's runs under a W&B filter and order: filtered, ordered and paged in SQL, with
// keyset cursors (the sort key of a page's last run), so a page costs the same at any depth. The
// parts of a filter SQL cannot take ($regex, equality with a list or object) are applied here to
// the runs SQL narrowed down, in order; paging then reads on until the page is full.
import type { Json } from '@sextant/sweeps';
import type { Run, RunCursor, Store } from '../store/store.ts';
import { RequestError } from '../errors.ts';
import { matches, orderOf, splitFilter } from './filter.ts';

export interface RunsPage {
  runs: Array<{ run: Run; cursor: string }>;
  hasNext: boolean;
}

/** Up to `limit` runs after the cursor `after` (a cursor this module gave), and whether more follow. */
export async function runsPage(store: Store, entity: string, project: string, filter: Record<string, Json>, order: unknown, after: unknown, limit: number): Promise<RunsPage> {
  const { where, rest } = splitFilter(filter);
  const query = { where, order: orderOf(order), after: decodeCursor(after) };
  const all = Object.keys(rest).length === 0;
  const rows = all ? await store.queryRuns(entity, project, { ...query, limit: limit + 1 }) : (await store.queryRuns(entity, project, query)).filter((row) => matches(row.run, rest));
  return { runs: rows.slice(0, limit).map(({ run, cursor }) => ({ run, cursor: encodeCursor(cursor) })), hasNext: rows.length > limit };
}

/** How many runs of the project the filter keeps. */
export async function countRuns(store: Store, entity: string, project: string, filter: Record<string, Json>): Promise<number> {
  const { where, rest } = splitFilter(filter);
  if (Object.keys(rest).length === 0) return store.countRuns(entity, project, where);
  return (await store.queryRuns(entity, project, { where, order: orderOf(undefined) })).filter((row) => matches(row.run, rest)).length;
}

const encodeCursor = (cursor: RunCursor): string => Buffer.from(JSON.stringify([cursor.kind, cursor.value, cursor.createdAt, cursor.name])).toString('base64url');

function decodeCursor(text: unknown): RunCursor | undefined {
  if (text === undefined || text === null || text === '') return undefined;
  try {
    const [kind, value, createdAt, name] = JSON.parse(Buffer.from(String(text), 'base64url').toString('utf8')) as unknown[];
    const valueFits = kind === 0 ? typeof value === 'number' : kind === 1 ? typeof value === 'string' : value === null;
    if (typeof kind === 'number' && valueFits && typeof createdAt === 'string' && typeof name === 'string') {
      return { kind, value: value as RunCursor['value'], createdAt, name };
    }
  } catch {
    // reported below
  }
  throw new RequestError('invalid cursor: pass back a cursor this server returned for the same listing');
}
