// One sweep for the dashboard, its creation (the native `wandb sweep`), its state changes (pause,
// resume, stop, cancel) — the native counterpart of `wandb sweep --pause` etc. — and its deletion;
// documented in docs/api.md.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store, Sweep, SweepKey } from '../store/store.ts';
import { entityFor, type Context } from '../context.ts';
import { RequestError } from '../errors.ts';
import { sweepConfig } from '../sweeps/sweep-config.ts';
import { changeSweep, checkedConfig, createSweep, deleteSweep, SETTABLE, settableState } from '../sweeps/lifecycle.ts';
import { sweepActivity } from '../sweeps/summary.ts';
import { sweepFront } from '../sweeps/front.ts';
import { sweepRuns } from '../sweeps/sweep-runs.ts';

type SweepParams = { entity: string; project: string; sweep: string };

export function sweepApi(app: FastifyInstance, store: Store, context: (request: FastifyRequest) => Context): void {
  const find = async (request: FastifyRequest<{ Params: SweepParams }>, reply: FastifyReply): Promise<Sweep | undefined> => {
    const key: SweepKey = { entity: entityFor(context(request), request.params.entity), project: request.params.project, name: request.params.sweep };
    const sweep = await store.getSweep(key);
    if (!sweep) await reply.code(404).send({ errors: [{ message: `no sweep ${key.entity}/${key.project}/${key.name}` }] });
    return sweep;
  };

  app.get<{ Params: SweepParams }>('/api/v1/sweeps/:entity/:project/:sweep', async (request, reply) => {
    const sweep = await find(request, reply);
    return sweep ? sweepJson(store, sweep) : reply;
  });

  // The config as YAML text: the whole body (any non-JSON type), or `{"config": text, "name"?: display name}`.
  app.post<{ Params: { entity: string; project: string }; Body: unknown }>('/api/v1/sweeps/:entity/:project', async (request, reply) => {
    const entity = entityFor(context(request), request.params.entity);
    const body = request.body as { config?: unknown; name?: unknown } | Buffer | null;
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : body?.config;
    const name = Buffer.isBuffer(body) ? undefined : body?.name;
    if (typeof text !== 'string') throw new RequestError('send the sweep config as YAML text: the request body, or {"config": "<YAML>"}');
    if (name !== undefined && name !== null && typeof name !== 'string') throw new RequestError('name must be a string');
    const { config, violations } = checkedConfig(text);
    const sweep = await createSweep(store, { entity, project: request.params.project, displayName: name || (config.name ?? null), config: text, state: 'PENDING' });
    const warnings = violations.map((v) => `${v.line ? `line ${v.line}: ` : ''}${v.path ? `${v.path}: ` : ''}${v.message}`);
    return reply.code(201).send({ ...(await sweepJson(store, sweep)), warnings });
  });

  // `?runs=true` deletes the sweep's runs too; without it they stay, as runs of no sweep.
  app.delete<{ Params: SweepParams; Querystring: Record<string, string | undefined> }>('/api/v1/sweeps/:entity/:project/:sweep', async (request, reply) => {
    const sweep = await find(request, reply);
    if (!sweep) return reply;
    const runs = request.query.runs;
    if (runs !== undefined && runs !== 'true' && runs !== 'false') throw new RequestError('runs must be true or false');
    const deletedRuns = await deleteSweep(store, context(request).filesDir, sweep, runs === 'true');
    return { deleted: { entity: sweep.entity, project: sweep.project, id: sweep.name }, runs: deletedRuns };
  });

  app.post<{ Params: SweepParams; Body: unknown }>('/api/v1/sweeps/:entity/:project/:sweep/state', async (request, reply) => {
    const sweep = await find(request, reply);
    if (!sweep) return reply;
    const body = request.body as { state?: unknown } | null;
    const state = typeof body?.state === 'string' ? settableState(body.state) : undefined;
    if (!state) throw new RequestError(`send {"state": S} with S one of ${SETTABLE.join(', ')}`);
    return sweepJson(store, await changeSweep(store, sweep, { state }));
  });
}

async function sweepJson(store: Store, sweep: Sweep): Promise<Record<string, unknown>> {
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
