// A run's history as numeric columns, kept between requests. Charts ask for the same histories
// every few seconds, and parsing every row on each request dominated the compare view. A kept run
// is brought up to date with the rows logged after its last step; when the new rows do not account
// for every new line (rows rewritten before the last step, lines without a step), it is read again.
import type { JsonObject } from '@sextant/sweeps';
import type { RunKey, Store } from '../store/store.ts';

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
  readonly #kept = new Map<string, HistoryTable>();
  #values = 0;

  constructor(store: Store) {
    this.#store = store;
  }

  async table(key: RunKey, lineCount: number): Promise<HistoryTable> {
    const id = `${key.entity}/${key.project}/${key.name}`;
    let table = this.#kept.get(id);
    if (table) {
      this.#forget(id, table);
      if (table.lines !== lineCount) {
        const rows = await this.#store.readSteps(key, 'history', table.lastStep + 1, Number.MAX_SAFE_INTEGER);
        if (table.lines < lineCount && rows.length === lineCount - table.lines) append(table, rows, lineCount);
        else table = undefined;
      }
    }
    table ??= append(empty(), await this.#store.readSteps(key, 'history', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), lineCount);
    this.#keep(id, table);
    return table;
  }

  #keep(id: string, table: HistoryTable): void {
    this.#kept.set(id, table);
    this.#values += size(table);
    for (const [oldest, old] of this.#kept) {
      if (this.#values <= MAX_VALUES || oldest === id) break;
      this.#forget(oldest, old);
    }
  }

  #forget(id: string, table: HistoryTable): void {
    this.#kept.delete(id);
    this.#values -= size(table);
  }
}

const empty = (): HistoryTable => ({ lines: 0, lastStep: -Number.MAX_SAFE_INTEGER, rows: 0, columns: new Map() });
const size = (table: HistoryTable): number => table.rows * table.columns.size;

function append(table: HistoryTable, lines: string[], lineCount: number): HistoryTable {
  for (const line of lines) {
    const row = JSON.parse(line) as JsonObject;
    for (const [name, value] of Object.entries(row)) {
      if (typeof value !== 'number') continue;
      let column = table.columns.get(name);
      if (!column) table.columns.set(name, (column = new Array<number>(table.rows).fill(NaN)));
      column[table.rows] = value;
    }
    table.rows++;
    for (const column of table.columns.values()) if (column.length < table.rows) column.push(NaN);
    if (typeof row._step === 'number') table.lastStep = Math.max(table.lastStep, row._step);
  }
  table.lines = lineCount;
  return table;
}
