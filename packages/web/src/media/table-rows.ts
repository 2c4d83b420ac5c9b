// A wandb.Table's JSON (`{columns, data}`) as the run page shows it: sorted by a column, a page at
// a time, with media cells (images) named by their path inside the table's artifact.
import type { Json } from '../api.ts';

export interface TableData {
  columns: string[];
  rows: Json[][];
}

export interface Page<T> {
  rows: T[];
  /** 0-based, clamped to the pages there are. */
  page: number;
  pages: number;
  /** The 0-based index of the page's first row. */
  first: number;
}

/** The table in a `.table.json` file, or an error naming what is wrong with it. */
export function parseTable(json: unknown): TableData {
  const table = json as { columns?: unknown; data?: unknown };
  if (typeof table !== 'object' || table === null || !Array.isArray(table.columns) || !Array.isArray(table.data)) {
    throw new Error('not a wandb.Table: expected {"columns": [...], "data": [[...]]}');
  }
  return { columns: table.columns.map(String), rows: table.data.map((row) => (Array.isArray(row) ? row as Json[] : [row as Json])) };
}

/** The artifact path of an image cell (`{"_type": "image-file", "path": …}`), if the cell is one. */
export function imagePath(cell: Json | undefined): string | undefined {
  if (typeof cell !== 'object' || cell === null || Array.isArray(cell)) return undefined;
  return cell._type === 'image-file' && typeof cell.path === 'string' ? cell.path : undefined;
}

const collator = new Intl.Collator(undefined, { numeric: true });
const rank = (v: Json | undefined): number => (typeof v === 'number' || typeof v === 'boolean' ? 0 : typeof v === 'string' ? 1 : 2);
const sortText = (v: Json): string => imagePath(v) ?? (typeof v === 'string' ? v : JSON.stringify(v));

/** Numbers (and booleans) before text before objects; text in natural order; empty cells last both ways. */
export function sortRows(rows: Json[][], column: number, descending: boolean): Json[][] {
  const empty = (v: Json | undefined): boolean => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
  const sign = descending ? -1 : 1;
  return [...rows].sort((x, y) => {
    const a = x[column];
    const b = y[column];
    if (empty(a) || empty(b)) return Number(empty(a)) - Number(empty(b));
    const byKind = rank(a) - rank(b);
    if (byKind !== 0) return sign * byKind;
    if (rank(a) === 0) return sign * (Number(a) - Number(b));
    return sign * collator.compare(sortText(a!), sortText(b!));
  });
}

export function pageOf<T>(rows: T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const clamped = Math.min(Math.max(0, page), pages - 1);
  const first = clamped * size;
  return { rows: rows.slice(first, first + size), page: clamped, pages, first };
}
