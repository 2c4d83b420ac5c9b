// `sextant launch SWEEP --jobs N`: N agents on this machine at once, their output prefixed, and a
// progress line from the server every few seconds. Ctrl-C stops the agents, which stop their runs.
import { Command } from 'commander';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { positiveInt, positiveNumber } from './numbers.ts';
import { addServerOptions, type ServerOptions } from './sweep-control.ts';
import { serverFrom } from './connection.ts';

interface LaunchOptions extends ServerOptions {
  jobs: number;
  count?: number;
  gpus?: string;
  poll: number;
  metricsFromStdout?: boolean;
}

export function launchCommand(): Command {
  return addServerOptions(new Command('launch'))
    .description('Run N agents for a sweep in parallel on this machine and show live progress.')
    .argument('<sweep>', 'the sweep: ID, PROJECT/ID or ENTITY/PROJECT/ID')
    .option('-j, --jobs <n>', 'how many agents to run at once', positiveInt, 2)
    .option('--count <n>', 'runs per agent (default: until the sweep ends)', positiveInt)
    .option('--gpus <list>', 'GPU ids to spread the agents over, e.g. 0,1: agent k gets CUDA_VISIBLE_DEVICES = list[k mod n]')
    .option('--poll <seconds>', 'seconds between each agent\'s heartbeats', positiveNumber, 5)
    .option('--metrics-from-stdout', 'log `name=value` / JSON stdout lines of programs without wandb (see sextant agent --help)')
    .addHelpText('after', `
Example:
  $ sextant launch admin/mnist/4vcna8xj --jobs 4 --gpus 0,1`)
    .action(async (sweep: string, options: LaunchOptions) => {
      process.exitCode = await launch(sweep, options);
    });
}

async function launch(sweep: string, options: LaunchOptions): Promise<number> {
  const server = serverFrom(options);
  const gpus = options.gpus?.split(',').map((g) => g.trim()).filter(Boolean) ?? [];
  const main = join(import.meta.dirname, '..', 'main.ts');
  const agents: ChildProcess[] = [];
  for (let k = 0; k < options.jobs; k++) {
    const args = [main, 'agent', sweep, '--poll', String(options.poll), '--host', server.url, '--key', server.key];
    if (options.count !== undefined) args.push('--count', String(options.count));
    if (options.metricsFromStdout) args.push('--metrics-from-stdout');
    const env = { ...process.env, ...(gpus.length > 0 ? { CUDA_VISIBLE_DEVICES: gpus[k % gpus.length] } : {}) };
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[agent ${k + 1}] ${line}\n`));
    }
    agents.push(child);
  }
  const stop = (): void => {
    process.stdout.write('stopping the agents (their runs get SIGTERM)\n');
    for (const agent of agents) agent.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const timer = setInterval(() => void progress(server, sweep).then((line) => line && process.stdout.write(`${line}\n`)), 3000);
  const codes = await Promise.all(agents.map((a) => new Promise<number>((resolve) => a.on('close', (code) => resolve(code ?? 1)))));
  clearInterval(timer);
  process.stdout.write(`${(await progress(server, sweep)) ?? ''}\nall ${agents.length} agents ended\n`);
  return codes.every((c) => c === 0) ? 0 : 1;
}

/** "sweep ID: STATE | 5 runs: 3 finished, 1 running, 1 failed", from the native API. */
async function progress(server: { url: string; key: string }, sweep: string): Promise<string | undefined> {
  const parts = sweep.split('/');
  const id = parts[parts.length - 1];
  const project = parts.length >= 2 ? parts[parts.length - 2] : (process.env.WANDB_PROJECT ?? 'uncategorized');
  const headers = { authorization: `Bearer ${server.key}` };
  try {
    const entity = parts.length === 3 ? parts[0] : ((await (await fetch(`${server.url}/api/v1/viewer`, { headers })).json()) as { entity: string }).entity;
    const filter = encodeURIComponent(JSON.stringify({ sweep: id }));
    const { runs } = (await (await fetch(`${server.url}/api/v1/runs/${entity}/${project}?filter=${filter}&limit=10000`, { headers })).json()) as { runs: Array<{ state: string }> };
    const counts = new Map<string, number>();
    for (const run of runs) counts.set(run.state, (counts.get(run.state) ?? 0) + 1);
    return `sweep ${id} | ${runs.length} runs: ${[...counts].map(([state, n]) => `${n} ${state}`).join(', ') || 'none yet'}`;
  } catch {
    return undefined;
  }
}
