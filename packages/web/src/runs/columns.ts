// The runs table's columns: a few run fields, then every config key and every summary metric the
// runs have (keys starting with "_" are W&B's own and left out).
import type { Json, Run } from '../api.ts';

export interface Column {
  id: string;
  label: string;
  value: (run: Run) => Json | undefined;
  width: number;
}

const FIELDS: Column[] = [
  { id: 'name', label: 'Name', value: (r) => r.name, width: 200 },
  { id: 'state', label: 'State', value: (r) => r.state, width: 96 },
  { id: 'createdAt', label: 'Created', value: (r) => r.createdAt, width: 184 },
  { id: 'sweep', label: 'Sweep', value: (r) => r.sweep, width: 96 },
  { id: 'host', label: 'Host', value: (r) => r.host, width: 120 },
  { id: 'tags', label: 'Tags', value: (r) => r.tags.join(', '), width: 140 },
];

export function columnsOf(runs: Run[]): Column[] {
  const config = new Set<string>();
  const summary = new Set<string>();
  for (const run of runs) {
    for (const k of Object.keys(run.config)) config.add(k);
    for (const k of Object.keys(run.summary)) if (!k.startsWith('_')) summary.add(k);
  }
  return [
    ...FIELDS,
    ...[...config].sort().map((k): Column => ({ id: `config.${k}`, label: k, value: (r) => r.config[k], width: 120 })),
    ...[...summary].sort().map((k): Column => ({ id: `summary.${k}`, label: k, value: (r) => r.summary[k], width: 120 })),
  ];
}

/** What shows before the user picks: name, state, created, sweep, and up to 8 config and 8 summary columns. */
export function defaultColumns(columns: Column[]): string[] {
  const pick = (prefix: string): string[] => columns.filter((c) => c.id.startsWith(prefix)).slice(0, 8).map((c) => c.id);
  return ['name', 'state', 'createdAt', 'sweep', ...pick('config.'), ...pick('summary.')];
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
