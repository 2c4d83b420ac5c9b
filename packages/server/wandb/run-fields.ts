// A stored run as the W&B GraphQL schema shows it (the `bucket`/`run` object the clients read).
import type { Json, JsonObject } from '@sextant/sweeps';
import { createHash } from 'node:crypto';
import type { Run, RunKey } from '../store/store.ts';
import { stringifyJson } from '../store/json-text.ts';

/** A run's GraphQL id (what `wandb.Api` keeps as `run.storage_id` and sends back to edit or delete it). */
export function runId(key: RunKey): string {
  return Buffer.from(`Run:v1:${key.name}:${key.project}:${key.entity}`).toString('base64');
}

/** The run a GraphQL id names, or undefined when it is not one of ours. */
export function runKeyOfId(id: unknown): RunKey | undefined {
  if (typeof id !== 'string') return undefined;
  const decoded = /^Run:v1:([^:]+):([^:]+):(.+)$/.exec(Buffer.from(id, 'base64').toString('utf8'));
  return decoded ? { name: decoded[1], project: decoded[2], entity: decoded[3] } : undefined;
}

export function runObject(run: Run, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    __typename: 'Run',
    id: runId(run),
    name: run.name,
    displayName: run.displayName ?? run.name,
    description: run.notes,
    notes: run.notes,
    state: run.state,
    config: stringifyJson(run.config),
    summaryMetrics: stringifyJson(run.summary),
    sweepName: run.sweepName,
    group: run.groupName,
    jobType: run.jobType,
    tags: run.tags,
    host: run.host,
    program: run.program,
    exitcode: run.exitcode,
    stopped: run.stopRequested,
    shouldStop: run.stopRequested,
    historyLineCount: run.historyLineCount,
    eventsLineCount: run.eventsLineCount,
    logLineCount: run.logLineCount,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    heartbeatAt: run.heartbeatAt,
    projectId: projectNumber(run.entity, run.project),
    project: projectObject(run.entity, run.project),
    ...extra,
  };
}

/** A project's number, stable across restarts and stores: clients from 0.25 read `Run.projectId` as an int. */
export function projectNumber(entity: string, project: string): number {
  return createHash('sha256').update(`${entity}/${project}`).digest().readUIntBE(0, 6);
}

export function projectObject(entity: string, name: string): Record<string, unknown> {
  const id = Buffer.from(`Project:v1:${name}:${entity}`).toString('base64');
  return {
    __typename: 'Project',
    id,
    internalId: id,
    name,
    entityName: entity,
    entity: { __typename: 'Entity', id: Buffer.from(`Entity:v1:${entity}`).toString('base64'), name: entity },
  };
}

/**
 * Run config in the form the Python client sends and the public API returns, `{key: {value, desc}}`.
 * The JS client sends plain `{key: value}`; it is wrapped so both read back the same way.
 */
export function normalizeConfig(config: JsonObject): JsonObject {
  const wrapped = Object.values(config).every((v) => typeof v === 'object' && v !== null && !Array.isArray(v) && 'value' in v);
  if (wrapped) return config;
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v as Json, desc: null }]));
}
