// A run's history as numeric columns, kept between requests. Charts ask for the same histories
// every few seconds, and parsing every row on each request dominated the compare view. Rows that
// file_stream appends are added to a kept run (a new run starts being kept), so runs logged while
// the server runs are ready to chart. A kept run read later is brought up to date with the rows
// logged after its last step; when the new rows do not account for every new line (rows rewritten
// before the last step, lines without a step), it is read again in full.
import type { JsonObject } from '@sextant/sweeps';
import type { RunKey, Store } from '../store/store.ts';
import { parseJson } from '../store/json-text.ts';
import { SizedCache } from '../sized-cache.ts';

/** Values kept over all runs (8 bytes each); the runs used longest ago are dropped first. */
const MAX_VALUES = 20_000_000;

export interface HistoryTable {
  /** The run's history line count when read. */
  lines: number;
  lastStep: number;
  rows: number;
  /** One array per numeric key, `rows` long, NaN where a row lacks the key. */
  columns: Map<string, number[]>;
}

export class HistoryColumns {
  readonly #store: Store;
  readonly #kept = new SizedCache<HistoryTable>(MAX_VALUES, size);

  constructor(store: Store) {
    this.#store = store;
  }

  async table(key: RunKey, lineCount: number): Promise<HistoryTable> {
    const id = `${key.entity}/${key.project}/${key.name}`;
    let table = this.#kept.get(id);
    if (table && table.lines !== lineCount) {
      const before = table.lines;
      const rows = await this.#store.readSteps(key, 'history', table.lastStep + 1, Number.MAX_SAFE_INTEGER);
      // Dropped or appended to by file_stream meanwhile, or rows that do not add up: read it all again.
      const usable = this.#kept.get(id) === table && table.lines === before && before < lineCount && rows.length === lineCount - before;
      this.#kept.delete(id);
      table = usable ? append(table, rows.map(parse), lineCount) : undefined;
    }
    if (!table) table = append(empty(), (await this.#store.readSteps(key, 'history', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).map(parse), lineCount);
    this.#kept.set(id, table);
    return table;
  }

  /** History rows file_stream stored at `offset`: a kept run gets them, a new run starts being kept. */
  written(key: RunKey, offset: number, rows: JsonObject[]): void {
    const id = `${key.entity}/${key.project}/${key.name}`;
    const table = this.#kept.get(id) ?? (offset === 0 ? empty() : undefined);
    this.#kept.delete(id);
    const appends = table && offset === table.lines && rows.every((row) => typeof row._step === 'number' && row._step > table.lastStep);
    if (table && appends) this.#kept.set(id, append(table, rows, offset + rows.length));
  }
}

const empty = (): HistoryTable => ({ lines: 0, lastStep: -Number.MAX_SAFE_INTEGER, rows: 0, columns: new Map() });
const size = (table: HistoryTable): number => table.rows * table.columns.size;

const parse = (line: string): JsonObject => parseJson(line) as JsonObject;

/** Rows as numeric columns, without keeping them (for small files such as system metrics). */
export function tableOf(rows: JsonObject[]): HistoryTable {
  return append(empty(), rows, rows.length);
}

function append(table: HistoryTable, rows: JsonObject[], lineCount: number): HistoryTable {
  for (const row of rows) {
    let filled = 0;
    for (const name in row) {
      const value = row[name];
      if (typeof value !== 'number') continue;
      let column = table.columns.get(name);
      if (!column) table.columns.set(name, (column = new Array<number>(table.rows).fill(NaN)));
      column[table.rows] = value;
      filled++;
    }
    table.rows++;
    // Rows usually carry every key: only a row that lacks some leaves columns to pad.
    if (filled < table.columns.size) for (const column of table.columns.values()) if (column.length < table.rows) column.push(NaN);
    if (typeof row._step === 'number') table.lastStep = Math.max(table.lastStep, row._step);
  }
  table.lines = lineCount;
  return table;
}
