// The rows of sweep runs' histories that hold the sweep's metric, kept between file_stream requests:
// early stopping runs on every history append and used to read and parse every line of every run of
// the sweep each time. A kept run is brought up to date by reading only the lines past the ones it
// holds, so each line is read and parsed once per server. The store stays the truth: what is kept is
// keyed by the run's line count, which any server writing to the same database advances, and a run
// whose earlier lines this server rewrites, or whose lines have gaps, is read again from the start.
import type { Json, JsonObject } from '@sextant/sweeps';
import type { RunKey, Store } from '../store/store.ts';
import { parseJson } from '../store/json-text.ts';
import { SizedCache } from '../sized-cache.ts';

/** Lines read per run, at most (as many as early stopping ever read). */
const MAX_LINES = 1_000_000;
/** Rows kept over all runs; the runs used longest ago are dropped first. */
const MAX_ROWS = 5_000_000;

interface Series {
  metric: string;
  /** History lines accounted for: rows holds the metric rows among lines [0, lines). */
  lines: number;
  rows: JsonObject[];
}

export class MetricSeries {
  readonly #store: Store;
  readonly #kept = new SizedCache<Series>(MAX_ROWS, (series) => series.rows.length);

  constructor(store: Store) {
    this.#store = store;
  }

  /** `{[metric]: value}` for each of the run's first `lineCount` history lines that has the metric, in line order. */
  async rows(key: RunKey, metric: string, lineCount: number): Promise<JsonObject[]> {
    const id = idOf(key);
    const target = Math.min(lineCount, MAX_LINES);
    let series = this.#kept.get(id);
    if (series && (series.metric !== metric || series.lines > target)) series = undefined;
    const from = series?.lines ?? 0;
    const lines = target > from ? await this.#store.readLines(key, 'history', from, target - from) : [];
    const current = this.#kept.get(id);
    this.#kept.delete(id);
    // Gaps (lines not written yet below the line count) make the kept rows unreliable: not kept.
    if (from + lines.length !== target) return series ? [...series.rows, ...metricRows(lines, metric)] : metricRows(lines, metric);
    // Another request may have replaced or dropped the series while this one read.
    const base = series && current === series ? series : series ? undefined : { metric, lines: 0, rows: [] };
    if (!base) return this.rows(key, metric, lineCount);
    for (const row of metricRows(lines, metric)) base.rows.push(row);
    base.lines = target;
    this.#kept.set(id, base);
    return base.rows;
  }

  /** file_stream wrote history lines from `offset`: rows kept from those lines on may be stale. */
  written(key: RunKey, offset: number): void {
    const series = this.#kept.get(idOf(key));
    if (series && offset < series.lines) this.#kept.delete(idOf(key));
  }
}

const idOf = (key: RunKey): string => `${key.entity}/${key.project}/${key.name}`;

function metricRows(lines: string[], metric: string): JsonObject[] {
  const rows: JsonObject[] = [];
  for (const line of lines) {
    const row = parseJson(line) as Record<string, Json>;
    if (metric in row) rows.push({ [metric]: row[metric] });
  }
  return rows;
}
