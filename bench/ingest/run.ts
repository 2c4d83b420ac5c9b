// bench/ingest: history lines per second accepted through file_stream by a real `sextant server`
// (batches shaped as the client sends them; 1, 8 and 32 runs streaming at once), next to the raw
// rate of inserting the same rows into SQLite directly, measured in the same run. Also reading one
// key of a 100k-step run back through the native history API: warm (the server keeps the numeric
// columns of runs it has just been sent) and cold (a fresh server process on the same data dir,
// which reads and parses every row from SQLite). Last, MLflow's tracking server (SQLite backend) as a
// peer: the same metrics logged with its client's log_batch and with the wandb client to Sextant,
// the wall time of wandb.finish() after a 10,000-step loop, and one metric of a 100k-step run read
// back from each (see peers.py; both Python clients live in cached venvs, scripts/venv.ts).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseSync } from 'node:sqlite';
import { call, routes } from '@sextant/client';
import { markdownTable, writeResults } from '../results.ts';
import { ensureVenv, wandbVenv } from '../../scripts/venv.ts';

const { values: flags } = parseArgs({ options: {
  lines: { type: 'string', default: '2000' },
  batch: { type: 'string', default: '50' },
  'peer-runs': { type: 'string', default: '4' },
  'peer-steps': { type: 'string', default: '2000' },
  'peer-keys': { type: 'string', default: '10' },
  rounds: { type: 'string', default: '5' },
  'no-peers': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} });
if (flags.help) {
  process.stdout.write('Usage: node bench/ingest/run.ts [--lines PER_RUN] [--batch LINES_PER_REQUEST] [--rounds 5] [--peer-runs 4 --peer-steps 2000 --peer-keys 10 | --no-peers]\n');
  process.exit(0);
}
const LINES = Number(flags.lines);
const MLFLOW = '3.17.2';
const WANDB = '0.31.0';
const [PEER_RUNS, PEER_STEPS, PEER_KEYS] = [Number(flags['peer-runs']), Number(flags['peer-steps']), Number(flags['peer-keys'])];
const BATCH = Number(flags.batch);
const ROUNDS = Number(flags.rounds);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const KEY = 'benchkey0123456789benchkey0123456789abcd';
const auth = `Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`;
const row = (step: number): string => JSON.stringify({ loss: 1 / (step + 1), acc: step / LINES, lr: 0.001, _step: step, _runtime: step * 0.1, _timestamp: 1.7e9 + step });

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const dataDir = mkdtempSync(join(tmpdir(), 'sextant-ingest-'));
let server = await start();
// Warm-up (not reported): JIT compilation and statement preparation on both sides.
await throughFileStream(4, 'warmup');
rawInserts(4);
// Rounds alternate the two sides, so a change in the machine's load falls on both: each figure is
// the median of its rounds, and the ratio the median of the rounds' ratios.
const rows: string[][] = [];
for (const runs of [1, 8, 32]) {
  const accepted: number[] = [];
  const raw: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    accepted.push(await throughFileStream(runs, `r${round}-`));
    raw.push(rawInserts(runs));
    process.stderr.write(`${runs} runs: file_stream ${Math.round(accepted[round])} lines/s, raw ${Math.round(raw[round])} lines/s\n`);
  }
  const ratios = accepted.map((a, i) => a / raw[i]);
  rows.push([String(runs), String(Math.round(median(accepted))), String(Math.round(median(raw))), median(ratios).toFixed(2),
    `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`]);
}
await writeLongRun();
const warm = await readBack(1000);
const warmAll = await readBack(100_000);
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
server = await start();
// The route's first request in the new process is made on another run, so the cold figure is the
// read of the long run from SQLite, not the compilation of the route.
await post('/graphql', { query: 'mutation { upsertBucket(input: {name: "short", modelName: "ingest"}) { bucket { id } } }' });
await post('/files/admin/ingest/short/file_stream', { files: { 'wandb-history.jsonl': { offset: 0, content: [row(0), row(1)] } } });
await readBack(1000, 'short', 2);
const cold = await readBack(100_000);
const peers = flags['no-peers'] ? [] : await peerSections();
server.kill('SIGTERM');
agent.destroy();
const readRow = (what: string, ms: number): string[] => [what, ms.toFixed(0), String(Math.round(100_000 / (ms / 1000)))];
writeResults(import.meta.dirname, 'bench/ingest results', [
  `## file_stream: ${LINES} history lines per run, ${BATCH} lines per request (SQLite, WAL, synchronous = FULL on both sides)\n\n` +
    `Medians of ${ROUNDS} rounds, each running file_stream then the raw inserts; the ratio is the median of the rounds' ratios.\n\n` +
    markdownTable(['concurrent runs', 'file_stream lines/s', 'raw SQLite lines/s', 'ratio', 'ratio range'], rows),
  '## Reading one key of a 100,000-step run (native history API)\n\n' + markdownTable(['read', 'ms', 'rows/s'], [
    readRow('cold: a fresh server process, every row read from SQLite and parsed, all 100,000 points', cold),
    readRow('warm: columns kept since the run was written, downsampled to 1,000 points', warm),
    readRow('warm: all 100,000 points', warmAll),
  ]),
  ...peers,
]);

