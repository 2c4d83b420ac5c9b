// bench/artifacts: upload and download throughput of one large artifact file through a real
// `sextant server` (the PUT to a signed upload URL and the GET of the signed directUrl, as the wandb
// client sends them), next to a plain streamed file copy on the same disk with the same fsync,
// measured in the same run; and the server's resident memory before and at its peak during each.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { graphql } from '@sextant/client';
import { writeResults } from '../results.ts';

const { values: flags } = parseArgs({ options: {
  'size-mb': { type: 'string', default: '1024' },
  dir: { type: 'string' },
  rounds: { type: 'string', default: '3' },
  help: { type: 'boolean', default: false },
} });
if (flags.help) {
  process.stdout.write('Usage: node bench/artifacts/run.ts [--size-mb 1024] [--rounds 3] [--dir DIR (default: a temp dir)]\n');
  process.exit(0);
}
const SIZE = Number(flags['size-mb']) * 1024 * 1024;
const KEY = 'benchkey0123456789benchkey0123456789abcd';
const work = mkdtempSync(join(flags.dir ?? tmpdir(), 'sextant-artifacts-bench-'));
const MB = 1024 * 1024;

const ROUNDS = Number(flags.rounds);
try {
  const server = await start(join(work, 'data'));
  try {
    const idleRss = rss(server.child);
    const copies: number[] = [];
    const uploads: Array<{ seconds: number; peakRss: number }> = [];
    const downloads: Array<{ seconds: number; peakRss: number }> = [];
    // Each round uses new random bytes (a new artifact version), and every timed phase starts after
    // `sync`, so no phase pays for flushing an earlier one's writes.
    for (let round = 0; round < ROUNDS; round++) {
      const source = join(work, 'model.bin');
      await writeRandomFile(source, SIZE);
      const md5 = await fileMd5(source);
      settle();
      copies.push(await timed(() => pipeline(createReadStream(source), createWriteStream(join(work, 'copy.bin'), { flush: true }))));
      rmSync(join(work, 'copy.bin'));
      settle();
      const artifactId = await createArtifact(server.url, md5);
      const uploadUrl = await uploadUrlFor(server.url, artifactId, md5);
      uploads.push(await sampled(server.child, () => send('PUT', uploadUrl, { file: source })));
      const directUrl = await commit(server.url, artifactId, md5);
      const target = join(work, 'downloaded.bin');
      settle();
      downloads.push(await sampled(server.child, () => send('GET', directUrl, undefined, target)));
      if ((await fileMd5(target)).hex !== md5.hex) throw new Error('the downloaded bytes differ from the uploaded ones');
      rmSync(target);
      process.stderr.write(`round ${round + 1}: copy ${rate(copies[round]).toFixed(0)}, upload ${rate(uploads[round].seconds).toFixed(0)}, download ${rate(downloads[round].seconds).toFixed(0)} MB/s\n`);
    }
    const copy = median(copies);
    const row = (what: string, seconds: number, peak: number | null) =>
      `| ${what} | ${rate(seconds).toFixed(0)} | ${(rate(seconds) / rate(copy)).toFixed(2)} | ${peak === null ? '' : (peak / MB).toFixed(0)} |`;
    writeResults(import.meta.dirname, 'bench/artifacts results', [[
      `## One ${(SIZE / MB).toFixed(0)} MB file through the server, median of ${ROUNDS} rounds (${work})`, '',
      '| transfer | MB/s | of plain copy | peak server RSS (MB) |', '| --- | --- | --- | --- |',
      row('plain streamed copy, fsync', copy, null),
      row('upload: PUT to the signed URL (MD5 checked, fsync, rename)', median(uploads.map((u) => u.seconds)), Math.max(...uploads.map((u) => u.peakRss))),
      row('download: GET of the signed directUrl', median(downloads.map((d) => d.seconds)), Math.max(...downloads.map((d) => d.peakRss))), '',
      `Server RSS when idle before the first upload: ${(idleRss / MB).toFixed(0)} MB. Rounds (copy / upload / download MB/s): ` +
        `${copies.map((c, i) => `${rate(c).toFixed(0)}/${rate(uploads[i].seconds).toFixed(0)}/${rate(downloads[i].seconds).toFixed(0)}`).join(', ')}.`,
    ].join('\n')]);
  } finally {
    server.child.kill('SIGTERM');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function rate(seconds: number): number {
  return SIZE / MB / seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Flushes every file system's dirty pages. */
function settle(): void {
  execFileSync('sync');
}

/** Uploads the manifest and commits; returns the file's download URL. */
async function commit(url: string, artifactId: string, md5: { base64: string }): Promise<string> {
  const manifest = JSON.stringify({ version: 1, storagePolicy: 'wandb-storage-policy-v1', storagePolicyConfig: { storageLayout: 'V2' },
    contents: { 'model.bin': { digest: md5.base64, birthArtifactID: artifactId, size: SIZE } } });
  const manifestUrl = (await gql(url, `mutation($id: ID!, $d: String!) { createArtifactManifest(input: {artifactID: $id, name: "wandb_manifest.json", digest: $d, type: FULL}) {
    artifactManifest { file { uploadUrl } } } }`, { id: artifactId, d: createHash('md5').update(manifest).digest('base64') })).createArtifactManifest.artifactManifest.file.uploadUrl;
  await send('PUT', manifestUrl, Buffer.from(manifest));
  await gql(url, 'mutation($id: ID!) { commitArtifact(input: {artifactID: $id}) { artifact { id } } }', { id: artifactId });
  const files = await gql(url, 'query($id: ID!) { artifact(id: $id) { files { edges { node { directUrl } } } } }', { id: artifactId });
  return files.artifact.files.edges[0].node.directUrl;
}

async function writeRandomFile(path: string, size: number): Promise<void> {
  const out = createWriteStream(path);
  const chunk = Buffer.alloc(8 * MB);
  for (let written = 0; written < size; written += chunk.length) {
    randomFillSync(chunk);
    const part = chunk.subarray(0, Math.min(chunk.length, size - written));
    if (!out.write(part)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function fileMd5(path: string): Promise<{ hex: string; base64: string }> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * MB })) hash.update(chunk as Buffer);
  const digest = hash.digest();
  return { hex: digest.toString('hex'), base64: digest.toString('base64') };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Resident memory of a process, from /proc (Linux). */
function rss(child: ChildProcess): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

/** Times the work while sampling the server's RSS every 20 ms. */
async function sampled(child: ChildProcess, work: () => Promise<unknown>): Promise<{ seconds: number; peakRss: number }> {
  let peakRss = rss(child);
  const timer = setInterval(() => (peakRss = Math.max(peakRss, rss(child))), 20);
  try {
    const seconds = await timed(work);
    return { seconds, peakRss: Math.max(peakRss, rss(child)) };
  } finally {
    clearInterval(timer);
  }
}

/** A PUT of a file's bytes (streamed, no credentials, as the client uploads) or a GET streamed into a file. */
function send(method: 'PUT' | 'GET', url: string, body: { file: string } | Buffer | undefined, saveTo?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, number> = {};
    if (Buffer.isBuffer(body)) headers['content-length'] = body.length;
    else if (body) headers['content-length'] = statSync(body.file).size;
    const req = request(url, { method, headers }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`${method} ${url}: HTTP ${res.statusCode}`));
      }
      if (saveTo) pipeline(res, createWriteStream(saveTo, { flush: true })).then(resolve, reject);
      else res.resume().on('end', resolve);
    });
    req.on('error', reject);
    if (body && !Buffer.isBuffer(body)) pipeline(createReadStream(body.file, { highWaterMark: MB }), req).catch(reject);
    else req.end(body);
  });
}

