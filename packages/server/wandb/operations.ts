// The GraphQL operations the wandb clients send to log runs (spec: wandb-protocol.md §1).
import type { JsonObject } from '@sextant/sweeps';
import { introspection, RequestError, type Args, type Roots } from './graphql.ts';
import { entityFor, runKey, type Context } from './context.ts';
import { normalizeConfig, projectObject, runObject } from './run-fields.ts';
import { checkFileName } from './file-names.ts';
import type { RunPatch, RunState } from '../store/store.ts';

export const SERVER_VERSION = '0.1.0';
const FEATURES = ['LARGE_FILENAMES'];

export function roots(ctx: Context): Roots {
  const query: Record<string, unknown> = {
    viewer: () => viewer(ctx),
    serverInfo: serverInfo(),
    project: (args: Args) => project(ctx, args.entityName, args.name),
    model: (args: Args) => project(ctx, args.entityName, args.name),
  };
  const mutation: Record<string, unknown> = {
    upsertBucket: ({ input }: Args) => upsertBucket(ctx, (input ?? {}) as Args),
    createRunFiles: ({ input }: Args) => createRunFiles(ctx, (input ?? {}) as Args),
  };
  query.__type = introspection({
    Query: Object.keys(query).filter((k) => k !== '__type'),
    Mutation: Object.keys(mutation),
    ServerInfo: Object.keys(serverInfo()),
    ServerSettings: [],
  });
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
  };
}

function serverInfo(): Record<string, unknown> {
  return {
    cliVersionInfo: '{}',
    latestLocalVersionInfo: { outOfDate: false, latestVersionString: SERVER_VERSION, versionOnThisInstanceString: SERVER_VERSION },
    features: FEATURES.map((name) => ({ name, isEnabled: true })),
  };
}

function project(ctx: Context, entityArg: unknown, name: unknown): unknown {
  if (typeof name !== 'string') return null;
  const entity = entityFor(ctx, entityArg);
  const runAt = async ({ name: runName }: Args) => {
    const run = typeof runName === 'string' ? await ctx.store.getRun({ entity, project: name, name: runName }) : undefined;
    return run ? runObject(run, resumeFields(ctx, run.entity, run.project, run.name)) : null;
  };
  return { ...projectObject(entity, name), run: runAt, bucket: runAt };
}

/** What a resumed run reads to continue where it stopped (RunResumeStatus). */
function resumeFields(ctx: Context, entity: string, projectName: string, name: string): Record<string, unknown> {
  const key = { entity, project: projectName, name };
  return {
    historyTail: async () => {
      const run = await ctx.store.getRun(key);
      const from = Math.max((run?.historyLineCount ?? 0) - 10, 0);
      return JSON.stringify(await ctx.store.readLines(key, 'history', from, 10));
    },
    files: ({ names }: Args) => uploadConnection(ctx, key, Array.isArray(names) ? names.map(String) : []),
  };
}

async function upsertBucket(ctx: Context, input: Args): Promise<unknown> {
  const key = runKey(ctx, input.entityName, input.modelName ?? 'uncategorized', input.name ?? input.id);
  const patch: RunPatch = {};
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  if (input.config !== undefined && input.config !== null) patch.config = normalizeConfig(jsonObject(input.config, 'config'));
  if (input.summaryMetrics !== undefined && input.summaryMetrics !== null) patch.summary = jsonObject(input.summaryMetrics, 'summaryMetrics');
  patch.displayName = text(input.displayName);
  patch.notes = text(input.notes) ?? text(input.description);
  patch.groupName = text(input.groupName);
  patch.jobType = text(input.jobType);
  patch.host = text(input.host);
  patch.program = text(input.jobProgram);
  patch.sweepName = text(input.sweep);
  if (Array.isArray(input.tags)) patch.tags = input.tags.map(String);
  if (typeof input.state === 'string' && ['running', 'finished', 'failed', 'crashed', 'killed', 'pending'].includes(input.state)) patch.state = input.state as RunState;
  const { run, inserted } = await ctx.store.upsertRun(key, patch);
  return { bucket: runObject(run), inserted, serverSettings: { serverMessages: [] } };
}

function jsonObject(value: unknown, field: string): JsonObject {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new RequestError(`${field} must be a JSON object (a JSON string): it is not valid JSON`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RequestError(`${field} must be a JSON object`);
  return parsed as JsonObject;
}

async function createRunFiles(ctx: Context, input: Args): Promise<unknown> {
  const key = runKey(ctx, input.entityName, input.projectName, input.runName);
  const names = Array.isArray(input.files) ? input.files.map(String) : [];
  names.forEach(checkFileName);
  if (!(await ctx.store.getRun(key))) throw new RequestError(`run ${key.entity}/${key.project}/${key.name} does not exist`);
  return {
    runID: runObject((await ctx.store.getRun(key))!).id,
    uploadHeaders: [],
    files: names.map((name) => ({ name, uploadUrl: uploadUrl(ctx, key, name) })),
  };
}

/** The legacy RunUploadUrls shape: `files(names){uploadHeaders edges{node{name url(upload: true)}}}`. */
function uploadConnection(ctx: Context, key: { entity: string; project: string; name: string }, names: string[]): unknown {
  names.forEach(checkFileName);
  return {
    uploadHeaders: [],
    edges: names.map((name) => ({ node: { name, url: () => uploadUrl(ctx, key, name), directUrl: uploadUrl(ctx, key, name) } })),
  };
}

export function storagePath(key: { entity: string; project: string; name: string }, file: string): string {
  return `/storage/${[key.entity, key.project, key.name].map(encodeURIComponent).join('/')}/${file.split('/').map(encodeURIComponent).join('/')}`;
}

function uploadUrl(ctx: Context, key: { entity: string; project: string; name: string }, file: string): string {
  const path = storagePath(key, file);
  return `${ctx.baseUrl}${path}?sig=${ctx.sign(path)}`;
}
