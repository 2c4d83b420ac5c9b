// A stored run as the W&B GraphQL schema shows it (runs.graphql `Run`, the `bucket`/`run` object the clients read).
import type { Json, JsonObject } from '@sextant/sweeps';
import { createHash } from 'node:crypto';
import type { Run, RunKey } from '../store/store.ts';
import type { Args } from './graphql.ts';
import type { FileNode, GraphContext } from './nodes.ts';
import { stringifyJson } from '../store/json-text.ts';
import { events, fullHistory, historyKeys, sampledHistory } from './history.ts';
import { connection } from './connection.ts';
import { checkFileName } from '../files/names.ts';
import { likePattern, listRunFiles, md5Base64, storagePath, type RunFile } from '../files/run-files.ts';

/** A run's GraphQL id (what `wandb.Api` keeps as `run.storage_id` and sends back to edit or delete it). */
export function runId(key: RunKey): string {
  return Buffer.from(`Run:v1:${key.name}:${key.project}:${key.entity}`).toString('base64');
}

/** The run a GraphQL id names, or undefined when it is not one of ours. */
export function runKeyOfId(id: unknown): RunKey | undefined {
  if (typeof id !== 'string') return undefined;
  const decoded = /^Run:v1:([^:]+):([^:]+):(.+)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
  return decoded ? { name: decoded[1], project: decoded[2], entity: decoded[3] } : undefined;
}

/** A run with every field of `Run`; those that read more than the run's row are computed only when selected. */
export function runObject(ctx: GraphContext, run: Run): Record<string, unknown> {
  const key = { entity: run.entity, project: run.project, name: run.name };
  return {
    __typename: 'Run',
    id: runId(run),
    name: run.name,
    displayName: run.displayName ?? run.name,
    description: run.notes,
    notes: run.notes,
    state: run.state,
    config: stringifyJson(run.config),
    summaryMetrics: stringifyJson(run.summary),
    sweepName: run.sweepName,
    group: run.groupName,
    jobType: run.jobType,
    tags: run.tags,
    host: run.host,
    program: run.program,
    exitcode: run.exitcode,
    stopped: run.stopRequested,
    shouldStop: run.stopRequested,
    readOnly: false,
    historyLineCount: run.historyLineCount,
    eventsLineCount: run.eventsLineCount,
    logLineCount: run.logLineCount,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    heartbeatAt: run.heartbeatAt,
    projectId: projectNumber(run.entity, run.project),
    project: () => ctx.nodes.project(run.entity, run.project),
    user: () => ctx.nodes.user(),
    systemMetrics: '{}',
    historyTail: () => tail(ctx, key, 'history', run.historyLineCount),
    eventsTail: () => tail(ctx, key, 'events', run.eventsLineCount),
    wandbConfig: ({ keys }: Args) => wandbConfig(run, keys),
    historyKeys: () => historyKeys(ctx.store, key, run.summary, run.historyLineCount),
    sampledHistory: ({ specs }: Args) => sampledHistory(ctx.store, key, specs),
    history: (args: Args) => fullHistory(ctx.store, key, args),
    events: ({ samples }: Args) => events(ctx.store, key, samples),
    // History is answered as JSON rows (sampledHistory, history), never as parquet files.
    parquetHistory: { parquetUrls: [], liveData: [] },
    ...ctx.nodes.runArtifactFields(key),
    fileCount: async () => (await listRunFiles(ctx.filesDir, key)).length,
    files: async ({ names, after, first, pattern }: Args) => {
      const wanted = Array.isArray(names) ? names.map(String) : [];
      wanted.forEach(checkFileName);
      let files: Array<RunFile | NamedFile> = await listRunFiles(ctx.filesDir, key);
      if (wanted.length > 0 && (await ctx.store.getRun(key))?.state === 'running') {
        // A live run asks for upload URLs (legacy RunUploadUrls) of files that may not exist yet.
        const byName = new Map(files.map((f) => [f.name, f]));
        files = wanted.map((name) => byName.get(name) ?? { name, size: 0, updatedAt: null, path: '' });
      } else {
        if (wanted.length > 0) files = files.filter((f) => wanted.includes(f.name));
        if (typeof pattern === 'string' && pattern !== '') files = files.filter((f) => likePattern(pattern).test(f.name));
      }
      return { uploadHeaders: [], ...connection(files, after, first, (file) => runFileObject(ctx, key, file)) };
    },
  };
}

/** A run file not uploaded yet. */
type NamedFile = { name: string; size: number; updatedAt: null; path: string };

function runFileObject(ctx: GraphContext, key: RunKey, file: RunFile | NamedFile): FileNode {
  const url = `${ctx.baseUrl}${storagePath(key, file.name)}`;
  const md5 = () => (file.path ? md5Base64(file.path) : null);
  return {
    __typename: 'File',
    id: Buffer.from(`File:${key.entity}/${key.project}/${key.name}/${file.name}`).toString('base64'),
    name: file.name,
    displayName: file.name,
    url: ({ upload }: Args) => (upload ? runFileUploadUrl(ctx, key, file.name) : url),
    directUrl: url,
    sizeBytes: file.size,
    mimetype: 'application/octet-stream',
    updatedAt: file.updatedAt,
    md5,
    digest: md5,
    // Run files are kept by name, not by content.
    storagePath: null,
    uploadUrl: () => runFileUploadUrl(ctx, key, file.name),
    uploadHeaders: [],
    artifact: null,
  };
}

export function runFileUploadUrl(ctx: GraphContext, key: RunKey, file: string): string {
  const path = storagePath(key, file);
  return `${ctx.baseUrl}${path}?sig=${ctx.sign(path)}`;
}

/** The last lines of a stream file as a JSON array of the lines (RunResumeStatus). */
async function tail(ctx: GraphContext, key: RunKey, file: 'history' | 'events', lineCount: number): Promise<string> {
  const from = Math.max(lineCount - 10, 0);
  return JSON.stringify(await ctx.store.readLines(key, file, from, 10));
}

/**
 * The client's own `_wandb` config entry, limited to `keys`, as a JSON string. Resuming clients
 * (0.17+) check it for `t` (telemetry) to tell a run that was initialised from one only pre-created
 * by a sweep, which starts fresh.
 */
function wandbConfig(run: Run, keys: unknown): string {
  const entry = run.config._wandb;
  const value = typeof entry === 'object' && entry !== null && !Array.isArray(entry) && 'value' in entry ? entry.value : entry;
  const internal = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  const wanted = Array.isArray(keys) ? keys.map(String) : Object.keys(internal);
  return JSON.stringify(Object.fromEntries(wanted.filter((k) => Object.hasOwn(internal, k)).map((k) => [k, internal[k]])));
}

/** A project's number, stable across restarts and stores: clients from 0.25 read `Run.projectId` as an int (a GraphQL Int: 31 bits). */
export function projectNumber(entity: string, project: string): number {
  return createHash('sha256').update(`${entity}/${project}`).digest().readUInt32BE(0) >>> 1;
}

/**
 * Run config in the form the Python client sends and the public API returns, `{key: {value, desc}}`.
 * The JS client sends plain `{key: value}`; it is wrapped so both read back the same way.
 */
export function normalizeConfig(config: JsonObject): JsonObject {
  const wrapped = Object.values(config).every((v) => typeof v === 'object' && v !== null && !Array.isArray(v) && 'value' in v);
  if (wrapped) return config;
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v as Json, desc: null }]));
}
