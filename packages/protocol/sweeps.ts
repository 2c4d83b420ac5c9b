// Sweeps: the entity's list, one sweep, creating one from YAML, changing its state, deleting it (docs/api.md).
import { z } from 'zod';
import { projectParams, route } from './route.ts';

export const agent = z.object({ id: z.string(), host: z.string(), state: z.string(), heartbeatAt: z.string() });

export const sweepSummary = z.object({
  entity: z.string(), project: z.string(), id: z.string(), name: z.string().nullable(), state: z.string(), runCount: z.number(),
  /** Runs by state. */
  runs: z.record(z.string(), z.number()), agents: z.array(agent), createdAt: z.string(),
});

export const sweepParameter = z.object({ name: z.string(), path: z.array(z.string()), type: z.string() });

const objective = z.object({ name: z.string(), goal: z.enum(['minimize', 'maximize']) });

export const sweep = sweepSummary.extend({
  config: z.string(), method: z.string().nullable(), metric: objective.nullable(),
  /** Several objectives instead of `metric`, and the runs on their Pareto front (values in the order of `metrics`). */
  metrics: z.array(objective).nullable(),
  front: z.array(z.object({ id: z.string(), name: z.string().nullable(), values: z.array(z.number()) })).nullable(),
  parameters: z.array(sweepParameter), runCap: z.number().nullable(), updatedAt: z.string(),
});

/** The states a user may set, in any case. */
const SETTABLE_STATES = ['RUNNING', 'PAUSED', 'FINISHED', 'CANCELED'] as const;

const sweepParams = projectParams.extend({ sweep: z.string().min(1) });
const CONFIG_HELP = 'send the sweep config as YAML text: the request body, or {"config": "<YAML>"}';

export const sweepRoutes = {
  listSweeps: route({ method: 'GET', path: '/api/v1/sweeps', query: z.object({ entity: z.string().optional() }), response: z.object({ sweeps: z.array(sweepSummary) }) }),
  getSweep: route({ method: 'GET', path: '/api/v1/sweeps/:entity/:project/:sweep', params: sweepParams, response: sweep }),
  createSweep: route({
    method: 'POST', path: '/api/v1/sweeps/:entity/:project', params: projectParams, status: 201, textBody: 'config',
    body: z.object({ config: z.string({ error: CONFIG_HELP }), name: z.string().nullish() }, { error: CONFIG_HELP }),
    response: sweep.extend({ warnings: z.array(z.string()) }),
  }),
  setSweepState: route({
    method: 'POST', path: '/api/v1/sweeps/:entity/:project/:sweep/state', params: sweepParams,
    body: z.object({ state: z.string().toUpperCase().pipe(z.enum(SETTABLE_STATES)) }),
    response: sweep,
  }),
  deleteSweep: route({
    method: 'DELETE', path: '/api/v1/sweeps/:entity/:project/:sweep', params: sweepParams,
    query: z.object({ runs: z.enum(['true', 'false']).optional() }),
    response: z.object({ deleted: z.object({ entity: z.string(), project: z.string(), id: z.string() }), runs: z.number() }),
  }),
};
