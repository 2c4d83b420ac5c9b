// Mapping database rows (either backend) to the store's records.
import type { JsonObject } from '@sextant/sweeps';
import type { Agent, ApiKeyInfo, Run, RunKey, RunPatch, RunState, Sweep, SweepState, User } from './store.ts';
import { parseJson, stringifyJson } from './json-text.ts';

type Row = Record<string, unknown>;

export function toUser(row: Row): User {
  return { id: Number(row.id), username: String(row.username), admin: Boolean(row.admin) };
}

export function toKey(row: Row): ApiKeyInfo {
  return { id: Number(row.id), userId: Number(row.user_id), prefix: String(row.prefix), createdAt: String(row.created_at), revokedAt: row.revoked_at === null ? null : String(row.revoked_at) };
}

export function toRun(row: Row): Run {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    entity: String(row.entity), project: String(row.project), name: String(row.name), agentId: text(row.agent_id),
    displayName: text(row.display_name), state: String(row.state) as RunState,
    config: parseJson(String(row.config)) as JsonObject, summary: parseJson(String(row.summary)) as JsonObject,
    sweepName: text(row.sweep_name), groupName: text(row.group_name), jobType: text(row.job_type), notes: text(row.notes),
    tags: JSON.parse(String(row.tags)) as string[], host: text(row.host), program: text(row.program),
    exitcode: row.exitcode === null ? null : Number(row.exitcode), stopRequested: Boolean(row.stop_requested),
    historyLineCount: Number(row.history_line_count), eventsLineCount: Number(row.events_line_count), logLineCount: Number(row.log_line_count),
    createdAt: String(row.created_at), updatedAt: String(row.updated_at), heartbeatAt: String(row.heartbeat_at),
  };
}

/** The columns an UPDATE sets for a run patch (fields left undefined are not touched), stamped with `time`. */
export function patchColumns(patch: RunPatch, time: string): Array<[string, string | null]> {
  const columns: Array<[string, string | null]> = [];
  const set = (column: string, value: string | null | undefined): void => {
    if (value !== undefined) columns.push([column, value]);
  };
  set('display_name', patch.displayName);
  set('state', patch.state);
  set('config', patch.config && stringifyJson(patch.config));
  set('summary', patch.summary && stringifyJson(patch.summary));
  set('sweep_name', patch.sweepName);
  set('group_name', patch.groupName);
  set('job_type', patch.jobType);
  set('notes', patch.notes);
  set('tags', patch.tags && JSON.stringify(patch.tags));
  set('host', patch.host);
  set('program', patch.program);
  columns.push(['updated_at', time], ['heartbeat_at', time]);
  return columns;
}

export function toSweep(row: Row): Sweep {
  return {
    entity: String(row.entity), project: String(row.project), name: String(row.name),
    displayName: row.display_name === null ? null : String(row.display_name), config: String(row.config),
    state: String(row.state) as SweepState, runCount: Number(row.run_count), createdAt: String(row.created_at), updatedAt: String(row.updated_at),
  };
}

export function toRunKey(row: Row): RunKey {
  return { entity: String(row.entity), project: String(row.project), name: String(row.name) };
}

export function toAgent(row: Row): Agent {
  return {
    id: String(row.id), sweep: { entity: String(row.entity), project: String(row.project), name: String(row.sweep) },
    host: String(row.host), state: String(row.state) as Agent['state'], createdAt: String(row.created_at), heartbeatAt: String(row.heartbeat_at),
  };
}

let lastBatchTime = 0;

/**
 * Creation times for runs assigned in one batch, a millisecond apart and after the previous batch:
 * runs are read back in created_at order, which must be the order search suggested them in.
 */
export function batchTimes(count: number): string[] {
  const start = Math.max(Date.now(), lastBatchTime + 1);
  lastBatchTime = start + count - 1;
  return Array.from({ length: count }, (_, i) => new Date(start + i).toISOString());
}
