// How a `sextant launch` went, for its exit code: the runs its agents started, by state, and for
// each one that failed or crashed the first line of its log that reads like an error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from './connection.ts';
import { formatCounts, sweepRuns, type ApiRun, type SweepTarget } from './launch-progress.ts';

export interface Outcome {
  counts: Record<string, number>;
  failed: Array<{ id: string; state: string; error: string; logFile: string }>;
}

const ERROR_LINE = /^\s*([\w.]*(Error|Exception)\b|error\b|fatal\b)|\berror:/i;

/** The first line that looks like an error (`ValueError: …`, `error: …`), else the last non-empty line. */
export function errorLine(log: string): string | undefined {
  const lines = log.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  return (lines.find((l) => ERROR_LINE.test(l)) ?? lines.at(-1))?.trim();
}

/**
 * The states of the runs `ids` (those this launch's agents started; every run of the sweep when the
 * agents' output did not reach launch); undefined when the server cannot be asked.
 */
export async function launchOutcome(server: Server, target: SweepTarget, ids: Set<string> | undefined, logDir: string): Promise<Outcome | undefined> {
  let runs: ApiRun[];
  try {
    runs = await sweepRuns(server, target);
  } catch {
    return undefined;
  }
  const counts: Record<string, number> = {};
  const failed: Outcome['failed'] = [];
  for (const run of runs.filter((r) => !ids || ids.has(r.id))) {
    counts[run.state] = (counts[run.state] ?? 0) + 1;
    if (run.state !== 'failed' && run.state !== 'crashed') continue;
    const logFile = join(logDir, `${run.id}.log`);
    let log = '';
    try {
      log = readFileSync(logFile, 'utf8');
    } catch {
      // A run that crashed before it printed anything has no log.
    }
    failed.push({ id: run.id, state: run.state, error: errorLine(log) ?? '(no output)', logFile });
  }
  return { counts, failed };
}

export function formatOutcome(outcome: Outcome): string {
  const total = Object.values(outcome.counts).reduce((a, b) => a + b, 0);
  const lines = [`${outcome.failed.length} of ${total} runs failed or crashed (${formatCounts(outcome.counts)}):`];
  for (const run of outcome.failed) lines.push(`  run ${run.id} ${run.state}: ${run.error}  (log: ${run.logFile})`);
  return lines.join('\n');
}
