// The Ray backend: a Python driver (ray-driver.py) on this machine runs the agents as actors on an
// existing Ray cluster, one per slot of --cpus-per-agent CPUs and --gpus-per-agent GPUs. The key
// reaches the driver on its standard input and the agents as a call argument, never argv.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { agentArgv, keyEnvironment, type AgentPlan, type Fleet, type OnLine } from './fleet.ts';
import type { LaunchSettings } from './settings.ts';

export type RaySettings = Pick<LaunchSettings, 'rayAddress' | 'python' | 'gpusPerAgent' | 'cpusPerAgent'>;

export const RAY_DRIVER = join(import.meta.dirname, 'ray-driver.py');

/** What the driver reads from its standard input. */
export function driverSpec(plan: AgentPlan, settings: RaySettings): Record<string, unknown> {
  return {
    address: settings.rayAddress ?? process.env.RAY_ADDRESS ?? 'auto',
    jobs: plan.jobs,
    cpus: settings.cpusPerAgent ?? 1,
    gpus: settings.gpusPerAgent ?? 0,
    argv: agentArgv(plan),
    env: keyEnvironment({ ...plan, keyFile: undefined }),
    cwd: plan.workDir,
  };
}

/** Ray prefixes what an actor prints with "(Agent pid=…, ip=…) ". */
const FORWARDED = /^(?:\x1b\[[\d;]*m)*\(Agent pid=\d+(?:, ip=[^)]*)?\)(?:\x1b\[[\d;]*m)* \[agent (\d+)\] (.*)$/;

export function startRay(plan: AgentPlan, settings: RaySettings, onLine: OnLine, say: (text: string) => void): Fleet {
  // Every agent's lines, not "[repeated 3x across cluster]".
  const env = { ...process.env, RAY_DEDUP_LOGS: '0', PYTHONUNBUFFERED: '1' };
  const driver = spawn(settings.python ?? 'python3', [RAY_DRIVER], { env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  driver.stdin!.on('error', () => undefined);
  driver.stdin!.end(`${JSON.stringify(driverSpec(plan, settings))}\n`);
  // Ray's own lines are shown only when the driver fails (e.g. no cluster at that address).
  const rayLines: string[] = [];
  for (const stream of [driver.stdout!, driver.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      const agent = FORWARDED.exec(line);
      if (agent) onLine(Number(agent[1]), agent[2]);
      else if (line.startsWith('sextant-ray: ')) say(line.replace(/^sextant-ray: /, 'ray: '));
      else rayLines.push(line);
    });
  }
  const ended = new Promise<boolean>((resolve) => {
    driver.on('error', (error) => {
      say(`ray: cannot start ${settings.python ?? 'python3'}: ${error.message}`);
      resolve(false);
    });
    driver.on('close', (code) => {
      if (code !== 0) say(`ray: the driver exited with ${code}:\n${rayLines.slice(-12).join('\n')}`);
      resolve(code === 0);
    });
  });
  return {
    size: plan.jobs,
    note: `Ray cluster ${driverSpec(plan, settings).address}: ${plan.jobs} agent actors, ${settings.cpusPerAgent ?? 1} CPU and ${settings.gpusPerAgent ?? 0} GPU each`,
    followsOutput: true,
    drain: () => driver.kill('SIGINT'),
    cancel: () => driver.kill('SIGTERM'),
    ended,
  };
}
