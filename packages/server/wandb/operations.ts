// The GraphQL operations the wandb clients send to log runs (docs/protocol/runs.md).
import type { JsonObject } from '@sextant/sweeps';
import { introspection, type Args, type Roots } from './graphql.ts';
import { RequestError } from '../errors.ts';
import { checkNesting } from '../json.ts';
import { entityFor, runKey, type Context } from '../context.ts';
import { normalizeConfig, projectObject, runKeyOfId, runObject } from './run-fields.ts';
import { checkFileName } from '../files/names.ts';
import type { Run, RunKey, RunPatch, RunState, Sweep } from '../store/store.ts';
import { parseJson } from '../store/json-text.ts';
import { connection, keysetConnection, pageSize } from './connection.ts';
import { agentHeartbeat, createAgent, sweepKeyNamed, sweepObject, upsertSweep } from './sweep-operations.ts';
import { events, fullHistory, historyKeys, sampledHistory } from './history.ts';
import { parseFilters } from '../runs/filter.ts';
import { countRuns, runsPage } from '../runs/query.ts';
import { artifactMutations, artifactQueries, ARTIFACT_INPUT_TYPES } from './artifact-operations.ts';
import { projectArtifactFields, runArtifactFields } from './artifact-fields.ts';
import { likePattern, listRunFiles, md5Base64, storagePath, type RunFile } from '../files/run-files.ts';
import { deleteRun, notifyRunAlert, runKeyFromId } from './run-edits.ts';
import { editRun } from '../runs/edit.ts';
import { runName } from '../runs/names.ts';

export const SERVER_VERSION = '0.1.0';
const FEATURES = ['LARGE_FILENAMES'];
/** The newest client we answer for; below 0.12.14 clients leave out media features (docs/protocol/artifacts.md#media). */
const MAX_CLI_VERSION = '0.30.0';
const PROJECT_FIELDS = ['id', 'name', 'entityName', 'entity', 'readOnly', 'runCount', 'runs', 'run', 'bucket', 'sweep', 'sweeps', 'totalSweeps', 'artifact', 'artifactCollectionMembership',
  'artifactCollection', 'artifactSequence', 'artifactType', 'artifactTypes'];
const ARTIFACT_FIELDS = ['id', 'digest', 'state', 'versionIndex', 'description', 'metadata', 'artifactType', 'artifactSequence', 'aliases', 'ttlDurationSeconds',
  'ttlIsInherited', 'tags', 'historyStep', 'fileCount', 'size', 'commitHash', 'createdAt', 'updatedAt', 'currentManifest', 'files', 'createdBy', 'usedBy'];

export function roots(ctx: Context): Roots {
  const query: Record<string, unknown> = {
    viewer: () => viewer(ctx),
    serverInfo: serverInfo(),
    project: (args: Args) => (args.name === null || args.name === undefined || args.name === '' ? unnamedProject(ctx, args.entityName) : project(ctx, args.entityName, args.name)),
    model: (args: Args) => project(ctx, args.entityName, args.name),
    models: ({ entityName, after, first }: Args) => projects(ctx, entityName, after, first),
    ...artifactQueries(ctx),
  };
  const mutation: Record<string, unknown> = {
    upsertBucket: ({ input }: Args) => upsertBucket(ctx, (input ?? {}) as Args),
    createRunFiles: ({ input }: Args) => createRunFiles(ctx, (input ?? {}) as Args),
    upsertSweep: ({ input }: Args) => upsertSweep(ctx, (input ?? {}) as Args, (run) => runObject(run, readFields(ctx, run))),
    createAgent: ({ input }: Args) => createAgent(ctx, (input ?? {}) as Args),
    agentHeartbeat: ({ input }: Args) => agentHeartbeat(ctx, (input ?? {}) as Args),
    deleteRun: ({ input }: Args) => deleteRun(ctx, (input ?? {}) as Args),
    notifyScriptableRunAlert: ({ input }: Args) => notifyRunAlert(ctx, (input ?? {}) as Args, ctx.log),
    ...artifactMutations(ctx),
  };
  query.__type = introspection({
    Query: Object.keys(query).filter((k) => k !== '__type'),
    Mutation: Object.keys(mutation),
    ServerInfo: Object.keys(serverInfo()),
    ServerSettings: [],
    Artifact: ARTIFACT_FIELDS,
    Project: PROJECT_FIELDS,
  }, ARTIFACT_INPUT_TYPES);
  return { query, mutation };
}