function gql(url: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  return graphql({ url, key: KEY }, query, variables);
}

async function createArtifact(url: string, md5: { base64: string }): Promise<string> {
  const digest = createHash('md5').update(`wandb-artifact-manifest-v1\nmodel.bin:${md5.base64}\n`).digest('hex');
  const data = await gql(url, `mutation($d: String!) { createArtifact(input: {entityName: "admin", projectName: "bench", artifactTypeName: "model",
    artifactCollectionNames: ["big"], digest: $d, digestAlgorithm: MANIFEST_MD5, aliases: [{artifactCollectionName: "big", alias: "latest"}]}) { artifact { id } } }`, { d: digest });
  return data.createArtifact.artifact.id;
}

async function uploadUrlFor(url: string, artifactId: string, md5: { base64: string }): Promise<string> {
  const data = await gql(url, `mutation($id: ID!, $md5: String!) { createArtifactFiles(input: {storageLayout: V2, artifactFiles: [{artifactID: $id, name: "model.bin", md5: $md5}]}) {
    files { edges { node { uploadUrl } } } } }`, { id: artifactId, md5: md5.base64 });
  return data.createArtifactFiles.files.edges[0].node.uploadUrl;
}

async function start(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'packages', 'cli', 'main.ts'), 'server', '--port', '0', '--data-dir', dataDir],
    { env: { ...process.env, SEXTANT_BOOTSTRAP_API_KEY: KEY }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  return { child, url };
}
