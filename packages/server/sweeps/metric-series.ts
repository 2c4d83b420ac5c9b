// What early stopping reads from each sweep run's history, kept between file_stream requests:
// hyperband only needs, per run, the count of the metric's valid values, the value at each band it
// reached and the extremes (the milestones of @sextant/sweeps), so that is what is kept, and an
// append reads, parses and folds in only the lines past the ones accounted for. The store stays the
// truth: what is kept is keyed by the run's line count, which any server writing to the same
// database advances, and a run whose earlier lines this server rewrites, or whose lines have gaps,
// is read again from the start.
import { extendMilestones, NO_MILESTONES, type Json, type Milestones } from '@sextant/sweeps';
import type { RunKey, Store } from '../store/store.ts';
import { parseJson } from '../store/json-text.ts';
import { SizedCache } from '../sized-cache.ts';

/** Lines read per run, at most (as many as early stopping ever read). */
const MAX_LINES = 1_000_000;
/** Numbers kept over all runs; the runs brought up to date longest ago are dropped first. */
const MAX_NUMBERS = 5_000_000;
/**
 * Runs whose lines are read at once. After a start every run of the sweep is read: all at once, a
 * sweep of 1,000 runs × 10,000 steps held its 10 million lines in memory together (3.6 GB).
 */
export const READS_AT_ONCE = 8;

/** The metric and the bands milestones are kept for; `id` tells two apart. */
export interface Watch {
  id: string;
  metric: string;
  bands: readonly number[];
}

const watches = new Map<string, Watch>();

/** One object, and one id string, per metric and bands: each run's kept id then compares by identity, not character by character. */
export function watchOf(metric: string, bands: readonly number[]): Watch {
  const id = `${metric}\n${bands.join(',')}`;
  let watch = watches.get(id);
  if (!watch) {
    if (watches.size >= 1000) watches.clear();
    watches.set(id, (watch = { id, metric, bands }));
  }
  return watch;
}

interface Kept {
  watch: string;
  /** History lines accounted for: milestones cover lines [0, lines). */
  lines: number;
  milestones: Milestones;
}

export class MetricSeries {
  readonly #store: Store;
  readonly #kept = new SizedCache<Kept>(MAX_NUMBERS, (kept) => 4 + kept.milestones.atBands.length);

  constructor(store: Store) {
    this.#store = store;
  }

  /** The milestones of each run's first `historyLineCount` history lines; only runs with lines past the kept ones are read. */
  async milestones(runs: ReadonlyArray<RunKey & { historyLineCount: number }>, watch: Watch): Promise<Milestones[]> {
    const found = new Array<Milestones>(runs.length);
    const unread: number[] = [];
    runs.forEach((run, i) => {
      const kept = this.#kept.get(idOf(run));
      if (kept?.watch === watch.id && kept.lines === Math.min(run.historyLineCount, MAX_LINES)) found[i] = kept.milestones;
      else unread.push(i);
    });
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, unread.length) }, async () => {
      while (next < unread.length) {
        const i = unread[next++];
        found[i] = await this.#read(runs[i], watch, runs[i].historyLineCount);
      }
    }));
    return found;
  }

  async #read(key: RunKey, watch: Watch, lineCount: number): Promise<Milestones> {
    const id = idOf(key);
    const target = Math.min(lineCount, MAX_LINES);
    let kept = this.#kept.get(id);
    if (kept && (kept.watch !== watch.id || kept.lines > target)) kept = undefined;
    if (kept?.lines === target) return kept.milestones;
    const from = kept?.lines ?? 0;
    const lines = await this.#store.readLines(key, 'history', from, target - from);
    const milestones = extendMilestones(kept?.milestones ?? NO_MILESTONES, watch.bands, loggedValues(lines, watch.metric));
    const current = this.#kept.get(id);
    // Gaps (lines not written yet below the line count) make what was read unreliable: not kept.
    if (from + lines.length !== target) {
      this.#kept.delete(id);
      return milestones;
    }
    // Another request may have replaced or dropped what this one extended while it read.
    if (kept && current !== kept) return this.#read(key, watch, lineCount);
    this.#kept.set(id, { watch: watch.id, lines: target, milestones });
    return milestones;
  }

  /** file_stream wrote history lines from `offset`: milestones kept from those lines on may be stale. */
  written(key: RunKey, offset: number): void {
    const kept = this.#kept.get(idOf(key));
    if (kept && offset < kept.lines) this.#kept.delete(idOf(key));
  }
}

// The sweep's runs are the same objects from one append to the next (sweep-runs.ts): their ids are
// made once, so looking them up does not build and hash a new string per run on every append.
const ids = new WeakMap<RunKey, string>();

function idOf(key: RunKey): string {
  let id = ids.get(key);
  if (id === undefined) ids.set(key, (id = `${key.entity}/${key.project}/${key.name}`));
  return id;
}

/** The metric's value in each line that logs it, in line order. */
function* loggedValues(lines: string[], metric: string): Generator<Json> {
  for (const line of lines) {
    const row = parseJson(line) as Record<string, Json>;
    if (metric in row) yield row[metric];
  }
}
