// Mapping database rows (either backend) to the store's records.
import type { JsonObject } from '@sextant/sweeps';
import type { ApiKeyInfo, Run, RunState, User } from './store.ts';

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
    entity: String(row.entity), project: String(row.project), name: String(row.name),
    displayName: text(row.display_name), state: String(row.state) as RunState,
    config: JSON.parse(String(row.config)) as JsonObject, summary: JSON.parse(String(row.summary)) as JsonObject,
    sweepName: text(row.sweep_name), groupName: text(row.group_name), jobType: text(row.job_type), notes: text(row.notes),
    tags: JSON.parse(String(row.tags)) as string[], host: text(row.host), program: text(row.program),
    exitcode: row.exitcode === null ? null : Number(row.exitcode), stopRequested: Boolean(row.stop_requested),
    historyLineCount: Number(row.history_line_count), eventsLineCount: Number(row.events_line_count), logLineCount: Number(row.log_line_count),
    createdAt: String(row.created_at), updatedAt: String(row.updated_at), heartbeatAt: String(row.heartbeat_at),
  };
}