function viewer(ctx: Context): Record<string, unknown> {
  return {
    __typename: 'User',
    id: Buffer.from(`User:${ctx.user.id}`).toString('base64'),
    entity: ctx.user.username,
    username: ctx.user.username,
    name: ctx.user.username,
    email: null,
    admin: ctx.user.admin,
    flags: '{}',
    teams: { edges: [] },
    apiKeys: { edges: [] },
    deletedAt: null,
  };
}

function serverInfo(): Record<string, unknown> {
  return {
    cliVersionInfo: { max_cli_version: MAX_CLI_VERSION },
    latestLocalVersionInfo: { outOfDate: false, latestVersionString: SERVER_VERSION, versionOnThisInstanceString: SERVER_VERSION },
    features: FEATURES.map((name) => ({ name, isEnabled: true })),
  };
}

async function project(ctx: Context, entityArg: unknown, name: unknown): Promise<unknown> {
  if (typeof name !== 'string') return null;
  const entity = entityFor(ctx, entityArg);
  if (!(await ctx.store.listProjects(entity)).some((p) => p.name === name)) return null;
  const runAt = async ({ name: runName }: Args) => {
    const run = typeof runName === 'string' ? await ctx.store.getRun({ entity, project: name, name: runName }) : undefined;
    return run ? runObject(run, readFields(ctx, run)) : null;
  };
  const sweepNode = (sweep: Sweep) => sweepObject(sweep, (k) => ctx.store.sweepRuns(k), (run) => runObject(run, readFields(ctx, run)));
  const projectSweeps = async () => (await ctx.store.listSweeps(entity)).filter((sweep) => sweep.project === name);
  return {
    ...projectObject(entity, name),
    ...projectArtifactFields(ctx, entity, name),
    readOnly: false,
    runCount: async ({ filters }: Args) => countRuns(ctx.store, entity, name, parseFilters(filters)),
    runs: async ({ filters, after, first, order }: Args) => {
      const filter = parseFilters(filters);
      const page = await runsPage(ctx.store, entity, name, filter, order, after, pageSize(first));
      return keysetConnection(page.runs.map(({ run, cursor }) => ({ item: run, cursor })), page.hasNext, () => countRuns(ctx.store, entity, name, filter),
        (run) => runObject(run, readFields(ctx, run)));
    },
    run: runAt,
    bucket: runAt,
    totalSweeps: async () => (await projectSweeps()).length,
    sweeps: async ({ after, first }: Args) => connection(await projectSweeps(), after, first, sweepNode),
    sweep: async ({ sweepName }: Args) => {
      const sweep = typeof sweepName === 'string' ? await ctx.store.getSweep({ entity, project: name, name: sweepName }) : undefined;
      return sweep ? sweepNode(sweep) : null;
    },
  };
}

/** `project(name: null)`: what `wandb agent ID` asks with no project set, a sweep by its id alone. */
function unnamedProject(ctx: Context, entityArg: unknown): unknown {
  return {
    sweep: async ({ sweepName }: Args) => {
      if (typeof sweepName !== 'string') return null;
      const key = await sweepKeyNamed(ctx, entityArg, null, sweepName);
      const sweep = await ctx.store.getSweep(key);
      return sweep ? sweepObject(sweep, (k) => ctx.store.sweepRuns(k), (run) => runObject(run, readFields(ctx, run))) : null;
    },
  };
}

