// What `sextant launch` hands to a backend (the agents to start and where) and what it gets back
// (a fleet it can drain, cancel and wait for). Progress is read from the server, the same for every
// backend, so a backend only starts, signals and watches its agents.
import { join } from 'node:path';
import type { Server } from '../commands/connection.ts';

export interface AgentPlan {
  server: Server;
  /** ENTITY/PROJECT/ID */
  sweep: string;
  sweepId: string;
  /** How many agents. */
  jobs: number;
  count?: number;
  poll: number;
  logDir: string;
  /** Where agents start: a relative `program:` is found there. */
  workDir: string;
  metricsFromStdout?: boolean;
  /** Run `wandb agent` instead of `sextant agent`. */
  wandbAgent?: boolean;
  /** The sextant command on the agents' machines, as words (default: this Node and this checkout's main.ts). */
  agentCommand?: string[];
  /** A key file the agents read instead of getting the key by environment (shared storage). */
  keyFile?: string;
}

export interface Fleet {
  /** How many agents (processes, Slurm array tasks, Ray actors, pods). */
  readonly size: number;
  /** Where the agents are (a job ID, a cluster), for launch to show. */
  readonly note?: string;
  /** False when the agents' output does not reach launch (then the outcome covers all the sweep's runs). */
  readonly followsOutput: boolean;
  /** Ctrl-C once: no new runs; the running ones finish. */
  drain(): void;
  /** Ctrl-C twice: the running runs are stopped. */
  cancel(): void;
  /** Resolves once every agent has ended: true when all of them ended well. */
  readonly ended: Promise<boolean>;
}

/** A line an agent (1-based) printed. */
export type OnLine = (agent: number, line: string) => void;

export const LOCAL_MAIN = join(import.meta.dirname, '..', 'main.ts');

/** The words that start one agent: `sextant agent SWEEP …` (or `wandb agent SWEEP [--count N]`). */
export function agentArgv(plan: AgentPlan): string[] {
  if (plan.wandbAgent) return ['wandb', 'agent', ...(plan.count !== undefined ? ['--count', String(plan.count)] : []), plan.sweep];
  const args = [...(plan.agentCommand ?? [process.execPath, LOCAL_MAIN]), 'agent', plan.sweep, '--poll', String(plan.poll), '--log-dir', plan.logDir];
  if (plan.count !== undefined) args.push('--count', String(plan.count));
  if (plan.metricsFromStdout) args.push('--metrics-from-stdout');
  return args;
}

/**
 * The environment that gives agents the server and key: never the command line, where `ps` shows
 * it to every local user. With a key file (on storage the agents share) only its path travels.
 */
export function keyEnvironment(plan: AgentPlan): Record<string, string> {
  return plan.keyFile && !plan.wandbAgent
    ? { WANDB_BASE_URL: plan.server.url, SEXTANT_API_KEY_FILE: plan.keyFile }
    : { WANDB_BASE_URL: plan.server.url, WANDB_API_KEY: plan.server.key };
}
