// Changing and deleting a run from the dashboard and the CLI: `PATCH` and `DELETE
// /api/v1/runs/E/P/R` (docs/api.md), by the same rules as wandb.Api's run.update() and run.delete().
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { routes, type RunEdit as RunEditJson } from '@sextant/protocol';
import { runKey, type Context } from '../context.ts';
import { deleteRun, editRun, type RunEdit } from '../runs/edit.ts';
import { runJson } from './run-json.ts';
import { serve } from './contract.ts';

export function runEditApi(app: FastifyInstance, context: (request: FastifyRequest) => Context): void {
  serve(app, routes.editRun, async ({ request, params, body, reply }) => {
    const ctx = context(request);
    const key = runKey(ctx, params.entity, params.project, params.run);
    const run = await editRun(ctx.store, key, runEdit(body));
    return run ? runJson(run) : reply.code(404).send({ errors: [{ message: `no run ${key.entity}/${key.project}/${key.name}` }] });
  });

  serve(app, routes.deleteRun, async ({ request, params, reply }) => {
    const ctx = context(request);
    const key = runKey(ctx, params.entity, params.project, params.run);
    if (!(await deleteRun(ctx.store, ctx.filesDir, key))) return reply.code(404).send({ errors: [{ message: `no run ${key.entity}/${key.project}/${key.name}` }] });
    return { deleted: { entity: key.entity, project: key.project, id: key.name } };
  });
}

/** The body's fields under the names of the run's own. */
function runEdit(body: RunEditJson): RunEdit {
  const edit: RunEdit = {};
  if (body.name !== undefined) edit.displayName = body.name;
  if (body.notes !== undefined) edit.notes = body.notes;
  if (body.tags !== undefined) edit.tags = body.tags;
  if (body.group !== undefined) edit.groupName = body.group;
  if (body.jobType !== undefined) edit.jobType = body.jobType;
  return edit;
}
