// bench/ingest: history lines per second accepted through file_stream by a real `sextant server`
// (requests of 50 and of 2,000 lines, each with its run's summary as the client sends it; 1, 8 and
// 32 runs streaming at once), next to the raw rate of inserting the same batches and summaries
// straight into the same database at the same durability (each batch committed and synced before
// the next), and without the per-batch sync, measured in the same
// run; on SQLite and on PostgreSQL (a throwaway cluster with fsync on). Also reading one
// key of a 100k-step run back through the native history API: warm (the server keeps the numeric
// columns of runs it has just been sent) and cold (a fresh server process on the same data dir,
// which reads and parses every row from SQLite). Last, MLflow's tracking server (SQLite backend) as a
// peer: the same metrics logged with its client's log_batch and with the wandb client to Sextant,
// the wall time of wandb.finish() after a 10,000-step loop, and one metric of a 100k-step run read
// back from each (see peers.py; both Python clients live in cached venvs, scripts/venv.ts), and the
// sizes of the wandb client's own file_stream requests, counted by a proxy.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { Agent, createServer as createHttpServer, request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import pg from 'pg';
import { call, routes } from '@sextant/client';
import { startNullServer } from '../null-server.ts';
import { cpuMeter, type CpuSplit } from '../cpu-meter.ts';
import { markdownTable, writeResults } from '../results.ts';
import { openSqliteStore } from '../../packages/server/store/sqlite.ts';
import { openPostgresStore } from '../../packages/server/store/postgres.ts';
import { valueRows } from '../../packages/server/store/sql.ts';
import type { Store } from '../../packages/server/store/store.ts';
import { ensureVenv, wandbVenv } from '../../scripts/venv.ts';

const { values: flags } = parseArgs({ options: {
  lines: { type: 'string', default: '2000' },
  batches: { type: 'string', default: '50,2000' },
  'peer-runs': { type: 'string', default: '4' },
  'peer-steps': { type: 'string', default: '2000' },
  'peer-keys': { type: 'string', default: '10' },
  rounds: { type: 'string', default: '5' },
  runs: { type: 'string', default: '1,8,32' },
  stores: { type: 'string', default: 'sqlite,postgres' },
  'no-peers': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} });
if (flags.help) {
  process.stdout.write('Usage: node bench/ingest/run.ts [--lines MIN_PER_RUN] [--batches LINES_PER_REQUEST,...] [--rounds 5] [--runs 1,8,32] [--stores sqlite,postgres] [--peer-runs 4 --peer-steps 2000 --peer-keys 10 | --no-peers]\n');
  process.exit(0);
}
/** Lines per request, and per run: at least --lines, and 10 requests. */
interface Shape {
  batch: number;
  lines: number;
}
const SHAPES: Shape[] = flags.batches.split(',').map(Number).map((batch) => ({ batch, lines: Math.max(Number(flags.lines), 10 * batch) }));
const MLFLOW = '3.17.2';
const WANDB = '0.31.0';
const [PEER_RUNS, PEER_STEPS, PEER_KEYS] = [Number(flags['peer-runs']), Number(flags['peer-steps']), Number(flags['peer-keys'])];
const ROUNDS = Number(flags.rounds);
/** Concurrent runs of each measurement. */
const RUNS = flags.runs.split(',').map(Number);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const KEY = 'benchkey0123456789benchkey0123456789abcd';
const auth = `Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`;
const row = (step: number): string => JSON.stringify({ loss: 1 / (step + 1), acc: step / 100_000, lr: 0.001, _step: step, _runtime: step * 0.1, _timestamp: 1.7e9 + step });

/**
 * What the wandb client sends beside its history lines (the counting proxy's figures under "Side
 * by side"): a few console lines and a line of system metrics in each request.
 */
