// The local backend: N agent processes on this machine, each in its own process group so that the
// terminal's Ctrl-C reaches launch, which decides what the agents get.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { agentArgv, keyEnvironment, type AgentPlan, type Fleet, type OnLine } from './fleet.ts';

/** `gpus`: GPU ids; agent k gets CUDA_VISIBLE_DEVICES = gpus[k mod n]. */
export function startLocal(plan: AgentPlan, gpus: string[], onLine: OnLine): Fleet {
  const children = Array.from({ length: plan.jobs }, (_, k) => {
    const [command, ...args] = agentArgv(plan);
    const env: NodeJS.ProcessEnv = { ...process.env, ...keyEnvironment({ ...plan, keyFile: undefined }), ...(gpus.length > 0 ? { CUDA_VISIBLE_DEVICES: gpus[k % gpus.length] } : {}) };
    delete env.SEXTANT_API_KEY_FILE;
    const child = spawn(command, args, { env, cwd: plan.workDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (line) => onLine(k + 1, line));
    return child;
  });
  const ended = Promise.all(children.map((child) => new Promise<number>((resolve) => {
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  })));
  return {
    size: children.length,
    followsOutput: true,
    drain: () => children.forEach((c) => c.kill('SIGINT')),
    cancel: () => children.forEach((c) => c.kill('SIGTERM')),
    ended: ended.then((codes) => codes.every((c) => c === 0)),
  };
}
