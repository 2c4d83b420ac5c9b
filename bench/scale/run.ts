// bench/scale: how the server's answers grow with the data. Two data dirs are generated through the
// real protocol (GraphQL upsertBucket for runs, a hyperband sweep driven by agent heartbeats, its
// history through file_stream) and kept in a cache dir, so reruns only measure: a full one and one
// at 1/100 of its size. A server runs on each, both measured the same way in the same run, so each
// figure comes with its growth ratio.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { authHeader, startServerProcess, TEST_KEY, type ServerProcess } from '../../packages/server/testing/server-process.ts';
import { SweepClient } from '../../packages/server/testing/sweep-client.ts';
import { fileStream, type FileStreamAnswer } from '@sextant/client';
import { markdownTable, writeResults } from '../results.ts';
import { copyFromSqlite, startCluster, type Cluster } from './postgres.ts';

const { values: flags } = parseArgs({ options: {
  runs: { type: 'string', default: '100000' },
  'sweep-runs': { type: 'string', default: '1000' },
  steps: { type: 'string', default: '1000' },
  repeat: { type: 'string', default: '7' },
  postgres: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} });
if (flags.help) {
  process.stdout.write('Usage: node bench/scale/run.ts [--runs 100000] [--sweep-runs 1000] [--steps 1000] [--repeat 7] [--postgres]\n' +
    '  --postgres  the runs listings again on PostgreSQL (a throwaway cluster), with the same runs copied there\n');
  process.exit(0);
}
const FULL = { runs: Number(flags.runs), sweepRuns: Number(flags['sweep-runs']), steps: Number(flags.steps) };
const SMALL = { runs: Math.max(1, Math.round(FULL.runs / 100)), sweepRuns: Math.max(1, Math.round(FULL.sweepRuns / 100)), steps: FULL.steps };
const REPEAT = Number(flags.repeat);
const APPEND_WARMUP = 5;
const PROJECT = 'scale';
const cacheRoot = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sextant', 'scale');
type Shape = typeof FULL;

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const lossAt = (lr: number, step: number): number => 1 / (1 + step * lr);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The first figures: the runs listings, measured on PostgreSQL too with --postgres. */
const LISTINGS = 5;

const full = await prepare(FULL);
const small = await prepare(SMALL);
try {
  const rows: Array<Array<string | number>> = [];
  const figures: Array<[string, (s: Prepared) => Promise<number>]> = [
    ['filtered runs page: `{"config.optimizer": "sgd", "summary_metrics.loss": {"$lt": 0.05}}`, 50 runs', (s) => timed(s, runsPage({ 'config.optimizer': 'sgd', 'summary_metrics.loss': { $lt: 0.05 } }))],
    ['the first runs page sorted by a summary metric (`-summary_metrics.loss`): builds its index (none at the start), one request', (s) => once(s, runsPage(undefined, '-summary_metrics.loss'))],
    ['runs page sorted by a summary metric (`-summary_metrics.loss`), 50 runs', (s) => timed(s, runsPage(undefined, '-summary_metrics.loss'))],
    ['runs page by creation time, 50 runs', (s) => timed(s, runsPage())],
    ['sweep page: the sweep, then its first 50 runs', (s) => timed(s, [`/api/v1/sweeps/admin/${PROJECT}/${s.sweep}`, runsPage({ sweep: s.sweep })[0]])],
    ['project workspace: projects, first 50 runs, sweeps, `loss` of 10 sweep runs (1,000 points each)', (s) => timed(s, [
      '/api/v1/projects?entity=admin', runsPage()[0], '/api/v1/sweeps?entity=admin', `/api/v1/histories/admin/${PROJECT}?runs=${s.sweepRunNames.slice(0, 10).join(',')}&keys=loss&points=1000`])],
    ['file_stream append of one history line to a run of the hyperband sweep (early stopping runs on it)', (s) => appendCost(s, true)],
    ['the same append to a run outside any sweep (baseline)', (s) => appendCost(s, false)],
  ];
  const measureAll = async (list: typeof figures, big: Prepared, little: Prepared): Promise<Array<Array<string | number>>> => {
    const measured: Array<Array<string | number>> = [];
    for (const [label, measure] of list) {
      const [a, b] = [await measure(big), await measure(little)];
      measured.push([label, a.toFixed(1), b.toFixed(1), (a / b).toFixed(1)]);
      log(`${label}: ${a.toFixed(1)} ms vs ${b.toFixed(1)} ms`);
    }
    return measured;
  };
  rows.push(...await measureAll(figures, full, small));
  const [rssFull, rssSmall] = [rss(full.server), rss(small.server)];
  rows.push(['server memory (resident, MB) after the measurements above', rssFull.toFixed(0), rssSmall.toFixed(0), (rssFull / rssSmall).toFixed(1)]);
  const postgres: string[] = [];
  if (flags.postgres) {
    const cluster = await startCluster();
    try {
      const [pgFull, pgSmall] = [await onPostgres(cluster, full, 'scale_full'), await onPostgres(cluster, small, 'scale_small')];
      try {
        postgres.push('On PostgreSQL: the same runs, sweeps and projects copied into a throwaway cluster (one database per size, `fsync` off), ' +
          `a server on each; the listings measured the same way (copied in ${pgFull.generated} and ${pgSmall.generated}).`,
        markdownTable(['measurement (PostgreSQL)', 'full ms', '1/100 ms', 'growth (full ÷ 1/100)'], await measureAll(figures.slice(0, LISTINGS), pgFull, pgSmall)));
      } finally {
        await pgFull.server.stop();
        await pgSmall.server.stop();
      }
    } finally {
      cluster.stop();
    }
  }
  const shape = (s: Shape): string => `${s.runs.toLocaleString('en')} runs in the project, a hyperband sweep of ${s.sweepRuns.toLocaleString('en')} of them × ${s.steps.toLocaleString('en')} steps`;
  writeResults(import.meta.dirname, 'bench/scale results', [
    `Full: ${shape(FULL)}. Small (1/100): ${shape(SMALL)}. Generated through the protocol in ${full.generated} and ${small.generated} ` +
      `(cached in \`${cacheRoot}\`). Each figure is the median of ${REPEAT} requests (after one not counted; appends: of ${3 * REPEAT}, after ${APPEND_WARMUP}), one server per data dir, both in this run.` +
      (FULL.steps < 10_000 ? ` The sweep's runs have ${FULL.steps.toLocaleString('en')} steps, not 10,000: 10,000 would take well over 5 minutes to generate on 2 loaded cores.` : ''),
    markdownTable(['measurement', 'full ms', '1/100 ms', 'growth (full ÷ 1/100)'], rows),
    ...postgres,
  ]);
} finally {
  await full.server.stop();
  await small.server.stop();
}

