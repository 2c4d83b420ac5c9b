// bench/scale: how the server's answers grow with the data. Two data dirs are generated through the
// real protocol (GraphQL upsertBucket for runs, a hyperband sweep driven by agent heartbeats, its
// history through file_stream) and kept in a cache dir, so reruns only measure: a full one and one
// at 1/100 of its size. A server runs on each, both measured the same way in the same run, so each
// figure comes with its growth ratio.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { SCHEMA_VERSION } from '../../packages/server/store/schema.ts';
import { authHeader, startServerProcess, TEST_KEY, type ServerProcess } from '../../packages/server/testing/server-process.ts';
import { SweepClient } from '../../packages/server/testing/sweep-client.ts';
import { fileStream, type FileStreamAnswer } from '@sextant/client';
import { markdownTable, writeResults } from '../results.ts';
import { copyFromSqlite, startCluster, type Cluster } from './postgres.ts';

const { values: flags } = parseArgs({ options: {
  runs: { type: 'string', default: '100000' },
  'sweep-runs': { type: 'string', default: '1000' },
  steps: { type: 'string', default: '10000' },
  streams: { type: 'string', default: '8' },
  repeat: { type: 'string', default: '7' },
  postgres: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} });
if (flags.help) {
  process.stdout.write('Usage: node bench/scale/run.ts [--runs 100000] [--sweep-runs 1000] [--steps 10000] [--streams 8] [--repeat 7] [--postgres]\n' +
    '  --steps     history lines of each sweep run\n' +
    '  --streams   sweep runs generated at once (agents, each streaming its run\'s history)\n' +
    '  --postgres  the runs listings again on PostgreSQL (a throwaway cluster), with the same runs copied there\n');
  process.exit(0);
}
const FULL = { runs: Number(flags.runs), sweepRuns: Number(flags['sweep-runs']), steps: Number(flags.steps) };
const SMALL = { runs: Math.max(1, Math.round(FULL.runs / 100)), sweepRuns: Math.max(1, Math.round(FULL.sweepRuns / 100)), steps: FULL.steps };
const REPEAT = Number(flags.repeat);
const STREAMS = Number(flags.streams);
/** History lines per file_stream request while generating: big requests, so generating 10 million lines is done once in minutes. */
const LINES_PER_REQUEST = 10_000;
/** Raised whenever generate() writes other data, so that a data dir cached by an older generator is made again. */
const GENERATOR = 3;
/** Disk a generated data dir takes (SQLite, measured on 1,000 × 1,000 steps and 100,000 runs): per history line, per run. */
const BYTES_PER_LINE = 200;
const BYTES_PER_RUN = 700;
const SPARE_BYTES = 1024 ** 3;
/**
 * A cached data dir is named after everything its data depends on: the shape, the schema version
 * (a data dir of an older schema would be migrated by the server rather than made as this version
 * makes it) and the generator's version.
 */
const CACHE_VERSION = `schema${SCHEMA_VERSION}-gen${GENERATOR}`;
const APPEND_WARMUP = 5;
const PROJECT = 'scale';
const cacheRoot = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sextant', 'scale');
type Shape = typeof FULL;

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const lossAt = (lr: number, step: number): number => 1 / (1 + step * lr);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The first figures: the runs listings, measured on PostgreSQL too with --postgres. */
const LISTINGS = 6;
const FILTER = { 'config.optimizer': 'sgd', 'summary_metrics.loss': { $lt: 0.05 } };
/** What `wandb.Api().runs(path, filters)` sends for a page (0.22.1 and later: the light run fragment). */
const RUNS_QUERY = `query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {
  project(name: $project, entityName: $entity) { internalId runCount(filters: $filters) readOnly
    runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {
      edges { node { id tags name displayName sweepName state group jobType commit readOnly createdAt heartbeatAt description notes historyLineCount projectId
        user { name username } } cursor }
      pageInfo { endCursor hasNextPage } } } }`;

