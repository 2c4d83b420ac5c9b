// What `sextant launch` and `sextant best` show about a sweep: its runs by state, how many there will be, and the
// best run so far with its parameters, read from the server's native API.
import { expectedRunCount, loadSweepConfig, type Json, type SweepConfig } from '@sextant/sweeps';
import { call, routes } from '@sextant/client';
import { graphql, orExit, type Server } from './connection.ts';
import { locateSweep, type SweepDefaults } from './sweep-path.ts';

export interface SweepTarget {
  entity: string;
  project: string;
  id: string;
  config: SweepConfig;
}

export interface BestRun {
  id: string;
  name: string;
  value: number;
  params: string;
  config: Record<string, Json>;
}

export interface Progress {
  state: string;
  /** Runs by server state (pending, running, finished, failed, crashed, killed). */
  counts: Record<string, number>;
  total: number;
  /** Grid size or run_cap, when the sweep has an end. */
  planned?: number;
  agents: { live: number; dead: number };
  best?: BestRun;
}

export interface ApiRun {
  id: string;
  name: string;
  state: string;
  config: Record<string, Json>;
  summary: Record<string, Json>;
}

/** Where the sweep lives and its config; a sweep that does not exist ends the command here. */
export async function sweepTarget(server: Server, sweep: string, options: SweepDefaults = {}): Promise<SweepTarget> {
  const path = await orExit(locateSweep(server, sweep, options));
  const data = await graphql<{ viewer: { entity: string }; project: { sweep: { config: string } | null } | null }>(server,
    'query($e: String, $p: String, $s: String!) { viewer { entity } project(name: $p, entityName: $e) { sweep(sweepName: $s) { config } } }',
    { e: path.entity, p: path.project, s: path.id });
  const config = data.project?.sweep && loadSweepConfig(data.project.sweep.config).config;
  if (!config) {
    process.stderr.write(`sextant: sweep ${sweep} not found\n`);
    process.exit(1);
  }
  return { entity: path.entity ?? data.viewer.entity, project: path.project, id: path.id, config };
}

/** The sweep's runs (every state), from the native API. */
export async function sweepRuns(server: Server, target: SweepTarget): Promise<ApiRun[]> {
  const query = { filter: JSON.stringify({ sweep: target.id }), limit: 10_000 };
  return (await call(server, routes.listRuns, { params: { entity: target.entity, project: target.project }, query })).runs;
}

/** The sweep's progress, or undefined when the server cannot be asked right now. */
export async function readProgress(server: Server, target: SweepTarget): Promise<Progress | undefined> {
  try {
    const [runs, { sweeps }] = await Promise.all([
      sweepRuns(server, target),
      call(server, routes.listSweeps, { query: { entity: target.entity } }),
    ]);
    const sweep = sweeps.find((s) => s.id === target.id && s.project === target.project);
    const counts: Record<string, number> = {};
    for (const run of runs) counts[run.state] = (counts[run.state] ?? 0) + 1;
    const agents = sweep?.agents ?? [];
    return {
      state: sweep?.state ?? 'UNKNOWN', counts, total: runs.length, planned: expectedRunCount(target.config),
      agents: { live: agents.filter((a) => a.state === 'RUNNING').length, dead: agents.filter((a) => a.state === 'DEAD').length },
      best: bestRun(target.config, runs),
    };
  } catch {
    return undefined;
  }
}

/** The run with the best summary value of the sweep's metric, and its swept parameters as `a=1 b=x`. */
export function bestRun(config: SweepConfig, runs: ApiRun[]): BestRun | undefined {
  const metric = config.metric;
  if (!metric) return undefined;
  const sign = metric.goal === 'maximize' ? -1 : 1;
  let best: ApiRun | undefined;
  for (const run of runs) {
    const value = run.summary[metric.name];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (!best || sign * value < sign * (best.summary[metric.name] as number)) best = run;
  }
  if (!best) return undefined;
  const names = [...new Set(config.params.filter((p) => p.type !== 'constant').map((p) => p.path[0]))];
  const params = names.filter((n) => n in best.config).map((n) => `${n}=${formatValue(best.config[n])}`).join(' ');
  return { id: best.id, name: best.name, value: best.summary[metric.name] as number, params, config: best.config };
}

export function formatValue(value: Json): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** "3 running, 5 finished, 1 failed" in a fixed order, states with no runs left out. */
export function formatCounts(counts: Record<string, number>): string {
  const order = ['pending', 'running', 'finished', 'failed', 'crashed', 'killed'];
  const states = [...order.filter((s) => counts[s]), ...Object.keys(counts).filter((s) => !order.includes(s))];
  return states.map((s) => `${counts[s]} ${s === 'killed' ? 'stopped' : s}`).join(', ') || 'none yet';
}
