// The controller reads a sweep's runs on every heartbeat of an idle agent. Parsing every run each
// time grows with the sweep; instead the parsed runs are kept per sweep and refreshed with the runs
// changed since the last read. Change times are the database's clock; the window reaches back
// REREAD_MS before the newest change seen, so writes committed a little late are still picked up.
// The runs handed out, which grid and run_cap count on, are checked against the sweep's count:
// a view missing one (a commit later than the window) is read again in full.
import type { Run, Store, SweepKey } from '../store/store.ts';

const REREAD_MS = 3000;
/** A sweep not read for this long is forgotten. */
const IDLE_MS = 10 * 60_000;

interface Entry {
  runs: Map<string, Run>;
  newest: number;
  readAt: number;
}

const caches = new WeakMap<Store, Map<string, Entry>>();

/**
 * The sweep's runs in creation order, as Store.sweepRuns gives them, with at least the `assigned`
 * runs the controller handed out (Sweep.runCount, read before).
 */
export async function sweepRuns(store: Store, key: SweepKey, assigned = 0): Promise<Run[]> {
  const id = `${key.entity}/${key.project}/${key.name}`;
  const now = Date.now();
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  for (const [other, entry] of cache) if (now - entry.readAt > IDLE_MS) cache.delete(other);
  let entry = cache.get(id);
  if (entry) {
    const changed = await store.sweepRunsChangedSince(key, new Date(entry.newest - REREAD_MS).toISOString());
    for (const run of changed) entry.runs.set(run.name, run);
    entry.newest = Math.max(entry.newest, newestChange(changed));
    entry.readAt = now;
  }
  if (!entry || handedOut(entry.runs) < assigned) {
    const runs = await store.sweepRuns(key);
    entry = { runs: new Map(runs.map((run) => [run.name, run])), newest: newestChange(runs), readAt: now };
    cache.set(id, entry);
  }
  return [...entry.runs.values()].sort((a, b) => (a.createdAt === b.createdAt ? (a.name < b.name ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
}

/** Runs made by assignment: only they have an agent. */
function handedOut(runs: Map<string, Run>): number {
  let count = 0;
  for (const run of runs.values()) if (run.agentId !== null) count++;
  return count;
}

function newestChange(runs: Run[]): number {
  return runs.reduce((newest, run) => Math.max(newest, Date.parse(run.updatedAt)), 0);
}