const full = await prepare(FULL);
const small = await prepare(SMALL);
try {
  const rows: Array<Array<string | number>> = [];
  const figures: Array<[string, (s: Prepared) => Promise<number>]> = [
    [`filtered runs page: \`${JSON.stringify(FILTER)}\`, 50 runs`, (s) => timed(s, runsPage(FILTER))],
    ['the same filter as the W&B client asks it: GraphQL `Runs` (`runCount` with the filter, then 50 runs of the light fragment)', (s) => timed(s, [graphqlRunsPage(FILTER)])],
    ['the first runs page sorted by a summary metric (`-summary_metrics.loss`): builds its index (none at the start), one request', (s) => once(s, runsPage(undefined, '-summary_metrics.loss'))],
    ['runs page sorted by a summary metric (`-summary_metrics.loss`), 50 runs', (s) => timed(s, runsPage(undefined, '-summary_metrics.loss'))],
    ['runs page by creation time, 50 runs', (s) => timed(s, runsPage())],
    ['sweep page: the sweep, then its first 50 runs', (s) => timed(s, [`/api/v1/sweeps/admin/${PROJECT}/${s.sweep}`, runsPage({ sweep: s.sweep })[0]])],
    [`project workspace: projects, first 50 runs, sweeps, \`loss\` of 10 sweep runs (${FULL.steps.toLocaleString('en')} steps each, read as 1,000 points)`, (s) => timed(s, [
      '/api/v1/projects?entity=admin', runsPage()[0], '/api/v1/sweeps?entity=admin', `/api/v1/histories/admin/${PROJECT}?runs=${s.sweepRunNames.slice(0, 10).join(',')}&keys=loss&points=1000`])],
    ['file_stream append of one history line to a run of the hyperband sweep (early stopping runs on it)', (s) => appendCost(s, true)],
    ['the same append to a run outside any sweep (baseline)', (s) => appendCost(s, false)],
  ];
  const measureAll = async (list: typeof figures, big: Prepared, little: Prepared): Promise<Array<Array<string | number>>> => {
    const measured: Array<Array<string | number>> = [];
    for (const [label, measure] of list) {
      const [a, b] = [await measure(big), await measure(little)];
      measured.push([label, a.toFixed(1), b.toFixed(1), (a / b).toFixed(1)]);
      log(`${label}: ${a.toFixed(1)} ms vs ${b.toFixed(1)} ms (servers' resident memory after it: ${rss(big.server).toFixed(0)} MB and ${rss(little.server).toFixed(0)} MB)`);
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
      (FULL.steps < 10_000 ? ` The sweep's runs have ${FULL.steps.toLocaleString('en')} steps (\`--steps\`), not the 10,000 of the default.` : ''),
    markdownTable(['measurement', 'full ms', '1/100 ms', 'growth (full ÷ 1/100)'], rows),
    ...postgres,
  ]);
} finally {
  await full.server.stop();
  await small.server.stop();
}

interface Generated {
  sweep: string;
  sweepRunNames: string[];
  /** The rate the sweep's history was streamed at, over HTTP, while generating. */
  linesPerSecond: number;
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
  const dir = join(cacheRoot, `${shape.runs}-${shape.sweepRuns}x${shape.steps}-${CACHE_VERSION}`);
  const done = join(dir, 'generated.json');
  if (!existsSync(done)) {
    removeStaleCaches();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    checkDiskSpace(dir, shape);
    const server = await startServerProcess(dir);
    const t0 = performance.now();
    try {
      const sweep = await generate(server, shape);
      writeFileSync(done, JSON.stringify({ ...sweep, seconds: (performance.now() - t0) / 1000 }));
    } finally {
      await server.stop();
    }
  }
  const { sweep, sweepRunNames, seconds, linesPerSecond } = JSON.parse(readFileSync(done, 'utf8')) as Generated & { seconds: number };
  dropSortIndexes(join(dir, 'sextant.db'));
  return { server: await startServerProcess(dir), dir, sweep, sweepRunNames, generated: `${seconds.toFixed(0)} s (history at ${linesPerSecond.toFixed(0)} lines/s)` };
}

