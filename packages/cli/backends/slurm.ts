// The Slurm backend: one job array (`sbatch --array=0-N-1`) whose tasks each run an agent. The key
// reaches the tasks by sbatch's exported environment (or as the path of a key file on shared
// storage), never in the script or on a command line. Ctrl-C once cancels the pending tasks and
// sends SIGINT to the running agents (they drain); twice, scancel ends the tasks.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { agentArgv, keyEnvironment, type AgentPlan, type Fleet, type OnLine } from './fleet.ts';
import { followFiles } from './output-files.ts';
import type { LaunchSettings } from './settings.ts';
import { jobName, parseTasks, shellQuote } from './slurm-jobs.ts';
import { run } from './run-command.ts';

export type SlurmSettings = Pick<LaunchSettings, 'partition' | 'time' | 'memory' | 'gpusPerAgent' | 'cpusPerAgent' | 'sbatch'>;

/** The batch script: #SBATCH options, then the agent in place of the shell (so signals reach it). */
export function slurmScript(plan: AgentPlan, settings: SlurmSettings): string {
  const options = [
    `--job-name=${jobName(plan.sweepId)}`,
    `--array=0-${plan.jobs - 1}`,
    `--output=${join(plan.logDir, 'slurm-%A_%a.out')}`,
    `--chdir=${plan.workDir}`,
    '--ntasks=1',
    ...(settings.partition ? [`--partition=${settings.partition}`] : []),
    ...(settings.time ? [`--time=${settings.time}`] : []),
    ...(settings.memory ? [`--mem=${settings.memory}`] : []),
    ...(settings.gpusPerAgent ? [`--gres=gpu:${settings.gpusPerAgent}`] : []),
    ...(settings.cpusPerAgent ? [`--cpus-per-task=${settings.cpusPerAgent}`] : []),
    ...settings.sbatch.map((line) => line.replace(/^#SBATCH\s+/, '')),
  ];
  return ['#!/bin/sh', ...options.map((o) => `#SBATCH ${o}`), '', `exec ${agentArgv(plan).map(shellQuote).join(' ')}`, ''].join('\n');
}

/** Terminal states of a Slurm job; only COMPLETED is a good end. */
const ENDED = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE']);

export async function submitSlurm(plan: AgentPlan, settings: SlurmSettings, onLine: OnLine): Promise<Fleet> {
  mkdirSync(plan.logDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, ...keyEnvironment(plan) };
  if (env.SEXTANT_API_KEY_FILE) delete env.WANDB_API_KEY;
  const submitted = await run('sbatch', ['--parsable'], { env, input: slurmScript(plan, settings) });
  const jobId = submitted.trim().split(';')[0];
  const follower = followFiles(Array.from({ length: plan.jobs }, (_, k) => join(plan.logDir, `slurm-${jobId}_${k}.out`)), onLine);
  // Tasks that Ctrl-C took out of the queue ended as asked.
  let draining = false;
  const ended = new Promise<boolean>((resolve) => {
    const watch = async (): Promise<void> => {
      // With --array every task is a line of its own; ended tasks stay listed for MinJobAge (300 s by default).
      const listed = await run('squeue', [`--jobs=${jobId}`, '--array', '--states=all', '--noheader', '--format=%i|%T']).catch(() => undefined);
      if (listed !== undefined) {
        const states = parseTasks(listed).map((task) => task.state);
        if (states.every((s) => ENDED.has(s))) {
          follower.stop();
          return resolve(states.every((s) => s === 'COMPLETED' || (draining && s === 'CANCELLED')));
        }
      }
      setTimeout(() => void watch(), 1000);
    };
    void watch();
  });
  const scancel = (args: string[]): void => void execFile('scancel', [...args, jobId], () => undefined);
  return {
    size: plan.jobs,
    note: `Slurm job array ${jobId} (${plan.jobs} tasks); agents' output: ${join(plan.logDir, `slurm-${jobId}_K.out`)}`,
    followsOutput: true,
    drain: () => {
      draining = true;
      scancel(['--state=PENDING']);
      scancel(['--batch', '--signal=INT']);
    },
    cancel: () => scancel([]),
    ended,
  };
}
