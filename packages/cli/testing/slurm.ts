// A throwaway one-node Slurm cluster (scripts/slurm.sh) for end-to-end tests of the Slurm backend.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, '..', '..', '..', 'scripts', 'slurm.sh');

export interface SlurmCluster {
  /** SLURM_CONF for sbatch, squeue and scancel. */
  conf: string;
  stop(): void;
}

/** Starts munged, slurmctld and slurmd in a temp folder; waits until the node takes jobs. */
export async function startSlurm(): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-slurm-'));
  const conf = execFileSync('sh', [SCRIPT, 'start', dir], { encoding: 'utf8' }).trim();
  const stop = (): void => void execFileSync('sh', [SCRIPT, 'stop', dir]);
  const until = Date.now() + 30_000;
  for (;;) {
    let state = '';
    try {
      state = execFileSync('sinfo', ['--noheader', '--format=%T'], { encoding: 'utf8', env: { ...process.env, SLURM_CONF: conf }, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      // slurmctld is still starting
    }
    if (state === 'idle') return { conf, stop };
    if (Date.now() > until) {
      stop();
      throw new Error(`the test Slurm node did not become idle (state ${state || 'unknown'}); logs in ${dir}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