/** MLflow's server and client next to the wandb client and Sextant, on the same metrics. */
async function peerSections(): Promise<string[]> {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const mlflowPython = await ensureVenv(`mlflow-${MLFLOW}`, `mlflow==${MLFLOW}`, log);
  const wandbPython = await wandbVenv(WANDB, log);
  const work = mkdtempSync(join(tmpdir(), 'sextant-ingest-peers-'));
  const mlflow = await startMlflow(mlflowPython, work);
  try {
    const wandbEnv = { WANDB_BASE_URL: server.url!, WANDB_API_KEY: KEY, WANDB_DIR: work, WANDB_SILENT: 'true' };
    const shape = `${PEER_RUNS} runs × ${PEER_STEPS} steps × ${PEER_KEYS} keys`;
    log(`peers: MLflow log_batch, ${shape}…`);
    const mlflowLog = await peer(mlflowPython, ['mlflow-log', mlflow.url, PEER_RUNS, PEER_STEPS, PEER_KEYS]) as { seconds: number };
    log(`peers: wandb to Sextant, ${shape}…`);
    const wandbLog = await peer(wandbPython, ['wandb-log', 'peers', PEER_RUNS, PEER_STEPS, PEER_KEYS], wandbEnv) as { seconds: number };
    log('peers: wandb.finish() after 10,000 steps…');
    const finish = await peer(wandbPython, ['wandb-log', 'finish', 1, 10_000, PEER_KEYS], wandbEnv) as { finish_seconds: number[] };
    log('peers: a 100,000-step run in MLflow…');
    const long = await peer(mlflowPython, ['mlflow-log', mlflow.url, 1, 100_000, 1]) as { run_ids: string[] };
    const mlflowRest = await mlflowHistory(mlflow.url, long.run_ids[0]);
    const mlflowClient = await peer(mlflowPython, ['mlflow-read', mlflow.url, long.run_ids[0], 'm0']) as { seconds: number; count: number };
    if (mlflowClient.count !== 100_000) throw new Error(`MLflow's client read ${mlflowClient.count} values, expected 100000`);
    const lines = PEER_RUNS * PEER_STEPS;
    const ours = lines / wandbLog.seconds;
    const theirs = lines / mlflowLog.seconds;
    return [`## Side by side with MLflow ${MLFLOW}'s tracking server (SQLite backend, default workers)\n\n` + markdownTable(['', `Sextant (wandb ${WANDB})`, `MLflow ${MLFLOW}`, 'Sextant ÷ MLflow'], [
      [`ingest, ${shape}: lines/s, each client's own API (wandb.log per step + finish; log_batch of 1,000 values)`, ours.toFixed(0), theirs.toFixed(0), `${(ours / theirs).toFixed(1)}×`],
      ['read back one metric of a 100,000-step run over HTTP, ms (Sextant cold, a fresh process; MLflow REST get-history, pages of 25,000)', cold.toFixed(0), mlflowRest.toFixed(0), `${(mlflowRest / cold).toFixed(1)}×`],
      ['the same through MLflow\'s Python client (get_metric_history), ms', '', (mlflowClient.seconds * 1000).toFixed(0), ''],
    ]) + `\n\nwandb.finish() after a 10,000-step loop of ${PEER_KEYS} keys against Sextant: ${(finish.finish_seconds[0] * 1000).toFixed(0)} ms of wall time. ` +
      'Lines/s count steps (one history line of all keys); the clocks run from the first log call (after wandb.init, or from create_run) to the run\'s end (finish, set_terminated), summed over the runs.'];
  } finally {
    mlflow.child.kill('SIGTERM');
  }
}

