// One sweep for the dashboard, its creation (the native `wandb sweep`), its state changes (pause,
// resume, stop, cancel) — the native counterpart of `wandb sweep --pause` etc. — and its deletion;
// documented in docs/api.md.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store, Sweep, SweepKey } from '../store/store.ts';
import { entityFor, type Context } from '../context.ts';
import { sweepConfig } from '../sweeps/sweep-config.ts';
import { changeSweep, checkedConfig, createSweep, deleteSweep } from '../sweeps/lifecycle.ts';
import { routes, type Sweep as SweepJson } from '@sextant/protocol';
import { serve } from './contract.ts';
import { sweepActivity } from '../sweeps/summary.ts';
import { sweepFront } from '../sweeps/front.ts';
import { sweepRuns } from '../sweeps/sweep-runs.ts';

type SweepParams = { entity: string; project: string; sweep: string };

export function sweepApi(app: FastifyInstance, store: Store, context: (request: FastifyRequest) => Context): void {
  const find = async (request: FastifyRequest, params: SweepParams, reply: FastifyReply): Promise<Sweep | undefined> => {
    const key: SweepKey = { entity: entityFor(context(request), params.entity), project: params.project, name: params.sweep };
    const sweep = await store.getSweep(key);
    if (!sweep) await reply.code(404).send({ errors: [{ message: `no sweep ${key.entity}/${key.project}/${key.name}` }] });
    return sweep;
  };

  serve(app, routes.getSweep, async ({ request, params, reply }) => {
    const sweep = await find(request, params, reply);
    return sweep ? sweepJson(store, sweep) : reply;
  });

  // The config as YAML text: the whole body (any non-JSON type), or `{"config": text, "name"?: display name}`.
  serve(app, routes.createSweep, async ({ request, params, body }) => {
    const entity = entityFor(context(request), params.entity);
    const { config, violations } = checkedConfig(body.config);
    const sweep = await createSweep(store, { entity, project: params.project, displayName: body.name || (config.name ?? null), config: body.config, state: 'PENDING' });
    const warnings = violations.map((v) => `${v.line ? `line ${v.line}: ` : ''}${v.path ? `${v.path}: ` : ''}${v.message}`);
    return { ...(await sweepJson(store, sweep)), warnings };
  });

  // `?runs=true` deletes the sweep's runs too; without it they stay, as runs of no sweep.
  serve(app, routes.deleteSweep, async ({ request, params, query, reply }) => {
    const sweep = await find(request, params, reply);
    if (!sweep) return reply;
    const deletedRuns = await deleteSweep(store, context(request).filesDir, sweep, query.runs === 'true');
    return { deleted: { entity: sweep.entity, project: sweep.project, id: sweep.name }, runs: deletedRuns };
  });

  serve(app, routes.setSweepState, async ({ request, params, body, reply }) => {
    const sweep = await find(request, params, reply);
    if (!sweep) return reply;
    return sweepJson(store, await changeSweep(store, sweep, { state: body.state }));
  });
}

async function sweepJson(store: Store, sweep: Sweep): Promise<SweepJson> {
  const config = sweepConfig(sweep.config);
  const { runs, agents } = await sweepActivity(store, sweep);
  return {
    entity: sweep.entity, project: sweep.project, id: sweep.name, name: sweep.displayName, state: sweep.state,
    config: sweep.config, method: config?.method ?? null, metric: config?.metric ? { name: config.metric.name, goal: config.metric.goal } : null,
    metrics: config?.metrics?.map((m) => ({ name: m.name, goal: m.goal })) ?? null,
    front: sweepFront(config, config?.metrics ? await sweepRuns(store, sweep) : []),
    parameters: (config?.params ?? []).filter((p) => p.type !== 'constant').map((p) => ({ name: p.name, path: p.path, type: p.type })),
    runCap: config?.run_cap ?? null, runCount: sweep.runCount, runs, agents, createdAt: sweep.createdAt, updatedAt: sweep.updatedAt,
  };
}