/** Removes the data dirs of other schema or generator versions: this version never reads them. */
function removeStaleCaches(): void {
  if (!existsSync(cacheRoot)) return;
  for (const name of readdirSync(cacheRoot)) {
    if (!name.endsWith(`-${CACHE_VERSION}`)) rmSync(join(cacheRoot, name), { recursive: true, force: true });
  }
}

/** Refuses to start a generation the disk cannot hold, rather than fill the disk. */
function checkDiskSpace(dir: string, shape: Shape): void {
  const { bavail, bsize } = statfsSync(dir);
  const free = bavail * bsize;
  const needed = shape.sweepRuns * shape.steps * BYTES_PER_LINE + shape.runs * BYTES_PER_RUN;
  if (free < needed + SPARE_BYTES) {
    const gb = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)} GB`;
    throw new Error(`${dir}: generating ${shape.sweepRuns} sweep runs × ${shape.steps} steps and ${shape.runs} runs takes about ${gb(needed)}, ` +
      `and ${gb(free)} is free (${gb(SPARE_BYTES)} is kept spare); pass fewer --steps or free some disk`);
  }
}

/** A server on a PostgreSQL database holding the runs of a prepared SQLite data dir. */
async function onPostgres(cluster: Cluster, prepared: Prepared, name: string): Promise<Prepared> {
  const url = await cluster.database(name);
  const t0 = performance.now();
  await copyFromSqlite(join(prepared.dir, 'sextant.db'), url);
  const generated = `${((performance.now() - t0) / 1000).toFixed(0)} s`;
  return { ...prepared, generated, server: await startServerProcess(mkdtempSync(join(tmpdir(), 'sextant-scale-pg-server-')), ['--database', url]) };
}

async function generate(server: ServerProcess, shape: Shape): Promise<Generated> {
  const client = new SweepClient(server.url, PROJECT);
  log(`generating ${shape.sweepRuns} sweep runs × ${shape.steps} steps…`);
  const sweep = await client.createSweep(`method: random\nmetric: {name: loss, goal: minimize}\nrun_cap: ${shape.sweepRuns}\n` +
    'early_terminate: {type: hyperband, min_iter: 3}\nparameters:\n  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}\n  optimizer: {values: [adam, sgd]}\n');
  const sweepRunNames: string[] = [];
  const lines = progress('sweep history lines', shape.sweepRuns * shape.steps);
  await Promise.all(Array.from({ length: STREAMS }, async () => {
    const agent = await client.createAgent(sweep);
    for (;;) {
      const run = (await client.heartbeat(agent)).find((c) => c.type === 'run');
      if (!run) return;
      sweepRunNames.push(run.run_id);
      const config = JSON.stringify(Object.fromEntries(Object.entries(run.args).map(([k, v]) => [k, { value: v.value }])));
      await again(() => client.gql('mutation($n: String, $p: String, $c: JSONString, $s: String) { upsertBucket(input: {name: $n, modelName: $p, config: $c, sweep: $s}) { bucket { id } } }',
        { n: run.run_id, p: PROJECT, c: config, s: sweep }));
      const lr = Number(run.args.lr.value);
      for (let offset = 0; offset < shape.steps; offset += LINES_PER_REQUEST) {
        const content = Array.from({ length: Math.min(LINES_PER_REQUEST, shape.steps - offset) }, (_, i) => JSON.stringify({ loss: lossAt(lr, offset + i), _step: offset + i, _runtime: (offset + i) * 0.01 }));
        await again(() => stream(server, run.run_id, { files: { 'wandb-history.jsonl': { offset, content } } }));
        lines.add(content.length);
      }
      await again(() => stream(server, run.run_id, { files: { 'wandb-summary.json': { offset: 0, content: [JSON.stringify({ loss: lossAt(lr, shape.steps - 1) })] } }, complete: true, exitcode: 0 }));
    }
  }));
  const linesPerSecond = lines.done();
  let next = 0;
  const others = shape.runs - shape.sweepRuns;
  const runs = progress('other runs', others);
  await Promise.all(Array.from({ length: 16 }, async () => {
    for (let i = next++; i < others; i = next++) {
      // Named (displayName), as a user names a run: the server then need not count the project's runs to name it.
      await again(() => client.gql('mutation($n: String, $d: String, $p: String, $c: JSONString, $m: JSONString) { upsertBucket(input: {name: $n, displayName: $d, modelName: $p, config: $c, summaryMetrics: $m}) { bucket { id } } }', {
        n: `run${i}`, d: `run ${i}`, p: PROJECT,
        c: JSON.stringify({ lr: { value: 10 ** -(1 + (i % 4)) }, optimizer: { value: ['adam', 'sgd', 'rmsprop'][i % 3] }, layers: { value: i % 8 } }),
        m: JSON.stringify({ loss: ((i * 7919) % 1000) / 1000, accuracy: ((i * 104729) % 1000) / 1000 }),
      }));
      runs.add(1);
    }
  }));
  runs.done();
  return { sweep, sweepRunNames, linesPerSecond };
}

/**
 * A write generation repeats, as the W&B client does, when the server answers that it may succeed
 * later (a 5xx): a generation of many minutes on a shared machine should not be lost to one failed
 * write. Each is idempotent: a run upserted again, history lines written again at their offsets.
 */
async function again<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= 5 || !(error as { transient?: boolean }).transient) throw error;
      log(`  ${(error as Error).message}; again in ${attempt * 5} s`);
      await new Promise((resolve) => setTimeout(resolve, attempt * 5000));
    }
  }
}

/** Counts work done and logs it every 15 seconds with its rate and the time left at that rate. */
function progress(what: string, total: number): { add(n: number): void; done(): number } {
  const t0 = performance.now();
  let count = 0;
  const report = (): void => {
    const seconds = (performance.now() - t0) / 1000;
    const rate = count / Math.max(seconds, 1e-3);
    const left = rate > 0 ? `, ${((total - count) / rate / 60).toFixed(1)} min left` : '';
    log(`  ${what}: ${count.toLocaleString('en')} of ${total.toLocaleString('en')} in ${seconds.toFixed(0)} s (${rate.toFixed(0)}/s${count < total ? left : ''})`);
  };
  const timer = setInterval(report, 15_000);
  return { add: (n) => void (count += n), done: () => {
    clearInterval(timer);
    report();
    return count / ((performance.now() - t0) / 1000);
  } };
}

function stream(server: ServerProcess, run: string, body: unknown): Promise<FileStreamAnswer> {
  return fileStream({ url: server.url, key: TEST_KEY }, { entity: 'admin', project: PROJECT, run }, body);
}

/** A request of a measured page: a path to GET, or a GraphQL query to POST. */
type Request = string | { graphql: string; variables: Record<string, unknown> };

function graphqlRunsPage(filter: object): Request {
  return { graphql: RUNS_QUERY, variables: { project: PROJECT, entity: 'admin', order: '+created_at', filters: JSON.stringify(filter), perPage: 50, cursor: null } };
}

function runsPage(filter?: object, order?: string): string[] {
  const query = new URLSearchParams({ limit: '50', ...(filter ? { filter: JSON.stringify(filter) } : {}), ...(order ? { order } : {}) });
  return [`/api/v1/runs/admin/${PROJECT}?${query}`];
}

/** Median milliseconds of the paths fetched one after the other (the first round not counted). */
async function timed(prepared: Prepared, paths: Request[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= REPEAT; i++) {
    const time = await once(prepared, paths);
    if (i > 0) times.push(time);
  }
  return median(times);
}

/** Milliseconds of the requests made once, one after the other. */
async function once(prepared: Prepared, requests: Request[]): Promise<number> {
  const t0 = performance.now();
  for (const request of requests) {
    const [path, init] = typeof request === 'string' ? [request, {}]
      : ['/graphql', { method: 'POST', body: JSON.stringify({ query: request.graphql, variables: request.variables }), headers: { 'content-type': 'application/json' } }];
    const response = await fetch(`${prepared.server.url}${path}`, { ...init, headers: { ...init.headers, authorization: authHeader() } });
    const text = await response.text();
    if (!response.ok || (typeof request !== 'string' && JSON.parse(text).errors)) throw new Error(`${path}: ${response.status} ${text}`);
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