const CONSOLE_LINES = 5;
const consoleLines = (index: number): string[] => Array.from({ length: CONSOLE_LINES }, (_, i) => `epoch ${index}, batch ${i}: loss 0.1234, accuracy 0.9876`);
const eventsLine = (index: number): string => JSON.stringify({ 'system.cpu': 12.5, 'system.memory_percent': 41.2, 'system.proc.cpu.threads': 9, _runtime: index * 15, _timestamp: 1.7e9 + index * 15 });
/** Rows of a batch: its history lines, console lines and system metrics line. */
const batchRows = (lines: string[]): number => lines.length + CONSOLE_LINES + 1;

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
// Servers still running when the bench ends (an error) are stopped with it.
const servers = new Set<ChildProcess>();
process.on('exit', () => servers.forEach((child) => child.kill()));
// The bench's databases (a PostgreSQL cluster of ~1 GB among them) go with it.
const scratch: string[] = [];
process.on('exit', () => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const scratchDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
const dataDir = scratchDir('sextant-ingest-');
const STORES = flags.stores.split(',');
// The history lines as the client sends them, built before any clock starts: both sides get the
// same strings, so what is measured is storing them.
const CONTENT = Array.from({ length: Math.max(...SHAPES.map((shape) => shape.lines)) }, (_, step) => row(step));
const sections: string[] = [];
let server = await start(dataDir);
if (STORES.includes('sqlite')) {
  for (const shape of SHAPES) sections.push(await compareIngest('SQLite (WAL, each commit synced to disk before it is answered)', shape, server, sqliteRaw()));
}
if (STORES.includes('postgres')) sections.push(...await postgresSections());
await writeLongRun();
const warm = await readBack(1000);
const warmAll = await readBack(100_000);
await stop(server);
server = await start(dataDir);
// The route's first request in the new process is made on another run, so the cold figure is the
// read of the long run from SQLite, not the compilation of the route.
await post('/graphql', { query: 'mutation { upsertBucket(input: {name: "short", modelName: "ingest"}) { bucket { id } } }' });
await post('/files/admin/ingest/short/file_stream', { files: { 'wandb-history.jsonl': { offset: 0, content: [row(0), row(1)] } } });
await readBack(1000, 'short', 2);
const cold = await readBack(100_000);
// A peer that fails (MLflow's server not starting on a loaded machine) costs its section, not the run's figures.
const peers = flags['no-peers'] ? [] : await peerSections().catch((error: Error) => [`## Side by side with MLflow ${MLFLOW}\n\nNot measured in this run: ${error.message}.`]);
server.kill('SIGTERM');
agent.destroy();
const readRow = (what: string, ms: number): string[] => [what, ms.toFixed(0), String(Math.round(100_000 / (ms / 1000)))];
writeResults(import.meta.dirname, 'bench/ingest results', [
  ...sections,
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
  const work = scratchDir('sextant-ingest-peers-');
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
    log('peers: the wandb client\'s file_stream requests, counted by a proxy…');
    const proxy = await countingProxy(server.url!);
    await peer(wandbPython, ['wandb-log', 'shape', 1, 10_000, PEER_KEYS], { ...wandbEnv, WANDB_BASE_URL: proxy.url }).finally(proxy.close);
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
      'Lines/s count steps (one history line of all keys); the clocks run from the first log call (after wandb.init, or from create_run) to the run\'s end (finish, set_terminated), summed over the runs.\n\n' +
      `The wandb client's requests: another 10,000-step run, printing a line every 1,000 steps, sent through a proxy that counts the lines of each file of each file_stream request (not timed), went in ${proxy.requests.length} ` +
      `request(s) with lines: ${proxy.requests.join('; ')}.`];
  } finally {
    mlflow.child.kill('SIGTERM');
  }
}

