// A sweep's runs table shows what a sweep is about: each swept parameter, the sweep's metric
// first among the summaries, then the other metrics.
import type { Column } from '../runs/columns.ts';
import type { Sweep } from '../api.ts';

const OTHER_METRICS = 4;

export function sweepColumns(columns: Column[], sweep: Pick<Sweep, 'parameters' | 'metric'>): Column[] {
  const byId = new Map(columns.map((c) => [c.id, c]));
  const params = [...new Set(sweep.parameters.map((p) => `config.${p.path.join('.')}`))];
  const metric = sweep.metric ? `summary.${sweep.metric.name}` : undefined;
  const others = columns.filter((c) => c.id.startsWith('summary.') && c.id !== metric).slice(0, OTHER_METRICS).map((c) => c.id);
  const ids = ['name', 'state', 'createdAt', ...params, ...(metric ? [metric] : []), ...others];
  return ids.flatMap((id) => byId.get(id) ?? []);
}
