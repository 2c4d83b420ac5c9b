// Changing and deleting a run from the dashboard and the CLI: `PATCH` and `DELETE
// /api/v1/runs/E/P/R` (docs/api.md), by the same rules as wandb.Api's run.update() and run.delete().
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { runKey, type Context } from '../context.ts';
import { RequestError } from '../errors.ts';
import { deleteRun, editRun, type RunEdit } from '../runs/edit.ts';
import { runJson } from './run-json.ts';

type RunParams = { entity: string; project: string; run: string };

/** The body's fields and the run field each edits. */
const FIELDS = { name: 'displayName', notes: 'notes', tags: 'tags', group: 'groupName', jobType: 'jobType' } as const;

export function runEditApi(app: FastifyInstance, context: (request: FastifyRequest) => Context): void {
  app.patch<{ Params: RunParams; Body: unknown }>('/api/v1/runs/:entity/:project/:run', async (request, reply) => {
    const ctx = context(request);
    const key = runKey(ctx, request.params.entity, request.params.project, request.params.run);
    const run = await editRun(ctx.store, key, checkedBody(request.body));
    return run ? runJson(run) : reply.code(404).send({ errors: [{ message: `no run ${key.entity}/${key.project}/${key.name}` }] });
  });

  app.delete<{ Params: RunParams }>('/api/v1/runs/:entity/:project/:run', async (request, reply) => {
    const ctx = context(request);
    const key = runKey(ctx, request.params.entity, request.params.project, request.params.run);
    if (!(await deleteRun(ctx.store, ctx.filesDir, key))) return reply.code(404).send({ errors: [{ message: `no run ${key.entity}/${key.project}/${key.name}` }] });
    return { deleted: { entity: key.entity, project: key.project, id: key.name } };
  });
}

function checkedBody(body: unknown): RunEdit {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Buffer.isBuffer(body)) {
    throw new RequestError(`send a JSON object with any of ${Object.keys(FIELDS).join(', ')}`);
  }
  const edit: RunEdit = {};
  for (const [field, value] of Object.entries(body)) {
    if (!Object.hasOwn(FIELDS, field)) throw new RequestError(`${field}: not a field of a run that can be changed (${Object.keys(FIELDS).join(', ')} can)`);
    const target = FIELDS[field as keyof typeof FIELDS];
    if (target === 'tags') {
      if (!Array.isArray(value) || value.some((tag) => typeof tag !== 'string')) throw new RequestError('tags: must be a list of strings');
      edit.tags = value as string[];
    } else {
      if (typeof value !== 'string' && !(value === null && target !== 'displayName')) throw new RequestError(`${field}: must be a string${target === 'displayName' ? '' : ' or null'}`);
      edit[target] = value;
    }
  }
  return edit;
}