/** A proxy to `target` that counts the lines of each file of each file_stream request with history lines it passes on. */
async function countingProxy(target: string): Promise<{ url: string; requests: string[]; close(): void }> {
  const requests: string[] = [];
  const proxy = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url?.endsWith('/file_stream')) {
        const files = Object.entries((JSON.parse(body.toString()) as { files?: Record<string, { content: string[] }> }).files ?? {});
        if (files.some(([name]) => name === 'wandb-history.jsonl')) requests.push(files.map(([name, file]) => `${name} ${file.content.length}`).join(', '));
      }
      const forward = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', (error) => res.destroy(error));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`, requests, close: () => void proxy.close() };
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
  // TMPDIR: the server's lock files go with the bench's folder.
  const child = spawn(python, ['-m', 'mlflow', 'server', '--backend-store-uri', `sqlite:///${join(dir, 'mlflow.db')}`, '--default-artifact-root', join(dir, 'artifacts'),
    '--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore', env: { ...process.env, TMPDIR: dir } });
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

async function start(dir: string, args: string[] = []): Promise<ReturnType<typeof spawn> & { url?: string }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'packages', 'cli', 'main.ts'), 'server', '--port', '0', '--data-dir', dir, ...args],
    { env: { ...process.env, SEXTANT_BOOTSTRAP_API_KEY: KEY }, stdio: ['ignore', 'pipe', 'inherit'] }) as ReturnType<typeof spawn> & { url?: string };
  servers.add(child);
  child.once('exit', () => servers.delete(child));
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

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** POSTs a body (an object, or JSON text prepared before the clock started) over a kept-alive connection. */
function post(path: string, body: unknown, base = server.url): Promise<void> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'POST', agent, headers: { authorization: auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
      let answer = '';
      res.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${path}: ${res.statusCode} ${answer}`))));
    });
    req.on('error', reject);
    req.end(text);
  });
}

/** One way of storing the batches, `runs` runs' worth, run names starting with `prefix`: lines per second, and the CPU each part used. */
type Side = (shape: Shape, runs: number, prefix: string) => Promise<Measured>;
interface Measured {
  rate: number;
  cpu: CpuSplit;
}

/** The batches of one run, as [offset, lines]. */
function batches({ batch, lines }: Shape): Array<[number, string[]]> {
  const all: Array<[number, string[]]> = [];
  for (let offset = 0; offset < lines; offset += batch) all.push([offset, CONTENT.slice(offset, offset + batch)]);
  return all;
}

/**
 * file_stream through `target` against raw inserts at the same durability and without the
 * per-batch sync. Rounds alternate the order of the sides (ABC, CBA, …), so a change in the
 * machine's load falls on all; each figure is the median of its rounds, each ratio the median of
 * the rounds' ratios.
 */
async function compareIngest(title: string, shape: Shape, target: ChildProcess & { url?: string }, raw: { synced: Side; unsynced: Side; close(): Promise<void> }, database?: string): Promise<string> {
  const { batch, lines } = shape;
  const fileStream: Side = (s, runs, prefix) => throughFileStream(target.url!, s, runs, prefix, () => cpuMeter(database, [target.pid!]));
  const nullServer = await startNullServer();
  const httpAlone: Side = (s, runs, prefix) => throughFileStream(nullServer.url, s, runs, prefix, () => cpuMeter(undefined, [nullServer.child.pid!]));
  const sides = [fileStream, raw.synced, raw.unsynced, httpAlone];
  // Warm-up (not reported): JIT compilation and statement preparation on every side.
  for (const [i, side] of sides.entries()) await side(shape, 4, `warmup${batch}-${i}-`);
  const rows: string[][] = [];
  const cpuRows: string[][] = [];
  let oneStreamCeiling: number | undefined;
  for (const runs of RUNS) {
    const rates: number[][] = sides.map(() => []);
    const cpus: CpuSplit[][] = sides.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [0, 1, 2, 3] : [3, 2, 1, 0];
      for (const i of order) {
        const { rate, cpu } = await sides[i](shape, runs, `b${batch}r${round}-${i}-`);
        rates[i].push(rate);
        cpus[i].push(cpu);
      }
      process.stderr.write(`${title}, ${runs} runs: file_stream ${Math.round(rates[0][round])} lines/s, raw synced ${Math.round(rates[1][round])}, raw unsynced ${Math.round(rates[2][round])}, HTTP alone ${Math.round(rates[3][round])}\n`);
    }
    const ratios = (i: number): number[] => rates[0].map((a, round) => a / rates[i][round]);
    const range = (r: number[]): string => `${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)}`;
    // One request at a time: at best a request costs the raw batch plus the HTTP exchange.
    if (runs === 1) oneStreamCeiling = median(rates[3].map((http, round) => http / (http + rates[1][round])));
    rows.push([String(runs), ...rates.slice(0, 3).map((r) => String(Math.round(median(r)))), median(ratios(1)).toFixed(2), range(ratios(1)), median(ratios(2)).toFixed(2), String(Math.round(median(rates[3])))]);
    // Milliseconds of CPU per request (one batch), median of the rounds.
    const perRequest = (i: number, part: (cpu: CpuSplit) => number): string => median(cpus[i].map((cpu) => (part(cpu) * 1000 * batch) / (runs * lines))).toFixed(2);
    const all = (cpu: CpuSplit): number => cpu.servers + cpu.postgres + cpu.bench;
    cpuRows.push([String(runs), perRequest(0, (c) => c.servers), ...(database ? [perRequest(0, (c) => c.postgres)] : [perRequest(0, (c) => c.writer)]), perRequest(0, (c) => c.bench), perRequest(0, all),
      ...(database ? [perRequest(1, (c) => c.bench), perRequest(1, (c) => c.postgres)] : []), perRequest(1, all), perRequest(3, (c) => c.servers), perRequest(3, (c) => c.bench)]);
  }
  nullServer.child.kill();
  await raw.close();
  return `## file_stream on ${title}: ${batch} lines per request, ${lines} history lines per run\n\n${shapeNote(batch)}` +
    `Medians of ${ROUNDS} rounds, the sides' order alternating; each ratio is the median of the rounds' ratios. ` +
    `Each request carries, beside its history lines, ${CONSOLE_LINES} console lines, a line of system metrics and its run's summary (the batch's last line), as the wandb client's do (see the proxy's count under "Side by side"); lines/s count history lines. ` +
    'Raw: the same batches inserted straight into a database of the same schema with the same settings, one multi-row INSERT per batch (all its lines) and the update of its run\'s summary, in one transaction; ' +
    '"synced": each batch committed and synced before the next, as file_stream answers a request; "unsynced": the same without waiting for the sync. ' +
    '"HTTP alone": the same requests from the same client to a server that answers each at once and stores nothing (bench/null-server.ts), the floor of any server.\n\n' +
    markdownTable(['concurrent runs', 'file_stream lines/s', 'raw synced lines/s', 'raw unsynced lines/s', 'ratio to synced', 'range', 'ratio to unsynced', 'HTTP alone lines/s'], rows) +
    (oneStreamCeiling === undefined ? '\n\n' : `\n\nWith one stream a request waits for its HTTP exchange and then its commit, so a server that spent nothing of its own would reach ${oneStreamCeiling.toFixed(2)} of raw synced ` +
      '(HTTP alone ÷ (HTTP alone + raw synced), median of the rounds).\n\n') +
    `CPU per request of ${batch} lines (for raw, per batch), ms, median of the rounds, from /proc: where the 2 cores went. "client" is this bench's process sending the requests.\n\n` +
    markdownTable(['concurrent runs', 'file_stream: Sextant', ...(database ? ['PostgreSQL'] : ['of it, the write worker']), 'client', 'all', ...(database ? ['raw synced: inserting process', 'PostgreSQL'] : []), database ? 'all' : 'raw synced (one process)',
      'HTTP alone: null server', 'client'], cpuRows);
}

