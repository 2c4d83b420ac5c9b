// What `wandb.Api()` and a live run change on a run besides logging: delete it (`run.delete()`)
// and raise an alert (`run.alert()`). Edits (`run.update()`, `run.summary.update()`) are
// UpsertBucket by the run's GraphQL id (operations.ts); both follow runs/edit.ts.
import type { RunKey } from '../store/store.ts';
import type { Args } from './graphql.ts';
import { RequestError } from '../errors.ts';
import { entityFor, runKey, type Context } from '../context.ts';
import { runKeyOfId } from './run-fields.ts';
import { deleteRun as deleteStoredRun } from '../runs/edit.ts';
import { deleteVersion } from '../artifacts/cleanup.ts';

const SEVERITIES = ['INFO', 'WARN', 'ERROR'];

/** The run a mutation names by GraphQL id; one the caller may not reach is refused. */
export function runKeyFromId(ctx: Context, id: unknown): RunKey {
  const key = runKeyOfId(id);
  if (!key) throw new RequestError(`${JSON.stringify(id)} is not a run id (Run.id, what wandb.Api keeps as run.storage_id)`);
  return { ...key, entity: entityFor(ctx, key.entity) };
}

/**
 * deleteRun: the run, its history, console, system metrics, alerts and files on disk. With
 * `deleteArtifacts` (`run.delete(delete_artifacts=True)`) also the versions it logged that no other
 * run uses, with the bytes only they held; a version another run used is kept for that run.
 */
export async function deleteRun(ctx: Context, input: Args): Promise<unknown> {
  const key = runKeyFromId(ctx, input.id);
  if (!(await ctx.store.getRun(key))) throw new RequestError(`run ${key.entity}/${key.project}/${key.name} does not exist`);
  if (input.deleteArtifacts === true) {
    for (const version of await ctx.store.runArtifacts(key, 'output')) {
      const users = await ctx.store.artifactUsers(version.id);
      if (users.every((user) => user.entity === key.entity && user.project === key.project && user.name === key.name)) await deleteVersion(ctx.store, ctx.blobs, version);
    }
  }
  if (!(await deleteStoredRun(ctx.store, ctx.filesDir, key))) throw new RequestError(`run ${key.entity}/${key.project}/${key.name} does not exist`);
  return { clientMutationId: input.clientMutationId ?? null };
}

/**
 * notifyScriptableRunAlert: W&B mails or posts it; we keep it with the run (native API
 * `GET /api/v1/runs/E/P/R/alerts`) and write it to the server's log.
 */
export async function notifyRunAlert(ctx: Context, input: Args, log: (line: string) => void): Promise<unknown> {
  const key = runKey(ctx, input.entityName, input.projectName, input.runName);
  if (!(await ctx.store.getRun(key))) throw new RequestError(`run ${key.entity}/${key.project}/${key.name} does not exist`);
  if (typeof input.title !== 'string' || input.title === '') throw new RequestError('an alert needs a title');
  const severity = typeof input.severity === 'string' ? input.severity.toUpperCase() : 'INFO';
  if (!SEVERITIES.includes(severity)) throw new RequestError(`alert severity must be one of ${SEVERITIES.join(', ')}, not ${String(input.severity)}`);
  const alert = { title: input.title, text: typeof input.text === 'string' ? input.text : '', severity, createdAt: new Date().toISOString() };
  await ctx.store.addRunAlert(key, JSON.stringify(alert));
  log(`${alert.createdAt} alert ${severity} ${key.entity}/${key.project}/${key.name}: ${alert.title}${alert.text ? ` — ${alert.text}` : ''}`);
  return { success: true };
}
