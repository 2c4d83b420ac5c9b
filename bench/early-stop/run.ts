// bench/early-stop: what one history append of a sweep run costs early stopping, at 20 runs × 1,000
// steps and 200 runs × 10,000 steps by default: the server's code (metric rows kept between appends,
// only new lines read) next to the code it replaced (every line of every run read and parsed on each
// append), kept here as the reference and measured on the same SQLite store in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stopDecisions, type Json, type SweepRun } from '../../packages/sweeps/index.ts';
import { openSqliteStore } from '../../packages/server/store/sqlite.ts';
import type { RunKey, Store } from '../../packages/server/store/store.ts';
import { earlyStop } from '../../packages/server/sweeps/early-stop.ts';
import { MetricSeries } from '../../packages/server/sweeps/metric-series.ts';
import { sweepConfig } from '../../packages/server/sweeps/sweep-config.ts';
import { markdownTable, writeResults } from '../results.ts';

const { values: flags } = parseArgs({ options: {
  sizes: { type: 'string', default: '20x1000,200x10000' },
  batch: { type: 'string', default: '100' },
  repeat: { type: 'string', default: '3' },
  help: { type: 'boolean', default: false },
} });
if (flags.help) {
  process.stdout.write('Usage: node bench/early-stop/run.ts [--sizes RUNSxSTEPS,…] [--batch LINES_PER_APPEND] [--repeat N]\n');
  process.exit(0);
}
const BATCH = Number(flags.batch);
const REPEAT = Number(flags.repeat);
const CONFIG = 'method: random\nmetric: {name: loss, goal: minimize}\nparameters: {lr: {min: 0.0001, max: 0.1}}\nearly_terminate: {type: hyperband, min_iter: 100, eta: 3}\n';

/** Early stopping as it was: each append read and parsed every history line of every run of the sweep. */
async function reference(store: Store, key: RunKey, sweepName: string): Promise<string[]> {
  const sweep = await store.getSweep({ entity: key.entity, project: key.project, name: sweepName });
  if (!sweep) return [];
  const config = sweepConfig(sweep.config);
  if (!config?.early_terminate || !config.metric) return [];
  const metric = config.metric.name;
  const runs = await store.sweepRuns(sweep);
  const sweepRuns: SweepRun[] = await Promise.all(runs.map(async (run) => {
    const history = (await store.readLines(run, 'history', 0, 1_000_000))
      .map((line) => JSON.parse(line) as Record<string, Json>)
      .filter((row) => metric in row)
      .map((row) => ({ [metric]: row[metric] }));
    return { id: run.name, state: run.state, config: run.config as SweepRun['config'], summary: run.summary, history };
  }));
  const stopped: string[] = [];
  for (const decision of stopDecisions(config, sweepRuns)) {
    const run = runs.find((r) => r.name === decision.runId);
    if (run && !run.stopRequested) {
      await store.requestStop(run);
      stopped.push(run.name);
    }
  }
  return stopped;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (step: number, level: number): string =>
  JSON.stringify({ loss: level + 1 / (step + 1), acc: step / 1e4, lr: 0.001, _step: step, _runtime: step * 0.1, _timestamp: 1.7e9 + step });

const table: string[][] = [];
for (const size of flags.sizes.split(',')) {
  const [runs, steps] = size.split('x').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'sextant-early-stop-bench-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  try {
    const sweep = { entity: 'bench', project: 'early-stop', name: 'benchswp' };
    await store.createSweep({ ...sweep, displayName: null, config: CONFIG, state: 'RUNNING' });
    const names = Array.from({ length: runs }, (_, i) => `r${i}`);
    await store.assignSweepRuns(sweep, 0, names.map((name) => ({ name, displayName: name, config: {}, agentId: 'bench' })));
    const filling = performance.now();
    for (const [i, name] of names.entries()) {
      await store.upsertRun({ ...sweep, name }, { state: 'running' });
      for (let offset = 0; offset < steps; offset += 1000) {
        const lines = Array.from({ length: Math.min(1000, steps - offset) }, (_, j) => ({ content: row(offset + j, i / runs), step: offset + j }));
        await store.writeLines({ ...sweep, name }, 'history', offset, lines);
      }
    }
    process.stderr.write(`${runs} runs × ${steps} steps written in ${((performance.now() - filling) / 1000).toFixed(1)} s\n`);
    const series = new MetricSeries(store);
    const lastRun = { ...sweep, name: names[names.length - 1] };
    let next = steps;
    const append = async (): Promise<void> => {
      await store.writeLines(lastRun, 'history', next, Array.from({ length: BATCH }, (_, j) => ({ content: row(next + j, 1), step: next + j })));
      series.written(lastRun, next);
      next += BATCH;
    };
    const timed = async (work: () => Promise<unknown>): Promise<number> => {
      const t0 = performance.now();
      await work();
      return performance.now() - t0;
    };
    // The first call after a (re)start reads every run once; the appends after it read only new lines.
    await append();
    const cold = await timed(() => earlyStop(store, series, lastRun, sweep.name));
    const kept: number[] = [];
    const old: number[] = [];
    for (let r = 0; r < REPEAT; r++) {
      await append();
      kept.push(await timed(() => earlyStop(store, series, lastRun, sweep.name)));
      await append();
      old.push(await timed(() => reference(store, lastRun, sweep.name)));
    }
    process.stderr.write(`${runs} × ${steps}: first call ${cold.toFixed(1)} ms; kept ${kept.map((t) => t.toFixed(1)).join(', ')} ms; reference ${old.map((t) => t.toFixed(0)).join(', ')} ms\n`);
    table.push([`${runs} × ${steps.toLocaleString('en')}`, median(old).toFixed(1), median(kept).toFixed(2), (median(old) / median(kept)).toFixed(0), cold.toFixed(0)]);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
writeResults(import.meta.dirname, 'bench/early-stop results', [
  `## Early stopping's cost per history append of ${BATCH} lines (SQLite; median of ${REPEAT}; hyperband min_iter 100, eta 3)\n\n` +
    markdownTable(['runs × steps', 'before: every history read, ms', 'now: kept metric rows, ms', 'ratio', 'now, first append after a start (reads every run once), ms'], table),
]);