/** What requests of `batch` lines stand for. */
function shapeNote(batch: number): string {
  return batch >= 1000
    ? 'Requests of the size the wandb client sends when a run logs fast: wandb-core (the client since 0.18) sends a run\'s lines at most every 15 seconds, '
      + 'everything logged since in one request, the legacy client every 2 seconds (what the client sent in this run is under "Side by side" below).\n\n'
    : 'Small requests, each paying the fixed costs of one (the HTTP exchange, parsing, the commit and its sync): what a run that logs a few lines at a time sends, '
      + 'and a stress of the per-request path.\n\n';
}

/** Lines per second accepted when `runs` runs stream their history concurrently. */
async function throughFileStream(base: string, shape: Shape, runs: number, prefix: string, meter: () => Promise<() => CpuSplit>): Promise<Measured> {
  const names = Array.from({ length: runs }, (_, i) => `${prefix}${runs}-${i}`);
  for (const name of names) await post('/graphql', { query: `mutation { upsertBucket(input: {name: "${name}", modelName: "ingest"}) { bucket { id } } }` }, base);
  // The request bodies are built before the clock starts: the server's work is what is measured.
  // Each carries the run's summary, its latest values, as the wandb client's requests do.
  const bodies = batches(shape).map(([offset, content], index) => JSON.stringify({
    files: {
      'output.log': { offset: CONSOLE_LINES * index, content: consoleLines(index) },
      'wandb-events.jsonl': { offset: index, content: [eventsLine(index)] },
      'wandb-history.jsonl': { offset, content },
      'wandb-summary.json': { offset: 0, content: [content.at(-1)] },
    },
    dropped: 0,
  }));
  const used = await meter();
  const t0 = performance.now();
  await Promise.all(names.map(async (name) => {
    for (const body of bodies) await post(`/files/admin/ingest/${name}/file_stream`, body, base);
  }));
  const rate = (runs * shape.lines) / ((performance.now() - t0) / 1000);
  return { rate, cpu: used() };
}


