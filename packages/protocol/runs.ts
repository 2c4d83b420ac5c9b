// Runs: listing, one run, its edits, history and system series, console, alerts, files and media (docs/api.md).
import { z } from 'zod';
import { jsonObject } from './json.ts';
import { integer, list, projectParams, route, runParams } from './route.ts';

export const run = z.object({
  entity: z.string(), project: z.string(), id: z.string(), name: z.string(), state: z.string(),
  config: jsonObject, summary: jsonObject, sweep: z.string().nullable(), group: z.string().nullable(), jobType: z.string().nullable(),
  tags: z.array(z.string()), notes: z.string().nullable(), host: z.string().nullable(), program: z.string().nullable(), exitcode: z.number().nullable(),
  historyLineCount: z.number(), createdAt: z.string(), updatedAt: z.string(), heartbeatAt: z.string(),
});

export const series = z.object({ x: z.array(z.number()), y: z.array(z.number()), count: z.number() });
export const chartSeries = z.record(z.string(), series);
export const history = z.object({ x: z.string(), series: chartSeries });

const seriesQuery = (x: string) => z.object({ x: z.string().default(x), points: integer(4, 100_000, 1000), keys: list.optional() });

export const runFile = z.object({ name: z.string(), size: z.number(), updatedAt: z.string(), url: z.string() });

export const mediaEntry = z.object({
  step: z.number().nullable(), key: z.string(), type: z.string(), files: z.array(z.object({ path: z.string(), url: z.string() })),
  // As the client logged them (the server passes them on unchecked).
  caption: z.string().optional(), captions: z.array(z.string()).optional(), width: z.number().optional(), height: z.number().optional(), format: z.string().optional(),
  count: z.number().optional(), ncols: z.number().optional(), nrows: z.number().optional(), sha256: z.string().optional(), size: z.number().optional(),
  values: z.array(z.number()).optional(), bins: z.array(z.number()).optional(),
  artifact: z.object({ name: z.string(), version: z.string(), path: z.string(), url: z.string() }).nullable().optional(),
});

const EDITABLE = 'name, notes, tags, group, jobType';
const editText = (nullable: boolean) => (nullable ? z.string().nullable() : z.string()).optional();
export const runEdit = z.strictObject({ name: editText(false), notes: editText(true), tags: z.array(z.string()).optional(), group: editText(true), jobType: editText(true) }, {
  error: (issue) => (issue.code === 'unrecognized_keys' ? `not a field of a run that can be changed (${EDITABLE} can)` : `expected a JSON object with any of ${EDITABLE}`),
});

export const runDeleted = z.object({ entity: z.string(), project: z.string(), id: z.string() });

export const runRoutes = {
  listRuns: route({
    method: 'GET', path: '/api/v1/runs/:entity/:project', params: projectParams,
    query: z.object({
      filter: z.string().optional(), order: z.string().optional(), cursor: z.string().optional(), limit: integer(1, 10_000, 100),
      total: z.enum(['true', 'false'], { error: 'total: expected true or false' }).optional().transform((v) => v === 'true'),
    }),
    response: z.object({ total: z.number().optional(), runs: z.array(run), nextCursor: z.string().nullable() }),
  }),
  getRun: route({ method: 'GET', path: '/api/v1/runs/:entity/:project/:run', params: runParams, response: run }),
  editRun: route({ method: 'PATCH', path: '/api/v1/runs/:entity/:project/:run', params: runParams, body: runEdit, response: run }),
  deleteRun: route({ method: 'DELETE', path: '/api/v1/runs/:entity/:project/:run', params: runParams, response: z.object({ deleted: runDeleted }) }),
  runHistory: route({ method: 'GET', path: '/api/v1/runs/:entity/:project/:run/history', params: runParams, query: seriesQuery('_step'), response: history }),
  histories: route({
    method: 'GET', path: '/api/v1/histories/:entity/:project', params: projectParams,
    query: seriesQuery('_step').extend({
      runs: z.string({ error: 'give 1 to 100 run ids, separated by commas' })
        .transform((text) => [...new Set(text.split(',').filter(Boolean))])
        .refine((names) => names.length >= 1 && names.length <= 100, { error: 'give 1 to 100 run ids, separated by commas' }),
    }),
    response: z.object({ x: z.string(), runs: z.record(z.string(), chartSeries) }),
  }),
  runSystem: route({ method: 'GET', path: '/api/v1/runs/:entity/:project/:run/system', params: runParams, query: seriesQuery('_runtime'), response: history }),
  runConsole: route({
    method: 'GET', path: '/api/v1/runs/:entity/:project/:run/console', params: runParams,
    query: z.object({ from: integer(0, Number.MAX_SAFE_INTEGER, 0), limit: integer(1, 100_000, 1000) }),
    response: z.object({ from: z.number(), lines: z.array(z.string()), next: z.number() }),
  }),
  runAlerts: route({ method: 'GET', path: '/api/v1/runs/:entity/:project/:run/alerts', params: runParams, response: z.object({ alerts: z.array(jsonObject) }) }),
  runFiles: route({ method: 'GET', path: '/api/v1/runs/:entity/:project/:run/files', params: runParams, response: z.object({ files: z.array(runFile) }) }),
  runMedia: route({
    method: 'GET', path: '/api/v1/runs/:entity/:project/:run/media', params: runParams,
    query: z.object({ key: z.string().optional(), step: z.string().regex(/^\d+$/, { error: 'expected a non-negative integer' }).transform(Number).optional() }),
    response: z.object({ media: z.array(mediaEntry) }),
  }),
};