/** Fields read through the public API and by resumed runs, computed only when selected. */
function readFields(ctx: Context, run: Run): Record<string, unknown> {
  const key = { entity: run.entity, project: run.project, name: run.name };
  return {
    user: { __typename: 'User', name: run.entity, username: run.entity },
    readOnly: false,
    systemMetrics: '{}',
    historyTail: () => tail(ctx, key, 'history', run.historyLineCount),
    eventsTail: () => tail(ctx, key, 'events', run.eventsLineCount),
    wandbConfig: ({ keys }: Args) => wandbConfig(run, keys),
    historyKeys: () => historyKeys(ctx.store, key, run.summary, run.historyLineCount),
    sampledHistory: ({ specs }: Args) => sampledHistory(ctx.store, key, specs),
    history: (args: Args) => fullHistory(ctx.store, key, args),
    events: ({ samples }: Args) => events(ctx.store, key, samples),
    parquetHistory: { parquetUrls: [], liveData: [] },
    ...runArtifactFields(ctx, key),
    fileCount: async () => (await listRunFiles(ctx.filesDir, key)).length,
    files: async ({ names, after, first, pattern }: Args) => {
      const wanted = Array.isArray(names) ? names.map(String) : [];
      wanted.forEach(checkFileName);
      let files = await listRunFiles(ctx.filesDir, key);
      if (wanted.length > 0 && (await ctx.store.getRun(key))?.state === 'running') {
        // A live run asks for upload URLs (legacy RunUploadUrls) of files that may not exist yet.
        const byName = new Map(files.map((f) => [f.name, f]));
        const nodes = wanted.map((name) => byName.get(name) ?? { name, size: 0, updatedAt: null, path: '' });
        return { uploadHeaders: [], ...connection(nodes, after, first, (file) => fileObject(ctx, key, file)) };
      }
      if (wanted.length > 0) files = files.filter((f) => wanted.includes(f.name));
      if (typeof pattern === 'string' && pattern !== '') files = files.filter((f) => likePattern(pattern).test(f.name));
      return { uploadHeaders: [], ...connection(files, after, first, (file) => fileObject(ctx, key, file)) };
    },
  };
}