/** The parameters of batch `index` of run `run` (history lines from `offset`) as the raw INSERT takes them. */
function batchParams(run: string, index: number, offset: number, lines: string[]): Array<string | number | null> {
  return [
    ...lines.flatMap((content, i) => ['admin', 'ingest', run, 'history', offset + i, offset + i, content]),
    ...consoleLines(index).flatMap((content, i) => ['admin', 'ingest', run, 'log', CONSOLE_LINES * index + i, null, content]),
    'admin', 'ingest', run, 'events', index, null, eventsLine(index),
  ];
}

function insertSql(count: number): string {
  return `INSERT INTO run_lines (entity, project, run, file, line_index, step, content) VALUES ${valueRows(count, 7)}`;
}

/** The run's summary set to its batch's last line, a JSON object (and its document copy, which filters read). */
function summarySql(doc: string): string {
  return `UPDATE runs SET summary = ?, summary_doc = ${doc} WHERE entity = 'admin' AND project = 'ingest' AND name = ?`;
}

/** The raw sides' runs, made through the store before the clock: the summaries update their rows. */
async function makeRuns(store: Store, names: string[]): Promise<void> {
  for (const name of names) await store.upsertRun({ entity: 'admin', project: 'ingest', name }, {});
  await store.close();
}

/**
 * Raw SQLite: the store's schema (its own migrations) in a file of its own, the server's pragmas,
 * each batch one transaction: one INSERT of its lines and the update of its run's summary. Runs go
 * one batch after the other.
 */
