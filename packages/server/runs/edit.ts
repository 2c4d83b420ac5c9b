// What a user changes on a run after the fact, one rule for both faces: wandb.Api's `run.update()`
// (UpsertBucket by the run's id) and the dashboard's `PATCH /api/v1/runs/E/P/R`; and deleting a run
// (`run.delete()`, `DELETE /api/v1/runs/E/P/R`).
import { rm } from 'node:fs/promises';
import type { JsonObject } from '@sextant/sweeps';
import type { Run, RunKey, RunPatch, Store } from '../store/store.ts';
import { RequestError } from '../errors.ts';
import { runDir } from '../files/run-files.ts';

/** The fields an edit may change; undefined ones stay as they are. */
export type RunEdit = Pick<RunPatch, 'displayName' | 'notes' | 'tags' | 'groupName' | 'jobType' | 'config' | 'summary'>;

/** W&B's limit on a tag, which its client checks before sending one. */
const MAX_TAG_LENGTH = 64;

/**
 * Applies the edit after checking all of it (nothing is written when a part is wrong); the run as
 * stored after, or undefined when there is no such run. Names and tags are trimmed, repeated tags
 * kept once; an empty group or job type clears it.
 */
export async function editRun(store: Store, key: RunKey, edit: RunEdit): Promise<Run | undefined> {
  const patch: RunPatch = { ...edit };
  if (edit.displayName !== undefined) {
    patch.displayName = edit.displayName?.trim() || null;
    if (patch.displayName === null) throw new RequestError('a run\'s name cannot be empty');
  }
  if (edit.tags !== undefined) patch.tags = [...new Set(edit.tags.map(checkedTag))];
  if (edit.groupName !== undefined) patch.groupName = edit.groupName?.trim() || null;
  if (edit.jobType !== undefined) patch.jobType = edit.jobType?.trim() || null;
  const existing = await store.getRun(key);
  if (!existing) return undefined;
  if (edit.config) patch.config = keepInternal(edit.config, existing.config);
  return (await store.upsertRun(key, patch)).run;
}

function checkedTag(tag: string): string {
  const trimmed = tag.trim();
  if (trimmed === '') throw new RequestError('a tag cannot be empty');
  if (trimmed.length > MAX_TAG_LENGTH) throw new RequestError(`tag "${trimmed.slice(0, 20)}…" is longer than ${MAX_TAG_LENGTH} characters`);
  return trimmed;
}

/**
 * A config edited through wandb.Api comes without the client's own `_wandb` entry; the stored one
 * stays, or a later resume would take the run for one never initialised.
 */
function keepInternal(config: JsonObject, stored: JsonObject): JsonObject {
  if ('_wandb' in config || !('_wandb' in stored)) return config;
  return { ...config, _wandb: stored._wandb };
}

/** The run, its history, console, system metrics, alerts and its files on disk; false when there was none. */
export async function deleteRun(store: Store, filesDir: string, key: RunKey): Promise<boolean> {
  if (!(await store.deleteRun(key))) return false;
  await rm(runDir(filesDir, key), { recursive: true, force: true });
  return true;
}
