// The sweep and agent operations of `wandb sweep` / `wandb agent` (wandb-protocol.md §1d).
import { randomInt } from 'node:crypto';
import { expectedRunCount, loadSweepConfig, SEED_RANGE, withSeed, type SweepConfig } from '@sextant/sweeps';
import { sweepConfig } from '../controller/sweep-config.ts';
import type { Run, Store, Sweep, SweepKey, SweepState } from '../store/store.ts';
import { heartbeat } from '../controller/heartbeat.ts';
import { randomId } from '../controller/names.ts';
import { RequestError, type Args } from './graphql.ts';
import { entityFor, type Context } from './context.ts';
import { projectObject } from './run-fields.ts';

const SETTABLE: SweepState[] = ['RUNNING', 'PAUSED', 'FINISHED', 'CANCELED'];

export function sweepObject(sweep: Sweep, runs: (key: SweepKey) => Promise<Run[]>, runNode: (run: Run) => unknown): Record<string, unknown> {
  const config = sweepConfig(sweep.config);
  return {
    __typename: 'Sweep',
    id: Buffer.from(`Sweep:v1:${sweep.name}:${sweep.project}:${sweep.entity}`).toString('base64'),
    name: sweep.name,
    displayName: sweep.displayName,
    method: config?.method ?? null,
    state: sweep.state,
    description: config?.description ?? null,
    config: sweep.config,
    createdAt: sweep.createdAt,
    updatedAt: sweep.updatedAt,
    heartbeatAt: sweep.updatedAt,
    earlyStopJobRunning: false,
    bestLoss: async () => bestValue(config, await runs(sweep)),
    controller: null,
    scheduler: null,
    runCount: sweep.runCount,
    runCountExpected: config ? (expectedRunCount(config) ?? null) : null,
    project: projectObject(sweep.entity, sweep.project),
    runs: async () => ({ edges: (await runs(sweep)).map((run) => ({ node: runNode(run) })) }),
  };
}

/** The best summary value of the sweep's metric over its runs (W&B's `bestLoss`), null without one. */
function bestValue(config: SweepConfig | undefined, runs: Run[]): number | null {
  const metric = config?.metric;
  if (!metric) return null;
  const values = runs.map((run) => run.summary[metric.name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values.length === 0) return null;
  return metric.goal === 'maximize' ? Math.max(...values) : Math.min(...values);
}

/** A sweep named by its GraphQL id (as read back by clients) or by its short name. */
function sweepKeyFrom(ctx: Context, input: Args): SweepKey {
  const id = String(input.id);
  const decoded = /^Sweep:v1:([^:]+):([^:]+):(.+)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
  if (decoded) return { name: decoded[1], project: decoded[2], entity: entityFor(ctx, decoded[3]) };
  return { name: id, project: String(input.projectName ?? 'uncategorized'), entity: entityFor(ctx, input.entityName) };
}

export async function upsertSweep(ctx: Context, input: Args, runNode: (run: Run) => unknown): Promise<unknown> {
  const store: Store = ctx.store;
  if (input.id !== undefined && input.id !== null) {
    const key = sweepKeyFrom(ctx, input);
    const sweep = await store.getSweep(key);
    if (!sweep) throw new RequestError(`sweep ${key.entity}/${key.project}/${key.name} does not exist`);
    const patch: { state?: SweepState; config?: string } = {};
    if (typeof input.state === 'string') {
      const state = input.state.toUpperCase() as SweepState;
      if (!SETTABLE.includes(state)) throw new RequestError(`a sweep's state can be set to ${SETTABLE.join(', ')}, not ${input.state}`);
      if (sweep.state === 'FINISHED' || sweep.state === 'CANCELED') throw new RequestError(`sweep ${sweep.name} is already ${sweep.state}`);
      patch.state = state;
    }
    if (typeof input.config === 'string' && input.config.trim() !== '') {
      if (sweep.state !== 'PENDING') throw new RequestError(`cannot reconfigure sweep ${sweep.name}: it has already started (${sweep.state})`);
      const { config, violations } = loadSweepConfig(input.config);
      if (!config) throw new RequestError(configErrors(violations));
      patch.config = withSeed(input.config, randomInt(SEED_RANGE));
    }
    const updated = await store.updateSweep(key, patch);
    return { sweep: sweepObject(updated as Sweep, (k) => store.sweepRuns(k), runNode), configValidationWarnings: [] };
  }
  if (typeof input.config !== 'string') throw new RequestError('upsertSweep needs the sweep config (YAML text) in config');
  const { config, violations } = loadSweepConfig(input.config);
  if (!config) throw new RequestError(configErrors(violations));
  const entity = entityFor(ctx, input.entityName ?? config.entity);
  const project = typeof input.projectName === 'string' && input.projectName !== '' ? input.projectName : (config.project ?? 'uncategorized');
  const state = typeof input.state === 'string' && SETTABLE.includes(input.state.toUpperCase() as SweepState) ? (input.state.toUpperCase() as SweepState) : 'PENDING';
  const sweep = await store.createSweep({ entity, project, name: randomId(), displayName: typeof input.displayName === 'string' ? input.displayName : (config.name ?? null), config: withSeed(input.config, randomInt(SEED_RANGE)), state });
  return {
    sweep: sweepObject(sweep, (k) => store.sweepRuns(k), runNode),
    configValidationWarnings: violations.map((v) => `${v.path ? `${v.path}: ` : ''}${v.message}`),
  };
}

function configErrors(violations: Array<{ path: string; message: string; severity: string; line?: number }>): string {
  const errors = violations.filter((v) => v.severity === 'error');
  return `invalid sweep config: ${errors.map((v) => `${v.line ? `line ${v.line}: ` : ''}${v.path ? `${v.path}: ` : ''}${v.message}`).join('; ')}`;
}

export async function createAgent(ctx: Context, input: Args): Promise<unknown> {
  const key = { entity: entityFor(ctx, input.entityName), project: String(input.projectName ?? 'uncategorized'), name: String(input.sweep ?? '') };
  const sweep = await ctx.store.getSweep(key);
  if (!sweep) throw new RequestError(`sweep ${key.entity}/${key.project}/${key.name} does not exist`);
  if (sweep.state === 'FINISHED' || sweep.state === 'CANCELED') throw new RequestError(`Sweep ${key.entity}/${key.project}/${key.name} is not running (${sweep.state})`);
  const agent = await ctx.store.createAgent({ id: randomId(12), sweep: key, host: String(input.host ?? 'unknown'), state: 'RUNNING' });
  return { agent: { id: agent.id, name: agent.id, host: agent.host, state: agent.state, createdAt: agent.createdAt, heartbeatAt: agent.heartbeatAt, totalRuns: 0 } };
}

export async function agentHeartbeat(ctx: Context, input: Args): Promise<unknown> {
  const agent = await ctx.store.getAgent(String(input.id ?? ''));
  if (!agent) throw new RequestError(`no agent ${String(input.id)}: register with createAgent first`);
  entityFor(ctx, agent.sweep.entity);
  let runState: Record<string, unknown> = {};
  if (typeof input.runState === 'string' && input.runState !== '') {
    try {
      runState = JSON.parse(input.runState) as Record<string, unknown>;
    } catch {
      throw new RequestError('runState must be a JSON object of {run_id: true}');
    }
  }
  const commands = await heartbeat(ctx.store, agent, runState);
  return { agent: { id: agent.id }, commands: JSON.stringify(commands) };
}