interface Prepared {
  server: ServerProcess;
  dir: string;
  sweep: string;
  sweepRunNames: string[];
  generated: string;
}

/** A server on the cached data dir of this shape, generating it first when it is not there. */
async function prepare(shape: Shape): Promise<Prepared> {
  const dir = join(cacheRoot, `${shape.runs}-${shape.sweepRuns}x${shape.steps}`);
  const done = join(dir, 'generated.json');
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const server = await startServerProcess(dir);
    const t0 = performance.now();
    try {
      const sweep = await generate(server, shape);
      writeFileSync(done, JSON.stringify({ ...sweep, seconds: (performance.now() - t0) / 1000 }));
    } finally {
      await server.stop();
    }
  }
  const { sweep, sweepRunNames, seconds } = JSON.parse(readFileSync(done, 'utf8')) as { sweep: string; sweepRunNames: string[]; seconds: number };
  dropSortIndexes(join(dir, 'sextant.db'));
  return { server: await startServerProcess(dir), dir, sweep, sweepRunNames, generated: `${seconds.toFixed(0)} s` };
}

/** A server on a PostgreSQL database holding the runs of a prepared SQLite data dir. */
async function onPostgres(cluster: Cluster, prepared: Prepared, name: string): Promise<Prepared> {
  const url = await cluster.database(name);
  const t0 = performance.now();
  await copyFromSqlite(join(prepared.dir, 'sextant.db'), url);
  const generated = `${((performance.now() - t0) / 1000).toFixed(0)} s`;
  return { ...prepared, generated, server: await startServerProcess(mkdtempSync(join(tmpdir(), 'sextant-scale-pg-server-')), ['--database', url]) };
}

