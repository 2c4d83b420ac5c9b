// A local Ray cluster (`ray start --head --block` on loopback, ray from PyPI in a cached virtual
// environment) for end-to-end tests of the Ray backend; stopped by its own process group.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureVenv } from '../../../scripts/venv.ts';
import { freePort } from './cli.ts';

/** scripts/test.sh builds the same environment ahead of time. */
const RAY_VERSION = '2.60.0';

export interface RayCluster {
  address: string;
  /** The Python that has ray. */
  python: string;
  stop(): Promise<void>;
}

export async function startRay(cpus: number): Promise<RayCluster> {
  const python = await ensureVenv(`ray-${RAY_VERSION}`, `ray==${RAY_VERSION}`);
  const ray = join(python, '..', 'ray');
  const port = await freePort();
  // Short: Ray's socket paths must fit in 107 bytes.
  const temp = mkdtempSync('/tmp/sxray-');
  const head = spawn(ray, ['start', '--head', '--block', `--port=${port}`, '--node-ip-address=127.0.0.1', `--num-cpus=${cpus}`, '--num-gpus=0',
    '--include-dashboard=false', '--disable-usage-stats', `--temp-dir=${temp}`], { detached: true, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => head.on('exit', () => resolve()));
  const address = `127.0.0.1:${port}`;
  const halt = async (): Promise<void> => {
    try {
      process.kill(-head.pid!, 'SIGTERM');
    } catch {
      return; // already gone
    }
    await exited;
  };
  // Ray's session logs and sockets go with the cluster: tests leave nothing in /tmp.
  const stop = async (): Promise<void> => {
    await halt();
    rmSync(temp, { recursive: true, force: true, maxRetries: 5 });
  };
  const until = Date.now() + 90_000;
  for (;;) {
    try {
      execFileSync(ray, ['status', `--address=${address}`], { stdio: 'ignore' });
      return { address, python, stop };
    } catch {
      if (Date.now() > until) {
        await halt();
        throw new Error(`the test Ray cluster did not start (logs in ${temp})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
