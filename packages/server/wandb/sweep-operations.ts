// The sweep and agent operations of `wandb sweep` / `wandb agent` (docs/protocol/agents.md#wire-operations).
import { expectedRunCount } from '@sextant/sweeps';
import { sweepConfig } from '../sweeps/sweep-config.ts';
import type { Agent, Store, Sweep, SweepKey, SweepState } from '../store/store.ts';
import { changeSweep, checkedConfig, createSweep, registerAgent, SETTABLE, settableState } from '../sweeps/lifecycle.ts';
import { bestValue } from '../sweeps/summary.ts';
import type { Args } from './graphql.ts';
import { RequestError } from '../errors.ts';
import { entityFor, type Context } from '../context.ts';
import type { GraphContext } from './nodes.ts';
import { pagedConnection } from './connection.ts';
import { checkName } from '../files/names.ts';
import { matches, parseFilters } from '../runs/filter.ts';

export function sweepObject(ctx: GraphContext, sweep: Sweep): Record<string, unknown> {
  const config = sweepConfig(sweep.config);
  const runs = () => ctx.store.sweepRuns(sweep);
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
    bestLoss: async () => bestValue(config, await runs()),
    runCount: sweep.runCount,
    runCountExpected: config ? (expectedRunCount(config) ?? null) : null,
    project: () => ctx.nodes.project(sweep.entity, sweep.project),
    runs: async () => {
      const all = await runs();
      return pagedConnection(all, 0, all.length, (run) => ctx.nodes.run(run));
    },
  };
}

/** A sweep named by its GraphQL id (as read back by clients) or by its short name. */
function sweepKeyFrom(ctx: Context, input: Args): Promise<SweepKey> {
  const id = String(input.id);
  const decoded = /^Sweep:v1:([^:]+):([^:]+):(.+)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
  if (decoded) return Promise.resolve({ name: decoded[1], project: decoded[2], entity: entityFor(ctx, decoded[3]) });
  return sweepKeyNamed(ctx, input.entityName, input.projectName, id);
}

/**
 * The sweep a short id names. `wandb agent ID` with no project anywhere (the quickstart's own
 * command) asks with a null project: the id then names the entity's sweep of that id, whatever
 * its project, as on W&B.
 */
export async function sweepKeyNamed(ctx: Context, entityArg: unknown, project: unknown, name: string): Promise<SweepKey> {
  const entity = entityFor(ctx, entityArg);
  if (typeof project === 'string' && project !== '') return { entity, project, name };
  const found = (await ctx.store.listSweeps(entity)).find((sweep) => sweep.name === name);
  return { entity, project: found?.project ?? 'uncategorized', name };
}

export async function upsertSweep(ctx: GraphContext, input: Args): Promise<unknown> {
  const store: Store = ctx.store;
  if (input.id !== undefined && input.id !== null) {
    const key = await sweepKeyFrom(ctx, input);
    const sweep = await store.getSweep(key);
    if (!sweep) throw new RequestError(`sweep ${key.entity}/${key.project}/${key.name} does not exist`);
    const change: { state?: SweepState; config?: string } = {};
    if (typeof input.state === 'string') {
      change.state = settableState(input.state);
      if (!change.state) throw new RequestError(`a sweep's state can be set to ${SETTABLE.join(', ')}, not ${input.state}`);
    }
    if (typeof input.config === 'string' && input.config.trim() !== '') change.config = input.config;
    const updated = await changeSweep(store, sweep, change);
    return { sweep: sweepObject(ctx, updated), configValidationWarnings: [] };
  }
  if (typeof input.config !== 'string') throw new RequestError('upsertSweep needs the sweep config (YAML text) in config');
  const { config, violations } = checkedConfig(input.config);
  const entity = entityFor(ctx, input.entityName ?? config.entity);
  const project = checkName('project', typeof input.projectName === 'string' && input.projectName !== '' ? input.projectName : (config.project ?? 'uncategorized'));
  const state = (typeof input.state === 'string' ? settableState(input.state) : undefined) ?? 'PENDING';
  const prior = input.priorRunsFilters === undefined || input.priorRunsFilters === null ? undefined : parseFilters(input.priorRunsFilters);
  const sweep = await createSweep(store, { entity, project, displayName: typeof input.displayName === 'string' ? input.displayName : (config.name ?? null), config: input.config, state });
  // `wandb sweep --prior_run ID`: the named runs of the project join the sweep, and search sees them.
  if (prior) for (const run of (await store.listRuns(entity, project)).filter((r) => matches(r, prior))) await store.upsertRun(run, { sweepName: sweep.name });
  return {
    sweep: sweepObject(ctx, sweep),
    configValidationWarnings: violations.map((v) => `${v.path ? `${v.path}: ` : ''}${v.message}`),
  };
}

export async function createAgent(ctx: Context, input: Args): Promise<unknown> {
  const key = await sweepKeyNamed(ctx, input.entityName, input.projectName, String(input.sweep ?? ''));
  const agent = await registerAgent(ctx.store, key, String(input.host ?? 'unknown'));
  ctx.heartbeats.registered(agent);
  return { agent: agentObject(agent) };
}

function agentObject(agent: Agent): Record<string, unknown> {
  return { __typename: 'Agent', id: agent.id, name: agent.id, host: agent.host, state: agent.state, createdAt: agent.createdAt, heartbeatAt: agent.heartbeatAt };
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
  const commands = await ctx.heartbeats.beat(agent, runState);
  return { agent: agentObject(agent), commands: JSON.stringify(commands) };
}