function sqliteRaw(): { synced: Side; unsynced: Side; close(): Promise<void> } {
  const open = (synchronous: string): { db: DatabaseSync; side: Side } => {
    const path = join(scratchDir('sextant-raw-'), 'raw.db');
    openSqliteStore(path).close();
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;`);
    const statements = new Map<number, StatementSync>();
    const insert = (count: number): StatementSync => statements.get(count) ?? statements.set(count, db.prepare(insertSql(count))).get(count)!;
    const summary = db.prepare(summarySql('jsonb(?)'));
    const side: Side = async (shape, runs, prefix) => {
      const names = Array.from({ length: runs }, (_, r) => `${prefix}${runs}-${r}`);
      await makeRuns(openSqliteStore(path), names);
      const work = batches(shape).map(([offset, lines], index) => names.map((name) => [batchRows(lines), batchParams(name, index, offset, lines), [lines.at(-1)!, lines.at(-1)!, name]] as const));
      const used = await cpuMeter(undefined, []);
      const t0 = performance.now();
      for (const step of work) {
        for (const [count, params, latest] of step) {
          db.exec('BEGIN');
          insert(count).run(...params);
          summary.run(...latest);
          db.exec('COMMIT');
        }
      }
      const rate = (runs * shape.lines) / ((performance.now() - t0) / 1000);
      return { rate, cpu: used() };
    };
    return { db, side };
  };
  // WAL with synchronous = FULL syncs the log at every commit; NORMAL only at checkpoints.
  const synced = open('FULL');
  const unsynced = open('NORMAL');
  return { synced: synced.side, unsynced: unsynced.side, close: async () => [synced, unsynced].forEach(({ db }) => db.close()) };
}

/**
 * Raw PostgreSQL: `pg` on a database of the store's schema, as many connections as the server's
 * pool (10) or runs if fewer; each run's batches in order, each one statement committed on its own:
 * the INSERT of its lines in a WITH, then the update of its run's summary.
 * Unsynced: synchronous_commit off, so a commit does not wait for its WAL to reach the disk.
 */
function postgresRaw(url: string): { synced: Side; unsynced: Side; close(): Promise<void> } {
  const pools: pg.Pool[] = [];
  const open = (options?: string): Side => async (shape, runs, prefix) => {
    const pool = new pg.Pool({ connectionString: url, max: Math.min(runs, 10), options });
    pools.push(pool);
    const texts = new Map<number, string>();
    const text = (count: number): string => texts.get(count)
      ?? texts.set(count, `WITH l AS (${insertSql(count)}) ${summarySql('?::jsonb')}`.replace(/\?/g, ((n) => () => `$${++n}`)(0))).get(count)!;
    const work = batches(shape);
    await makeRuns(await openPostgresStore(url), Array.from({ length: runs }, (_, r) => `${prefix}${runs}-${r}`));
    // Connections opened before the clock, as the server's are.
    await Promise.all(Array.from({ length: Math.min(runs, 10) }, () => pool.connect().then((client) => client.release())));
    const used = await cpuMeter(url, []);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: runs }, async (_, r) => {
      const name = `${prefix}${runs}-${r}`;
      for (const [index, [offset, lines]] of work.entries()) await pool.query(text(batchRows(lines)), [...batchParams(name, index, offset, lines), lines.at(-1)!, lines.at(-1)!, name]);
    }));
    const rate = (runs * shape.lines) / ((performance.now() - t0) / 1000);
    // Read before the pool ends: a backend that exits takes its CPU times with it.
    const cpu = used();
    await pool.end();
    return { rate, cpu };
  };
  return { synced: open(), unsynced: open('-c synchronous_commit=off'), close: async () => undefined };
}

/** A PostgreSQL cluster with synced commits: a server on one database of it, the raw inserts on another. */
async function postgresSections(): Promise<string[]> {
  const script = join(import.meta.dirname, '..', '..', 'scripts', 'postgres.sh');
  const dir = scratchDir('sextant-ingest-pg-');
  const url = execFileSync('sh', [script, 'start', dir], { encoding: 'utf8', env: { ...process.env, SEXTANT_PG_DURABLE: '1' } }).trim();
  try {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('CREATE DATABASE ingest_server');
    await admin.query('CREATE DATABASE ingest_raw');
    await admin.end();
    const database = (name: string): string => url.replace(/\/postgres$/, `/${name}`);
    await (await openPostgresStore(database('ingest_raw'))).close();
    const pgServer = await start(scratchDir('sextant-ingest-'), ['--database', database('ingest_server')]);
    try {
      const sections: string[] = [];
      for (const shape of SHAPES) sections.push(await compareIngest('PostgreSQL (fsync on, synchronous_commit on)', shape, pgServer, postgresRaw(database('ingest_raw')), database('ingest_server')));
      return sections;
    } finally {
      await stop(pgServer);
    }
  } finally {
    execFileSync('sh', [script, 'stop', dir]);
  }
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
