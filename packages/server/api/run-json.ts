// A run as the native API shows it (docs/api.md).
import type { Json, JsonObject } from '@sextant/sweeps';
import type { Run as RunJson } from '@sextant/protocol';
import type { Run } from '../store/store.ts';

/** A run for the dashboard: config values unwrapped from W&B's {value, desc}. */
export function runJson(run: Run): RunJson {
  const config: JsonObject = {};
  for (const [k, v] of Object.entries(run.config)) {
    if (k === '_wandb' || k === 'wandb_version') continue;
    config[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && 'value' in v ? (v.value as Json) : v;
  }
  return {
    entity: run.entity, project: run.project, id: run.name, name: run.displayName ?? run.name, state: run.state,
    config, summary: run.summary, sweep: run.sweepName, group: run.groupName, jobType: run.jobType, tags: run.tags,
    notes: run.notes, host: run.host, program: run.program, exitcode: run.exitcode,
    historyLineCount: run.historyLineCount, createdAt: run.createdAt, updatedAt: run.updatedAt, heartbeatAt: run.heartbeatAt,
  };
}
