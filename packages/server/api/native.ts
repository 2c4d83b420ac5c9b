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
import { routes } from '@sextant/protocol';
import { serve } from './contract.ts';
import { artifactApi } from './artifacts.ts';
import { runEditApi } from './run-edit.ts';
import { mediaApi } from './media.ts';
import { entityActivity } from '../sweeps/summary.ts';

type RunParams = { entity: string; project: string; run: string };

export function nativeApi(app: FastifyInstance, store: Store, context: (request: FastifyRequest) => Context, histories: HistoryColumns): void {
  serve(app, routes.viewer, async ({ request }) => ({ username: context(request).user.username, entity: context(request).user.username }));

  serve(app, routes.listProjects, async ({ request, query }) => {
    const entity = entityFor(context(request), query.entity);
    return { entity, projects: await store.listProjects(entity) };
  });

  serve(app, routes.listRuns, async ({ request, params, query }) => {
    const entity = entityFor(context(request), params.entity);
    const filter = parseFilters(query.filter);
    const page = await runsPage(store, entity, params.project, filter, query.order, query.cursor, query.limit);
    // Counting reads every run the filter keeps, as no page does: only when asked.
    const total = query.total ? { total: await countRuns(store, entity, params.project, filter) } : {};
    return { ...total, runs: page.runs.map(({ run }) => runJson(run)), nextCursor: page.hasNext ? page.runs[page.runs.length - 1].cursor : null };
  });

  serve(app, routes.listSweeps, async ({ request, query }) => {
    const entity = entityFor(context(request), query.entity);
    const sweeps = await store.listSweeps(entity);
    const activity = await entityActivity(store, entity);
    return {
      sweeps: sweeps.map((sweep) => {
        const { runs, agents } = activity.get(`${sweep.project}/${sweep.name}`) ?? { runs: {}, agents: [] };
        return { entity: sweep.entity, project: sweep.project, id: sweep.name, name: sweep.displayName, state: sweep.state, runCount: sweep.runCount, runs, agents, createdAt: sweep.createdAt };
      }),
    };
  });

  serve(app, routes.getRun, async ({ request, params, reply }) => {
    const run = await store.getRun(keyOf(context(request), params));
    return run ? runJson(run) : reply.code(404).send({ errors: [{ message: `no run ${params.entity}/${params.project}/${params.run}` }] });
  });

  serve(app, routes.runHistory, async ({ request, params, query }) => {
    const key = keyOf(context(request), params);
    const run = await store.getRun(key);
    if (!run) return { x: query.x, series: {} };
    const { columns } = await histories.table(key, run.historyLineCount);
    return { x: query.x, series: chartSeries(columns, query.x, query.keys, query.points) };
  });

  serve(app, routes.histories, async ({ request, params, query }) => {
    const entity = entityFor(context(request), params.entity);
    const runs: Record<string, ChartSeries> = {};
    for (const name of query.runs) {
      const key = { entity, project: params.project, name };
      const run = await store.getRun(key);
      if (run) runs[name] = chartSeries((await histories.table(key, run.historyLineCount)).columns, query.x, query.keys, query.points);
    }
    return { x: query.x, runs };
  });

  serve(app, routes.runSystem, async ({ request, params, query }) => {
    const key = keyOf(context(request), params);
    const rows = (await store.readLines(key, 'events', 0, Number.MAX_SAFE_INTEGER)).map((line) => parseJson(line) as JsonObject);
    return { x: query.x, series: chartSeries(tableOf(rows).columns, query.x, query.keys, query.points) };
  });

  serve(app, routes.runConsole, async ({ request, params, query }) => {
    const lines = await store.readLines(keyOf(context(request), params), 'log', query.from, query.limit);
    return { from: query.from, lines, next: query.from + lines.length };
  });

  serve(app, routes.runAlerts, async ({ request, params }) => {
    const key = keyOf(context(request), params);
    return { alerts: (await store.runAlerts(key)).map((line) => JSON.parse(line) as JsonObject) };
  });

  serve(app, routes.runFiles, async ({ request, params }) => {
    const ctx = context(request);
    const key = keyOf(ctx, params);
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