/** Runs peers.py with a venv's python; its last stdout line is JSON. */
function peer(python: string, args: Array<string | number>, env: Record<string, string> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(python, [join(import.meta.dirname, 'peers.py'), ...args.map(String)], { env: { ...process.env, ...env }, cwd: env.WANDB_DIR ?? tmpdir(), maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`peers.py ${args.join(' ')}: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!));
    });
  });
}

async function startMlflow(python: string, dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const child = spawn(python, ['-m', 'mlflow', 'server', '--backend-store-uri', `sqlite:///${join(dir, 'mlflow.db')}`, '--default-artifact-root', join(dir, 'artifacts'),
    '--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill('SIGTERM');
  throw new Error('the MLflow server did not answer /health within 2 minutes');
}

/** Milliseconds to read every value of `m0` through MLflow's REST API, page after page. */
async function mlflowHistory(url: string, runId: string): Promise<number> {
  const t0 = performance.now();
  let count = 0;
  let token = '';
  do {
    const response = await fetch(`${url}/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=m0&max_results=25000${token ? `&page_token=${encodeURIComponent(token)}` : ''}`);
    const body = (await response.json()) as { metrics?: unknown[]; next_page_token?: string };
    count += body.metrics?.length ?? 0;
    token = body.next_page_token ?? '';
  } while (token);
  const ms = performance.now() - t0;
  if (count !== 100_000) throw new Error(`MLflow's REST API returned ${count} values, expected 100000`);
  return ms;
}

async function start(): Promise<ReturnType<typeof spawn> & { url?: string }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'packages', 'cli', 'main.ts'), 'server', '--port', '0', '--data-dir', dataDir],
    { env: { ...process.env, SEXTANT_BOOTSTRAP_API_KEY: KEY }, stdio: ['ignore', 'pipe', 'inherit'] }) as ReturnType<typeof spawn> & { url?: string };
  child.url = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  return child;
}

/** POSTs a body (an object, or JSON text prepared before the clock started) over a kept-alive connection. */
function post(path: string, body: unknown): Promise<void> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method: 'POST', agent, headers: { authorization: auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
      let answer = '';
      res.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${path}: ${res.statusCode} ${answer}`))));
    });
    req.on('error', reject);
    req.end(text);
  });
}

/** Lines per second accepted when `runs` runs stream their history concurrently. */
async function throughFileStream(runs: number, prefix = 'r'): Promise<number> {
  const names = Array.from({ length: runs }, (_, i) => `${prefix}${runs}-${i}`);
  for (const name of names) await post('/graphql', { query: `mutation { upsertBucket(input: {name: "${name}", modelName: "ingest"}) { bucket { id } } }` });
  // The request bodies are built before the clock starts: the server's work is what is measured.
  const bodies: string[] = [];
  for (let offset = 0; offset < LINES; offset += BATCH) {
    const content = Array.from({ length: Math.min(BATCH, LINES - offset) }, (_, i) => row(offset + i));
    bodies.push(JSON.stringify({ files: { 'wandb-history.jsonl': { offset, content } }, dropped: 0 }));
  }
  const t0 = performance.now();
  await Promise.all(names.map(async (name) => {
    for (const body of bodies) await post(`/files/admin/ingest/${name}/file_stream`, body);
  }));
  return (runs * LINES) / ((performance.now() - t0) / 1000);
}

/** The same rows inserted straight into a SQLite file with the server's settings, one transaction per batch. */
function rawInserts(runs: number): number {
  const db = new DatabaseSync(join(mkdtempSync(join(tmpdir(), 'sextant-raw-')), 'raw.db'));
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
  db.exec('CREATE TABLE run_lines (entity TEXT, project TEXT, run TEXT, file TEXT, line_index INTEGER, step BIGINT, content TEXT, PRIMARY KEY (entity, project, run, file, line_index))');
  const insert = db.prepare('INSERT INTO run_lines VALUES (?, ?, ?, ?, ?, ?, ?)');
  const t0 = performance.now();
  for (let offset = 0; offset < LINES; offset += BATCH) {
    for (let r = 0; r < runs; r++) {
      db.exec('BEGIN');
      for (let i = offset; i < Math.min(offset + BATCH, LINES); i++) insert.run('admin', 'ingest', `r${r}`, 'history', i, i, row(i));
      db.exec('COMMIT');
    }
  }
  const rate = (runs * LINES) / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

async function writeLongRun(): Promise<void> {
  await post('/graphql', { query: 'mutation { upsertBucket(input: {name: "long", modelName: "ingest"}) { bucket { id } } }' });
  for (let offset = 0; offset < 100_000; offset += 5000) {
    await post('/files/admin/ingest/long/file_stream', { files: { 'wandb-history.jsonl': { offset, content: Array.from({ length: 5000 }, (_, i) => row(offset + i)) } } });
  }
}

/** Milliseconds to read the run's `loss` downsampled to `points`, checking that every row was counted. */
async function readBack(points: number, run = 'long', expected = 100_000): Promise<number> {
  const t0 = performance.now();
  const body = await call({ url: server.url!, key: KEY }, routes.runHistory, { params: { entity: 'admin', project: 'ingest', run }, query: { keys: 'loss', points } });
  const ms = performance.now() - t0;
  if (body.series.loss.count !== expected) throw new Error(`read ${body.series.loss.count} rows, expected ${expected}`);
  return ms;
}
