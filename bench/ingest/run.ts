// bench/ingest: history lines per second accepted through file_stream by a real `sextant server`
// (batches shaped as the client sends them; 1, 8 and 32 runs streaming at once), next to the raw
// rate of inserting the same rows into SQLite directly, measured in the same run. Also the read
// rate of the native history API on a 100k-step run.
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseSync } from 'node:sqlite';

const { values: flags } = parseArgs({ options: {
  lines: { type: 'string', default: '2000' },
  batch: { type: 'string', default: '50' },
  help: { type: 'boolean', default: false },
} });
if (flags.help) {
  process.stdout.write('Usage: node bench/ingest/run.ts [--lines PER_RUN] [--batch LINES_PER_REQUEST]\n');
  process.exit(0);
}
const LINES = Number(flags.lines);
const BATCH = Number(flags.batch);
const KEY = 'benchkey0123456789benchkey0123456789abcd';
const auth = `Basic ${Buffer.from(`api:${KEY}`).toString('base64')}`;
const row = (step: number): string => JSON.stringify({ loss: 1 / (step + 1), acc: step / LINES, lr: 0.001, _step: step, _runtime: step * 0.1, _timestamp: 1.7e9 + step });

const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const server = await start();
// Warm-up (not reported): JIT compilation and statement preparation on both sides.
await throughFileStream(4, 'warmup');
rawInserts(4);
const results: string[] = [];
for (const runs of [1, 8, 32]) {
  const accepted = await throughFileStream(runs);
  const raw = rawInserts(runs);
  results.push(`| ${runs} | ${Math.round(accepted)} | ${Math.round(raw)} | ${(accepted / raw).toFixed(2)} |`);
  process.stderr.write(`${runs} runs: file_stream ${Math.round(accepted)} lines/s, raw ${Math.round(raw)} lines/s\n`);
}
const read = await readRate();
server.kill('SIGTERM');
process.stdout.write([
  `# Ingest: ${LINES} history lines per run, ${BATCH} lines per request (node ${process.version})`, '',
  '| concurrent runs | file_stream lines/s | raw SQLite lines/s | ratio |', '| --- | --- | --- | --- |', ...results, '',
  `Native history API on a 100,000-step run: ${read.ms.toFixed(0)} ms for one key downsampled to 1,000 points (${Math.round(100_000 / (read.ms / 1000))} rows/s read).`, '',
].join('\n'));

async function start(): Promise<ReturnType<typeof spawn> & { url?: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sextant-ingest-'));
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

async function readRate(): Promise<{ ms: number }> {
  await post('/graphql', { query: 'mutation { upsertBucket(input: {name: "long", modelName: "ingest"}) { bucket { id } } }' });
  for (let offset = 0; offset < 100_000; offset += 5000) {
    await post('/files/admin/ingest/long/file_stream', { files: { 'wandb-history.jsonl': { offset, content: Array.from({ length: 5000 }, (_, i) => row(offset + i)) } } });
  }
  const t0 = performance.now();
  const response = await fetch(`${server.url}/api/v1/runs/admin/ingest/long/history?keys=loss&points=1000`, { headers: { authorization: auth } });
  agent.destroy();
  const body = (await response.json()) as { series: { loss: { count: number } } };
  if (body.series.loss.count !== 100_000) throw new Error(`read ${body.series.loss.count} rows, expected 100000`);
  return { ms: performance.now() - t0 };
}
