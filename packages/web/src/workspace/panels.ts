// The project workspace's panels: one per metric, grouped by the key's prefix (`train/loss` under
// train, `val/acc/top1` under val/acc, a key without / under Charts), narrowed by a search.
export interface PanelGroup {
  name: string;
  metrics: string[];
}

export const UNGROUPED = 'Charts';

export function panelGroups(metrics: Iterable<string>, search = ''): PanelGroup[] {
  const needle = search.trim().toLowerCase();
  const groups = new Map<string, string[]>();
  for (const metric of metrics) {
    if (needle && !metric.toLowerCase().includes(needle)) continue;
    const slash = metric.lastIndexOf('/');
    const name = slash > 0 ? metric.slice(0, slash) : UNGROUPED;
    groups.set(name, [...(groups.get(name) ?? []), metric]);
  }
  return [...groups]
    .sort(([a], [b]) => (a === UNGROUPED ? -1 : b === UNGROUPED ? 1 : a.localeCompare(b)))
    .map(([name, list]) => ({ name, metrics: list.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })) }));
}

/**
 * Points asked per run and metric: 300 up to 100 runs, then fewer so that a chart holds about
 * 30,000 points whatever the number charted (1,000 runs draw 30 points each).
 */
export function pointsPerRun(runs: number): number {
  return Math.max(30, Math.min(300, Math.floor(30_000 / Math.max(1, runs))));
}
