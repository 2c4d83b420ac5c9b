// The runs table's columns: a few run fields, then every config key (nested config flattened to
// `opt.lr`) and every summary metric the runs have (keys starting with "_" are W&B's own and left
// out). A name in both config and summary is labelled with its source.
import type { Json, Run } from '../api.ts';
import { flatten } from './flatten.ts';

export interface Column {
  id: string;
  label: string;
  value: (run: Run) => Json | undefined;
  width: number;
  /** Every value a number: aligned right, header included. */
  numeric: boolean;
}

const FIELDS: Array<Omit<Column, 'numeric'> & { numeric?: boolean }> = [
  { id: 'name', label: 'Name', value: (r) => r.name, width: 200 },
  { id: 'state', label: 'State', value: (r) => r.state, width: 96 },
  { id: 'createdAt', label: 'Created', value: (r) => r.createdAt, width: 184 },
  { id: 'runtime', label: 'Runtime', value: runtime, width: 96, numeric: true },
  { id: 'sweep', label: 'Sweep', value: (r) => r.sweep, width: 96 },
  { id: 'group', label: 'Group', value: (r) => r.group, width: 120 },
  { id: 'jobType', label: 'Job type', value: (r) => r.jobType, width: 110 },
  { id: 'host', label: 'Host', value: (r) => r.host, width: 120 },
  { id: 'program', label: 'Command', value: (r) => r.program, width: 160 },
  { id: 'tags', label: 'Tags', value: (r) => r.tags.join(', '), width: 140 },
  { id: 'notes', label: 'Notes', value: (r) => r.notes, width: 200 },
];

/** Seconds the run ran: the client's `_runtime`, else from creation to the last heartbeat. */
export function runtime(run: Run): number | undefined {
  if (typeof run.summary._runtime === 'number') return run.summary._runtime;
  const seconds = (Date.parse(run.heartbeatAt) - Date.parse(run.createdAt)) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, seconds) : undefined;
}

const flatConfigs = new WeakMap<Run, Record<string, Json>>();
export function flatConfig(run: Run): Record<string, Json> {
  let flat = flatConfigs.get(run);
  if (!flat) flatConfigs.set(run, (flat = flatten(run.config)));
  return flat;
}

export function columnsOf(runs: Run[]): Column[] {
  const config = new Set<string>();
  const summary = new Set<string>();
  for (const run of runs) {
    for (const k of Object.keys(flatConfig(run))) config.add(k);
    for (const k of Object.keys(run.summary)) if (!k.startsWith('_')) summary.add(k);
  }
  const numeric = (value: (run: Run) => Json | undefined): boolean => {
    let any = false;
    for (const run of runs) {
      const v = value(run);
      if (v === undefined || v === null) continue;
      if (typeof v !== 'number') return false;
      any = true;
    }
    return any;
  };
  const column = (source: 'config' | 'summary', key: string, value: (run: Run) => Json | undefined): Column => ({
    id: `${source}.${key}`, label: config.has(key) && summary.has(key) ? `${source}.${key}` : key, value, width: 120, numeric: numeric(value),
  });
  return [
    ...FIELDS.map((f) => ({ ...f, numeric: f.numeric ?? false })),
    ...[...config].sort().map((k) => column('config', k, (r) => flatConfig(r)[k])),
    ...[...summary].sort().map((k) => column('summary', k, (r) => r.summary[k])),
  ];
}

/**
 * What shows before the user picks: name, state, created, runtime, sweep, the sweeps' metrics, then
 * up to 8 config and 8 summary columns.
 */
export function defaultColumns(columns: Column[], sweepMetrics: string[] = []): string[] {
  const ids = new Set(columns.map((c) => c.id));
  const metrics = sweepMetrics.map((m) => `summary.${m}`).filter((id) => ids.has(id));
  const pick = (prefix: string): string[] => columns.filter((c) => c.id.startsWith(prefix) && !metrics.includes(c.id)).slice(0, 8).map((c) => c.id);
  return [...new Set(['name', 'state', 'createdAt', 'runtime', 'sweep', ...metrics, ...pick('config.'), ...pick('summary.')])];
}

export interface Sort {
  column: string;
  descending: boolean;
}

/** Sorted by one column; runs lacking a value go last either way, ties keep creation order. */
export function sortRuns(runs: Run[], column: Column | undefined, descending: boolean): Run[] {
  if (!column) return runs;
  const keyed = runs.map((run, index) => ({ run, index, value: column.value(run) }));
  keyed.sort((a, b) => {
    const missingA = a.value === undefined || a.value === null || a.value === '';
    const missingB = b.value === undefined || b.value === null || b.value === '';
    if (missingA || missingB) return missingA === missingB ? a.index - b.index : missingA ? 1 : -1;
    const c = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value), undefined, { numeric: true });
    return (descending ? -c : c) || a.index - b.index;
  });
  return keyed.map((k) => k.run);
}
