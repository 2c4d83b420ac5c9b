// bench/early-stop: what one history append of a sweep run costs early stopping, at 20 runs × 1,000
// steps and 200 runs × 10,000 steps by default: the server's code (each run's hyperband milestones
// kept between appends, only new lines read) next to the two ways it replaced, kept here as
// references and measured on the same SQLite store in the same run: every line of every run read
// and parsed on each append, and every run's metric rows kept in memory but all walked on each append.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stopRuns, type Json, type SweepConfig } from '../../packages/sweeps/index.ts';
import { openSqliteStore } from '../../packages/server/store/sqlite.ts';
import type { Run, RunKey, Store } from '../../packages/server/store/store.ts';
import { earlyStop } from '../../packages/server/sweeps/early-stop.ts';
import { MetricSeries } from '../../packages/server/sweeps/metric-series.ts';
import { sweepConfig } from '../../packages/server/sweeps/sweep-config.ts';
import { sweepRuns as keptSweepRuns } from '../../packages/server/sweeps/sweep-runs.ts';
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

/** Early stopping as it was first: each append read and parsed every history line of every run of the sweep. */
async function everyLineRead(store: Store, key: RunKey, sweepName: string): Promise<string[]> {
  const { config, runs } = await sweepOf(store, key, sweepName, () => store.sweepRuns({ ...key, name: sweepName }));
  const metric = config.metric!.name;
  return decide(store, config, runs, await Promise.all(runs.map(async (run) => (await store.readLines(run, 'history', 0, 1_000_000))
    .map((line) => JSON.parse(line) as Record<string, Json>).filter((row) => metric in row).map((row) => row[metric]))));
}

/** Early stopping as it was next: every run's metric rows kept in memory (`rows`), and all of them walked on each append. */
async function everyRowWalked(store: Store, rows: Map<string, Json[]>, key: RunKey, sweepName: string): Promise<string[]> {
  const { config, runs } = await sweepOf(store, key, sweepName, () => keptSweepRuns(store, { ...key, name: sweepName }));
  return decide(store, config, runs, runs.map((run) => rows.get(run.name) ?? []));
}

async function sweepOf(store: Store, key: RunKey, sweepName: string, runs: () => Promise<Run[]>): Promise<{ config: SweepConfig; runs: Run[] }> {
  const sweep = await store.getSweep({ entity: key.entity, project: key.project, name: sweepName });
  return { config: sweepConfig(sweep!.config)!, runs: await runs() };
}

/** Hyperband over the runs' whole metric histories (`logged[i]` is run i's), then the stop requests. */
async function decide(store: Store, config: SweepConfig, runs: Run[], logged: Json[][]): Promise<string[]> {
  const metric = config.metric!.name;
  const stop = new Set(stopRuns(config, runs.map((run, i) => ({
    id: run.name, state: run.state, config: {}, summary: {}, history: logged[i].map((value) => ({ [metric]: value })),
  }))));
  const stopped: string[] = [];
  for (const run of runs) {
    if (stop.has(run.name) && !run.stopRequested) {
      await store.requestStop(run);
      stopped.push(run.name);
    }
  }
  return stopped;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const values = (step: number, level: number) =>
  ({ loss: level + 1 / (step + 1), acc: step / 1e4, lr: 0.001, _step: step, _runtime: step * 0.1, _timestamp: 1.7e9 + step });
const row = (step: number, level: number): string => JSON.stringify(values(step, level));

const measured: Array<{ size: string; read: number; walked: number; kept: number; cold: number }> = [];
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
    // The metric rows the second reference keeps in memory, as that code kept them.
    const rows = new Map<string, Json[]>(names.map((name) => [name, []]));
    for (const [i, name] of names.entries()) {
      await store.upsertRun({ ...sweep, name }, { state: 'running' });
      for (let offset = 0; offset < steps; offset += 1000) {
        const lines = Array.from({ length: Math.min(1000, steps - offset) }, (_, j) => ({ content: row(offset + j, i / runs), step: offset + j }));
        await store.writeLines({ ...sweep, name }, 'history', offset, lines);
        for (let j = 0; j < lines.length; j++) rows.get(name)!.push(values(offset + j, i / runs).loss);
      }
    }
    process.stderr.write(`${runs} runs × ${steps} steps written in ${((performance.now() - filling) / 1000).toFixed(1)} s\n`);
    const series = new MetricSeries(store);
    const lastRun = { ...sweep, name: names[names.length - 1] };
    let next = steps;
    const append = async (): Promise<void> => {
      await store.writeLines(lastRun, 'history', next, Array.from({ length: BATCH }, (_, j) => ({ content: row(next + j, 1), step: next + j })));
      for (let j = 0; j < BATCH; j++) rows.get(lastRun.name)!.push(values(next + j, 1).loss);
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
    const walked: number[] = [];
    const read: number[] = [];
    for (let r = 0; r < REPEAT; r++) {
      for (let k = 0; k < 5; k++) {
        await append();
        kept.push(await timed(() => earlyStop(store, series, lastRun, sweep.name)));
      }
      await append();
      walked.push(await timed(() => everyRowWalked(store, rows, lastRun, sweep.name)));
      await append();
      read.push(await timed(() => everyLineRead(store, lastRun, sweep.name)));
    }
    process.stderr.write(`${runs} × ${steps}: first call ${cold.toFixed(1)} ms; milestones ${kept.map((t) => t.toFixed(1)).join(', ')} ms; ` +
      `rows walked ${walked.map((t) => t.toFixed(0)).join(', ')} ms; lines read ${read.map((t) => t.toFixed(0)).join(', ')} ms\n`);
    measured.push({ size: `${runs} × ${steps.toLocaleString('en')}`, read: median(read), walked: median(walked), kept: median(kept), cold });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
const first = measured[0];
const table = measured.map((m) => [m.size, m.read.toFixed(1), m.walked.toFixed(1), m.kept.toFixed(2), (m.read / m.kept).toFixed(0), (m.walked / m.kept).toFixed(0),
  (m.kept / first.kept).toFixed(1), m.cold.toFixed(0)]);
writeResults(import.meta.dirname, 'bench/early-stop results', [
  `## Early stopping's cost per history append of ${BATCH} lines (SQLite; median of ${REPEAT}, now: of ${5 * REPEAT}; hyperband min_iter 100, eta 3)\n\n` +
    'The first two columns are the ways it was done before, measured here on the same store: every history line of every run read and ' +
    'parsed on each append; every run\'s metric rows kept in memory, all walked on each append. Now: each run\'s hyperband milestones kept, ' +
    `only the appended lines read. Growth is now's cost over its cost at ${first.size}.\n\n` +
    markdownTable(['runs × steps', 'every line read, ms', 'every row walked, ms', 'now: milestones kept, ms', 'read ÷ now', 'walked ÷ now',
      'now: growth', 'now, first append after a start (reads every run once), ms'], table),
]);
