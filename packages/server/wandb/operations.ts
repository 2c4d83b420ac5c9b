// The GraphQL operations the wandb clients send to log runs (docs/protocol/runs.md).
import type { JsonObject } from '@sextant/sweeps';
import type { Args, Roots } from './graphql.ts';
import { RequestError } from '../errors.ts';
import { checkNesting } from '../json.ts';
import { entityFor, runKey, type Context } from '../context.ts';
import { normalizeConfig, runFileUploadUrl, runId, runKeyOfId } from './run-fields.ts';
import type { GraphContext } from './nodes.ts';
import { graphContext } from './graph.ts';
import { checkFileName } from '../files/names.ts';
import type { Run, RunKey, RunPatch, RunState } from '../store/store.ts';
import { parseJson } from '../store/json-text.ts';
import { connection } from './connection.ts';
import { agentHeartbeat, createAgent, sweepKeyNamed, upsertSweep } from './sweep-operations.ts';
import { artifactMutations, artifactQueries } from './artifact-operations.ts';
import { deleteRun, notifyRunAlert, runKeyFromId } from './run-edits.ts';
import { editRun } from '../runs/edit.ts';
import { runName } from '../runs/names.ts';

export const SERVER_VERSION = '0.1.0';
const FEATURES = ['LARGE_FILENAMES'];
/** The newest client we answer for; below 0.12.14 clients leave out media features (docs/protocol/artifacts.md#media). */
const MAX_CLI_VERSION = '0.30.0';

export function roots(request: Context): Roots {
  const ctx = graphContext(request);
  const query: Record<string, unknown> = {
    viewer: () => ctx.nodes.user(),
    serverInfo: serverInfo(),
    project: (args: Args) => (args.name === null || args.name === undefined || args.name === '' ? unnamedProject(ctx, args.entityName) : project(ctx, args.entityName, args.name)),
    model: (args: Args) => project(ctx, args.entityName, args.name),
    models: ({ entityName, after, first }: Args) => projects(ctx, entityName, after, first),
    ...artifactQueries(ctx),
  };
  const mutation: Record<string, unknown> = {
    upsertBucket: ({ input }: Args) => upsertBucket(ctx, (input ?? {}) as Args),
    createRunFiles: ({ input }: Args) => createRunFiles(ctx, (input ?? {}) as Args),
    upsertSweep: ({ input }: Args) => upsertSweep(ctx, (input ?? {}) as Args),
    createAgent: ({ input }: Args) => createAgent(ctx, (input ?? {}) as Args),
    agentHeartbeat: ({ input }: Args) => agentHeartbeat(ctx, (input ?? {}) as Args),
    deleteRun: ({ input }: Args) => deleteRun(ctx, (input ?? {}) as Args),
    notifyScriptableRunAlert: ({ input }: Args) => notifyRunAlert(ctx, (input ?? {}) as Args, ctx.log),
    ...artifactMutations(ctx),
  };
  return { query, mutation };
}

function serverInfo(): Record<string, unknown> {
  return {
    cliVersionInfo: { max_cli_version: MAX_CLI_VERSION },
    latestLocalVersionInfo: { outOfDate: false, latestVersionString: SERVER_VERSION, versionOnThisInstanceString: SERVER_VERSION },
    features: FEATURES.map((name) => ({ name, isEnabled: true })),
  };
}

async function project(ctx: GraphContext, entityArg: unknown, name: unknown): Promise<unknown> {
  if (typeof name !== 'string') return null;
  const entity = entityFor(ctx, entityArg);
  if (!(await ctx.store.getProject(entity, name))) return null;
  return ctx.nodes.project(entity, name);
}

/**
 * `project(name: null)`: what `wandb agent ID` asks with no project set. That is the client's
 * default project, `uncategorized`, except that its `sweep(sweepName:)` is the entity's sweep of that
 * id whatever its project, as on W&B.
 */
function unnamedProject(ctx: GraphContext, entityArg: unknown): unknown {
  const entity = entityFor(ctx, entityArg);
  return {
    ...ctx.nodes.project(entity, 'uncategorized'),
    sweep: async ({ sweepName }: Args) => {
      if (typeof sweepName !== 'string') return null;
      const sweep = await ctx.store.getSweep(await sweepKeyNamed(ctx, entity, null, sweepName));
      return sweep ? ctx.nodes.sweep(sweep) : null;
    },
  };
}

async function projects(ctx: GraphContext, entityArg: unknown, after: unknown, first: unknown): Promise<unknown> {
  const entity = entityFor(ctx, entityArg);
  return connection(await ctx.store.listProjects(entity), after, first, (p) => ctx.nodes.project(entity, p.name));
}

async function upsertBucket(ctx: GraphContext, input: Args): Promise<unknown> {
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
    return { bucket: ctx.nodes.run(run), inserted: false, serverSettings: { serverMessages: [] } };
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
  return { bucket: ctx.nodes.run(run), inserted, serverSettings: { serverMessages: [] } };
}

/** Runs the project holds so far: a new run without a name is named after its place. */
async function projectRunCount(ctx: GraphContext, key: RunKey): Promise<number> {
  return ctx.store.countRuns(key.entity, key.project, { all: [] });
}

/**
 * A sweep run belongs to its sweep's project. Its process may know none (`wandb agent ID` with no
 * project set: the client then sends its default, `uncategorized`): the sweep's id finds it.
 */
async function runProject(ctx: GraphContext, input: Args): Promise<unknown> {
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

async function createRunFiles(ctx: GraphContext, input: Args): Promise<unknown> {
  const named = runKey(ctx, input.entityName, input.projectName, input.runName);
  const names = Array.isArray(input.files) ? input.files.map(String) : [];
  names.forEach(checkFileName);
  const run = (await ctx.store.getRun(named)) ?? (named.project === 'uncategorized' ? await sweepRunElsewhere(ctx, named) : undefined);
  if (!run) throw new RequestError(`run ${named.entity}/${named.project}/${named.name} does not exist`);
  const key = { entity: run.entity, project: run.project, name: run.name };
  return {
    runID: runId(run),
    uploadHeaders: [],
    files: names.map((name) => ({ name, uploadUrl: runFileUploadUrl(ctx, key, name) })),
  };
}

/**
 * wandb-core (0.18+) under `wandb agent ID` with no project set asks for upload URLs in its default
 * project, `uncategorized`, though UpsertBucket put the run in its sweep's project: the run of that
 * id in one of the entity's sweeps.
 */
async function sweepRunElsewhere(ctx: GraphContext, key: RunKey): Promise<Run | undefined> {
  for (const { name: project } of await ctx.store.listProjects(key.entity)) {
    const run = await ctx.store.getRun({ ...key, project });
    if (run?.sweepName) return run;
  }
  return undefined;
}
