// `sextant launch SWEEP --jobs N`: N agents on this machine at once, their output prefixed, and a
// progress line from the server every few seconds. Ctrl-C stops the agents, which stop their runs.
import { Command } from 'commander';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { positiveInt, positiveNumber } from './numbers.ts';
import { addServerOptions, type ServerOptions } from './sweep-control.ts';
import { graphql, serverFrom, type Server } from './connection.ts';
import { loadSweepConfig, type MetricSpec } from '@sextant/sweeps';

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
  const target = await sweepTarget(server, sweep);
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
  const timer = setInterval(() => void progress(server, target).then((line) => line && process.stdout.write(`${line}\n`)), 3000);
  const codes = await Promise.all(agents.map((a) => new Promise<number>((resolve) => a.on('close', (code) => resolve(code ?? 1)))));
  clearInterval(timer);
  process.stdout.write(`${(await progress(server, target)) ?? ''}\nall ${agents.length} agents ended\n`);
  return codes.every((c) => c === 0) ? 0 : 1;
}

interface Target {
  entity: string;
  project: string;
  id: string;
  metric?: MetricSpec;
}

/** Where the sweep lives and what it optimizes; a sweep that does not exist ends the command here. */
async function sweepTarget(server: Server, sweep: string): Promise<Target> {
  const parts = sweep.split('/');
  const id = parts[parts.length - 1];
  const project = parts.length >= 2 ? parts[parts.length - 2] : (process.env.WANDB_PROJECT ?? 'uncategorized');
  const data = await graphql<{ viewer: { entity: string }; project: { sweep: { config: string } | null } | null }>(server,
    'query($e: String, $p: String, $s: String!) { viewer { entity } project(name: $p, entityName: $e) { sweep(sweepName: $s) { config } } }',
    { e: parts.length === 3 ? parts[0] : null, p: project, s: id });
  if (!data.project?.sweep) {
    process.stderr.write(`sextant: sweep ${sweep} not found\n`);
    process.exit(1);
  }
  return { entity: parts.length === 3 ? parts[0] : data.viewer.entity, project, id, metric: loadSweepConfig(data.project.sweep.config).config?.metric };
}

/** "sweep ID | 5 runs: 3 finished, 1 running, 1 failed | best loss 0.12", from the native API. */
async function progress(server: Server, target: Target): Promise<string | undefined> {
  const headers = { authorization: `Bearer ${server.key}` };
  try {
    const filter = encodeURIComponent(JSON.stringify({ sweep: target.id }));
    const response = await fetch(`${server.url}/api/v1/runs/${target.entity}/${target.project}?filter=${filter}&limit=10000`, { headers });
    const { runs } = (await response.json()) as { runs: Array<{ state: string; summary: Record<string, unknown> }> };
    const counts = new Map<string, number>();
    for (const run of runs) counts.set(run.state, (counts.get(run.state) ?? 0) + 1);
    let line = `sweep ${target.id} | ${runs.length} runs: ${[...counts].map(([state, n]) => `${n} ${state}`).join(', ') || 'none yet'}`;
    const metric = target.metric;
    if (metric) {
      const values = runs.map((r) => r.summary[metric.name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (values.length > 0) line += ` | best ${metric.name} ${metric.goal === 'maximize' ? Math.max(...values) : Math.min(...values)}`;
    }
    return line;
  } catch {
    return undefined;
  }
}