async function generate(server: ServerProcess, shape: Shape): Promise<{ sweep: string; sweepRunNames: string[] }> {
  const client = new SweepClient(server.url, PROJECT);
  log(`generating ${shape.sweepRuns} sweep runs × ${shape.steps} steps…`);
  const sweep = await client.createSweep(`method: random\nmetric: {name: loss, goal: minimize}\nrun_cap: ${shape.sweepRuns}\n` +
    'early_terminate: {type: hyperband, min_iter: 3}\nparameters:\n  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}\n  optimizer: {values: [adam, sgd]}\n');
  const sweepRunNames: string[] = [];
  await Promise.all(Array.from({ length: 8 }, async () => {
    const agent = await client.createAgent(sweep);
    for (;;) {
      const run = (await client.heartbeat(agent)).find((c) => c.type === 'run');
      if (!run) return;
      sweepRunNames.push(run.run_id);
      const config = JSON.stringify(Object.fromEntries(Object.entries(run.args).map(([k, v]) => [k, { value: v.value }])));
      await client.gql('mutation($n: String, $p: String, $c: JSONString, $s: String) { upsertBucket(input: {name: $n, modelName: $p, config: $c, sweep: $s}) { bucket { id } } }',
        { n: run.run_id, p: PROJECT, c: config, s: sweep });
      const lr = Number(run.args.lr.value);
      for (let offset = 0; offset < shape.steps; offset += 1000) {
        const content = Array.from({ length: Math.min(1000, shape.steps - offset) }, (_, i) => JSON.stringify({ loss: lossAt(lr, offset + i), _step: offset + i, _runtime: (offset + i) * 0.01 }));
        await stream(server, run.run_id, { files: { 'wandb-history.jsonl': { offset, content } } });
      }
      await stream(server, run.run_id, { files: { 'wandb-summary.json': { offset: 0, content: [JSON.stringify({ loss: lossAt(lr, shape.steps - 1) })] } }, complete: true, exitcode: 0 });
    }
  }));
  log(`generating ${shape.runs - shape.sweepRuns} runs…`);
  let next = 0;
  const others = shape.runs - shape.sweepRuns;
  await Promise.all(Array.from({ length: 16 }, async () => {
    for (let i = next++; i < others; i = next++) {
      await client.gql('mutation($n: String, $p: String, $c: JSONString, $m: JSONString) { upsertBucket(input: {name: $n, modelName: $p, config: $c, summaryMetrics: $m}) { bucket { id } } }', {
        n: `run${i}`, p: PROJECT,
        c: JSON.stringify({ lr: { value: 10 ** -(1 + (i % 4)) }, optimizer: { value: ['adam', 'sgd', 'rmsprop'][i % 3] }, layers: { value: i % 8 } }),
        m: JSON.stringify({ loss: ((i * 7919) % 1000) / 1000, accuracy: ((i * 104729) % 1000) / 1000 }),
      });
      if (i % 10_000 === 0) log(`  ${i} runs`);
    }
  }));
  return { sweep, sweepRunNames };
}

function stream(server: ServerProcess, run: string, body: unknown): Promise<FileStreamAnswer> {
  return fileStream({ url: server.url, key: TEST_KEY }, { entity: 'admin', project: PROJECT, run }, body);
}

function runsPage(filter?: object, order?: string): string[] {
  const query = new URLSearchParams({ limit: '50', ...(filter ? { filter: JSON.stringify(filter) } : {}), ...(order ? { order } : {}) });
  return [`/api/v1/runs/admin/${PROJECT}?${query}`];
}

/** Median milliseconds of the paths fetched one after the other (the first round not counted). */
async function timed(prepared: Prepared, paths: string[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= REPEAT; i++) {
    const time = await once(prepared, paths);
    if (i > 0) times.push(time);
  }
  return median(times);
}

/** Milliseconds of the paths fetched once, one after the other. */
async function once(prepared: Prepared, paths: string[]): Promise<number> {
  const t0 = performance.now();
  for (const path of paths) {
    const response = await fetch(`${prepared.server.url}${path}`, { headers: { authorization: authHeader() } });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  }
  return performance.now() - t0;
}

/**
 * Drops the indexes listings sorted by a document field made on first use (store/run-sort-index.ts)
 * in an earlier run, so that this run measures building one.
 */
function dropSortIndexes(database: string): void {
  const db = new DatabaseSync(database);
  try {
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'run_sort_indexes'").get()) return;
    for (const { name } of db.prepare('SELECT name FROM run_sort_indexes').all()) db.exec(`DROP INDEX IF EXISTS ${String(name)}`);
    db.exec('DELETE FROM run_sort_indexes');
  } finally {
    db.close();
  }
}

/** Median milliseconds of one-line history appends to a new running run, in the sweep or not. */
async function appendCost(prepared: Prepared, inSweep: boolean): Promise<number> {
  const client = new SweepClient(prepared.server.url, PROJECT);
  const run = `append-${inSweep ? 'sweep' : 'alone'}-${Date.now().toString(36)}`;
  await client.gql('mutation($n: String, $p: String, $s: String) { upsertBucket(input: {name: $n, modelName: $p, sweep: $s}) { bucket { id } } }', { n: run, p: PROJECT, s: inSweep ? prepared.sweep : null });
  const times: number[] = [];
  // The first appends after a start read every run's metric rows once: not counted.
  for (let i = 0; i < APPEND_WARMUP + 3 * REPEAT; i++) {
    const t0 = performance.now();
    await stream(prepared.server, run, { files: { 'wandb-history.jsonl': { offset: i, content: [JSON.stringify({ loss: 0.5, _step: i })] } } });
    if (i >= APPEND_WARMUP) times.push(performance.now() - t0);
  }
  await stream(prepared.server, run, { complete: true, exitcode: 0 });
  return median(times);
}

function rss(server: ServerProcess): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}