/** The last lines of a stream file as a JSON array of the lines (RunResumeStatus). */
async function tail(ctx: Context, key: RunKey, file: 'history' | 'events', lineCount: number): Promise<string> {
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

function fileObject(ctx: Context, key: RunKey, file: RunFile | { name: string; size: number; updatedAt: null; path: string }): Record<string, unknown> {
  const url = `${ctx.baseUrl}${storagePath(key, file.name)}`;
  return {
    __typename: 'File',
    id: Buffer.from(`File:${key.entity}/${key.project}/${key.name}/${file.name}`).toString('base64'),
    name: file.name,
    url: ({ upload }: Args) => (upload ? uploadUrl(ctx, key, file.name) : url),
    directUrl: url,
    sizeBytes: file.size,
    mimetype: 'application/octet-stream',
    updatedAt: file.updatedAt,
    md5: () => (file.path ? md5Base64(file.path) : null),
  };
}

async function projects(ctx: Context, entityArg: unknown, after: unknown, first: unknown): Promise<unknown> {
  const entity = entityFor(ctx, entityArg);
  return connection(await ctx.store.listProjects(entity), after, first, (p) => ({
    ...projectObject(entity, p.name), createdAt: p.createdAt, isBenchmark: false, runCount: p.runCount, user: null,
  }));
}

async function upsertBucket(ctx: Context, input: Args): Promise<unknown> {
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const config = input.config !== undefined && input.config !== null ? normalizeConfig(jsonObject(input.config, 'config')) : undefined;
  const summary = input.summaryMetrics !== undefined && input.summaryMetrics !== null ? jsonObject(input.summaryMetrics, 'summaryMetrics') : undefined;
  const tags = Array.isArray(input.tags) ? input.tags.map(String) : undefined;
  const notes = text(input.notes) ?? text(input.description);
  // wandb.Api edits (run.update(), run.summary.update()) name the run only by its GraphQL id.
  if ((input.name === undefined || input.name === null) && runKeyOfId(input.id) !== undefined) {
    const key = runKeyFromId(ctx, input.id);
    const run = await editRun(ctx.store, key, { config, summary, tags, notes, displayName: text(input.displayName), groupName: text(input.groupName), jobType: text(input.jobType) });
    if (!run) throw new RequestError(`run ${key.entity}/${key.project}/${key.name} does not exist`);
    return { bucket: runObject(run, readFields(ctx, run)), inserted: false, serverSettings: { serverMessages: [] } };
  }
  const key = runKey(ctx, input.entityName, await runProject(ctx, input), input.name ?? input.id);
  const existing = await ctx.store.getRun(key);
  const patch: RunPatch = { config, summary, tags, notes };
  patch.displayName = text(input.displayName) || (existing ? undefined : runName(await projectRunCount(ctx, key) + 1));
  patch.groupName = text(input.groupName);
  patch.jobType = text(input.jobType);
  patch.host = text(input.host);
  patch.program = text(input.jobProgram);
  patch.sweepName = text(input.sweep);
  if (typeof input.state === 'string' && ['running', 'finished', 'failed', 'crashed', 'killed', 'pending'].includes(input.state)) patch.state = input.state as RunState;
  // A run the sweep controller pre-created starts when its process upserts it.
  else if (existing?.state === 'pending') patch.state = 'running';
  const { run, inserted } = await ctx.store.upsertRun(key, patch);
  return { bucket: runObject(run, readFields(ctx, run)), inserted, serverSettings: { serverMessages: [] } };
}

/** Runs the project holds so far: a new run without a name is named after its place. */
async function projectRunCount(ctx: Context, key: RunKey): Promise<number> {
  return (await ctx.store.listProjects(key.entity)).find((p) => p.name === key.project)?.runCount ?? 0;
}

/**
 * A sweep run belongs to its sweep's project. Its process may know none (`wandb agent ID` with no
 * project set: the client then sends its default, `uncategorized`): the sweep's id finds it.
 */
async function runProject(ctx: Context, input: Args): Promise<unknown> {
  const given = typeof input.modelName === 'string' && input.modelName !== '' ? input.modelName : 'uncategorized';
  if (typeof input.sweep !== 'string' || input.sweep === '') return given;
  const entity = entityFor(ctx, input.entityName);
  if (await ctx.store.getSweep({ entity, project: given, name: input.sweep })) return given;
  return (await ctx.store.listSweeps(entity)).find((sweep) => sweep.name === input.sweep)?.project ?? given;
}

function jsonObject(value: unknown, field: string): JsonObject {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = parseJson(value);
    } catch {
      throw new RequestError(`${field} must be a JSON object (a JSON string): it is not valid JSON`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RequestError(`${field} must be a JSON object`);
  checkNesting(parsed, field);
  return parsed as JsonObject;
}

async function createRunFiles(ctx: Context, input: Args): Promise<unknown> {
  const named = runKey(ctx, input.entityName, input.projectName, input.runName);
  const names = Array.isArray(input.files) ? input.files.map(String) : [];
  names.forEach(checkFileName);
  const run = (await ctx.store.getRun(named)) ?? (named.project === 'uncategorized' ? await sweepRunElsewhere(ctx, named) : undefined);
  if (!run) throw new RequestError(`run ${named.entity}/${named.project}/${named.name} does not exist`);
  const key = { entity: run.entity, project: run.project, name: run.name };
  return {
    runID: runObject(run).id,
    uploadHeaders: [],
    files: names.map((name) => ({ name, uploadUrl: uploadUrl(ctx, key, name) })),
  };
}

/**
 * wandb-core (0.18+) under `wandb agent ID` with no project set asks for upload URLs in its default
 * project, `uncategorized`, though UpsertBucket put the run in its sweep's project: the run of that
 * id in one of the entity's sweeps.
 */
async function sweepRunElsewhere(ctx: Context, key: RunKey): Promise<Run | undefined> {
  for (const { name: project } of await ctx.store.listProjects(key.entity)) {
    const run = await ctx.store.getRun({ ...key, project });
    if (run?.sweepName) return run;
  }
  return undefined;
}

function uploadUrl(ctx: Context, key: { entity: string; project: string; name: string }, file: string): string {
  const path = storagePath(key, file);
  return `${ctx.baseUrl}${path}?sig=${ctx.sign(path)}`;
}
