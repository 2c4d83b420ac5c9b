// Silence ends runs and agents: a run (in a sweep or not) with no file_stream request for
// `crashAfterMs` is crashed; an agent with no heartbeat for `agentTimeoutMs` is DEAD and its runs
// are crashed. The server checks every `checkEveryMs`. A sweep whose last run so ended may be used up.
import type { Store } from '../store/store.ts';
import { finishSweepsOf } from './completion.ts';

export interface Timeouts {
  crashAfterMs: number;
  agentTimeoutMs: number;
}

/** Often enough that neither timeout is overrun by much, and at least every 30 s. */
export function checkEveryMs(timeouts: Timeouts): number {
  return Math.min(timeouts.crashAfterMs, timeouts.agentTimeoutMs / 2, 30_000);
}

/**
 * Crashes the silent runs and buries the silent agents, silence measured by the database's clock
 * (servers sharing a database may each do it: each run and agent ends once); failures go to `onError`.
 */
export function expireSilent(store: Store, timeouts: Timeouts, onError: (error: unknown) => void): void {
  store.crashStaleRuns(timeouts.crashAfterMs).then((ended) => finishSweepsOf(store, ended)).catch(onError);
  store.buryAgents(timeouts.agentTimeoutMs).then((ended) => finishSweepsOf(store, ended)).catch(onError);
}
