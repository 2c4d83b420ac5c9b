// The native JSON API (/api/v1) for the dashboard and the CLI; documented in docs/api.md.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { JsonObject } from '@sextant/sweeps';
import type { RunKey, Store } from '../store/store.ts';
import { runJson } from './run-json.ts';
import { parseJson } from '../store/json-text.ts';
import { entityFor, runKey, type Context } from '../context.ts';
import { parseFilters } from '../runs/filter.ts';
import { countRuns, runsPage } from '../runs/query.ts';
import { listRunFiles, storagePath } from '../files/run-files.ts';
import { tableOf, type HistoryColumns } from '../history/columns.ts';
import { chartSeries, type ChartSeries } from './chart-series.ts';
import { RequestError } from '../errors.ts';
import { boundedInt } from './params.ts';
import { artifactApi } from './artifacts.ts';
import { runEditApi } from './run-edit.ts';
import { mediaApi } from './media.ts';
import { entityActivity } from '../sweeps/summary.ts';

/** Runs one histories request may ask for (the compare view's limit). */
const MAX_HISTORIES = 100;

type Query = Record<string, string | undefined>;
type RunParams = { entity: string; project: string; run: string };

export function nativeApi(app: FastifyInstance, store: Store, context: (request: FastifyRequest) => Context, histories: HistoryColumns): void {
  app.get('/api/v1/viewer', async (request) => ({ username: context(request).user.username, entity: context(request).user.username }));

  app.get<{ Querystring: Query }>('/api/v1/projects', async (request) => {
    const entity = entityFor(context(request), request.query.entity);
    return { entity, projects: await store.listProjects(entity) };
  });

  app.get<{ Params: { entity: string; project: string }; Querystring: Query }>('/api/v1/runs/:entity/:project', async (request) => {
    const entity = entityFor(context(request), request.params.entity);
    const filter = parseFilters(request.query.filter);
    const limit = boundedInt(request.query.limit, 'limit', 100, 1, 10_000);
    const page = await runsPage(store, entity, request.params.project, filter, request.query.order, request.query.cursor, limit);
    // Counting reads every run the filter keeps, as no page does: only when asked.
    const total = request.query.total === 'true' ? { total: await countRuns(store, entity, request.params.project, filter) } : {};
    return { ...total, runs: page.runs.map(({ run }) => runJson(run)), nextCursor: page.hasNext ? page.runs[page.runs.length - 1].cursor : null };
  });

  app.get<{ Querystring: Query }>('/api/v1/sweeps', async (request) => {
    const entity = entityFor(context(request), request.query.entity);
    const sweeps = await store.listSweeps(entity);
    const activity = await entityActivity(store, entity);
    return {
      sweeps: sweeps.map((sweep) => {
        const { runs, agents } = activity.get(`${sweep.project}/${sweep.name}`) ?? { runs: {}, agents: [] };
        return { entity: sweep.entity, project: sweep.project, id: sweep.name, name: sweep.displayName, state: sweep.state, runCount: sweep.runCount, runs, agents, createdAt: sweep.createdAt };
      }),
    };
  });

  app.get<{ Params: RunParams }>('/api/v1/runs/:entity/:project/:run', async (request, reply) => {
    const run = await store.getRun(keyOf(context(request), request.params));
    return run ? runJson(run) : reply.code(404).send({ errors: [{ message: `no run ${request.params.entity}/${request.params.project}/${request.params.run}` }] });
  });

  app.get<{ Params: RunParams; Querystring: Query }>('/api/v1/runs/:entity/:project/:run/history', async (request) => {
    const key = keyOf(context(request), request.params);
    const x = request.query.x ?? '_step';
    const points = boundedInt(request.query.points, 'points', 1000, 4, 100_000);
    const wanted = request.query.keys ? request.query.keys.split(',') : undefined;
    const run = await store.getRun(key);
    if (!run) return { x, series: {} };
    const { columns } = await histories.table(key, run.historyLineCount);
    return { x, series: chartSeries(columns, x, wanted, points) };
  });

  app.get<{ Params: { entity: string; project: string }; Querystring: Query }>('/api/v1/histories/:entity/:project', async (request) => {
    const entity = entityFor(context(request), request.params.entity);
    const x = request.query.x ?? '_step';
    const points = boundedInt(request.query.points, 'points', 1000, 4, 100_000);
    const names = [...new Set((request.query.runs ?? '').split(',').filter(Boolean))];
    if (names.length === 0 || names.length > MAX_HISTORIES) throw new RequestError(`runs: give 1 to ${MAX_HISTORIES} run ids, separated by commas`);
    const runs: Record<string, ChartSeries> = {};
    for (const name of names) {
      const key = { entity, project: request.params.project, name };
      const run = await store.getRun(key);
      if (run) runs[name] = chartSeries((await histories.table(key, run.historyLineCount)).columns, x, request.query.keys?.split(','), points);
    }
    return { x, runs };
  });

  app.get<{ Params: RunParams; Querystring: Query }>('/api/v1/runs/:entity/:project/:run/system', async (request) => {
    const key = keyOf(context(request), request.params);
    const x = request.query.x ?? '_runtime';
    const points = boundedInt(request.query.points, 'points', 1000, 4, 100_000);
    const rows = (await store.readLines(key, 'events', 0, Number.MAX_SAFE_INTEGER)).map((line) => parseJson(line) as JsonObject);
    return { x, series: chartSeries(tableOf(rows).columns, x, request.query.keys?.split(','), points) };
  });

  app.get<{ Params: RunParams; Querystring: Query }>('/api/v1/runs/:entity/:project/:run/console', async (request) => {
    const key = keyOf(context(request), request.params);
    const from = boundedInt(request.query.from, 'from', 0, 0, Number.MAX_SAFE_INTEGER);
    const limit = boundedInt(request.query.limit, 'limit', 1000, 1, 100_000);
    const lines = await store.readLines(key, 'log', from, limit);
    return { from, lines, next: from + lines.length };
  });

  app.get<{ Params: RunParams }>('/api/v1/runs/:entity/:project/:run/alerts', async (request) => {
    const key = keyOf(context(request), request.params);
    return { alerts: (await store.runAlerts(key)).map((line) => JSON.parse(line) as JsonObject) };
  });

  app.get<{ Params: RunParams }>('/api/v1/runs/:entity/:project/:run/files', async (request) => {
    const ctx = context(request);
    const key = keyOf(ctx, request.params);
    const files = await listRunFiles(ctx.filesDir, key);
    return { files: files.map((f) => ({ name: f.name, size: f.size, updatedAt: f.updatedAt, url: `${ctx.baseUrl}${storagePath(key, f.name)}` })) };
  });

  runEditApi(app, context);
  artifactApi(app, store, context);
  mediaApi(app, store, context);
}

function keyOf(ctx: Context, params: RunParams): RunKey {
  return runKey(ctx, params.entity, params.project, params.run);
}
