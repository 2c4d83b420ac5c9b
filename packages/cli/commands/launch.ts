// `sextant launch sweep.yaml --jobs N`: creates the sweep (or joins one with --sweep), runs N
// agents on this machine at once and shows live progress. Ctrl-C once lets the running runs
// finish; twice stops them.
import { Command } from 'commander';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { positiveInt, positiveNumber } from './numbers.ts';
import { createSweep } from './sweep-control.ts';
import { addServerOptions, serverFrom, type Server, type ServerOptions } from './connection.ts';
import { readProgress, sweepTarget } from './launch-progress.ts';
import { plainView, progressLine, terminalView, type ViewHeader } from './launch-view.ts';
import { formatOutcome, launchOutcome } from './launch-outcome.ts';

interface LaunchOptions extends ServerOptions {
  sweep?: string;
  project?: string;
  entity?: string;
  name?: string;
  jobs: number;
  count?: number;
  gpus?: string;
  poll: number;
  logDir?: string;
  metricsFromStdout?: boolean;
  plain?: boolean;
}

export function launchCommand(): Command {
  return addServerOptions(new Command('launch'))
    .description('Create a sweep from a config (or use --sweep ID) and run N agents for it in parallel on this machine, with live progress.')
    .argument('[file]', 'the sweep config (W&B format) to create the sweep from')
    .option('--sweep <id>', 'run agents for an existing sweep instead: ID, PROJECT/ID or ENTITY/PROJECT/ID')
    .option('-p, --project <project>', 'project of a new sweep (default: the config\'s project, else "uncategorized")')
    .option('-e, --entity <entity>', 'entity of a new sweep (default: yours)')
    .option('--name <name>', 'display name of a new sweep')
    .option('-j, --jobs <n>', 'how many agents to run at once', positiveInt, 2)
    .option('--count <n>', 'runs per agent (default: until the sweep ends)', positiveInt)
    .option('--gpus <list>', 'GPU ids to spread the agents over, e.g. 0,1: agent k gets CUDA_VISIBLE_DEVICES = list[k mod n]')
    .option('--poll <seconds>', 'seconds between each agent\'s heartbeats', positiveNumber, 5)
    .option('--log-dir <dir>', 'where each run\'s output is written as RUN_ID.log (default: sextant-data/logs/SWEEP_ID)')
    .option('--metrics-from-stdout', 'log `name=value` / JSON stdout lines of programs without wandb (see sextant agent --help)')
    .option('--plain', 'print plain lines even on a terminal')
    .addHelpText('after', `
On a terminal the view is redrawn in place: runs by state, the best value of the sweep's metric
with its parameters, and the agents' latest output. Piped or with --plain, every agent line is
printed with its agent number and a progress line whenever progress changes.

Ctrl-C once: no new runs start and the running ones finish. Ctrl-C again: they are stopped
(SIGTERM, then SIGKILL).

Examples:
  $ sextant launch sweep.yaml --jobs 4 --project mnist
  $ sextant launch --sweep admin/mnist/4vcna8xj --jobs 4 --gpus 0,1`)
    .action(async (file: string | undefined, options: LaunchOptions, command: Command) => {
      if (!file === !options.sweep) {
        process.stderr.write('sextant: give a sweep config file or --sweep ID (not both)\n\n');
        return command.help({ error: true });
      }
      process.exitCode = await launch(file, options);
    });
}

async function launch(file: string | undefined, options: LaunchOptions): Promise<number> {
  const server = serverFrom(options);
  let path = options.sweep;
  if (file) {
    if (!existsSync(file)) {
      process.stderr.write(`sextant: ${file}: no such file (to use an existing sweep: --sweep ID)\n`);
      return 2;
    }
    path = await createSweep(file, options);
    if (!path) return 1;
  }
  const target = await sweepTarget(server, path!, options);
  const logDir = resolve(options.logDir ?? join('sextant-data', 'logs', target.id));
  const metric = target.config.metric;
  const header: ViewHeader = { sweep: `${target.entity}/${target.project}/${target.id}`, url: `${server.url}/${target.entity}/${target.project}/sweeps/${target.id}`, logDir, metric };
  const live = process.stdout.isTTY && !options.plain;
  const view = live ? terminalView(header) : plainView(header);
  const runIds = new Set<string>();
  // A relative `program:` or command path means the sweep file's folder, as for `wandb agent` started there.
  const workDir = file ? dirname(resolve(file)) : process.cwd();
  const agents = startAgents(server, header.sweep, logDir, workDir, options, (agent, line) => {
    const started = /^run (\S+): /.exec(line);
    if (started) runIds.add(started[1]);
    view.line(agent, line);
  });

  let interrupts = 0;
  const interrupt = (): void => {
    interrupts++;
    view.message(interrupts === 1 ? 'Ctrl-C: no new runs; the running ones finish (Ctrl-C again stops them)' : 'Ctrl-C again: stopping the running runs');
    for (const agent of agents) agent.kill(interrupts === 1 ? 'SIGINT' : 'SIGTERM');
  };
  process.on('SIGINT', interrupt);
  process.once('SIGTERM', () => agents.forEach((agent) => agent.kill('SIGTERM')));

  const refresh = async (): Promise<void> => {
    const progress = await readProgress(server, target);
    if (progress) view.progress(progress);
  };
  const timer = setInterval(() => void refresh(), live ? 1000 : 3000);
  void refresh();
  const codes = await Promise.all(agents.map((a) => new Promise<number>((resolveCode) => a.on('close', (code) => resolveCode(code ?? 1)))));
  clearInterval(timer);
  const final = await readProgress(server, target);
  if (final) view.progress(final);
  view.close();
  process.off('SIGINT', interrupt);
  // The terminal view's block is redrawn in place; leave the outcome as a plain line under it.
  process.stdout.write(`${live && final ? `${progressLine(header, final)}\n` : ''}all ${agents.length} agents ended\n`);
  const outcome = await launchOutcome(server, target, runIds, logDir);
  if (outcome && outcome.failed.length > 0) {
    process.stderr.write(`${formatOutcome(outcome)}\n`);
    return 1;
  }
  // Agents that came late to a sweep that completed are no failure.
  return final?.state === 'FINISHED' || codes.every((c) => c === 0) ? 0 : 1;
}

/** The agents, each in its own process group: the terminal's Ctrl-C reaches launch, which decides. */
function startAgents(server: Server, sweep: string, logDir: string, workDir: string, options: LaunchOptions, onLine: (agent: number, line: string) => void): ChildProcess[] {
  const gpus = options.gpus?.split(',').map((g) => g.trim()).filter(Boolean) ?? [];
  const main = join(import.meta.dirname, '..', 'main.ts');
  return Array.from({ length: options.jobs }, (_, k) => {
    const args = [main, 'agent', sweep, '--poll', String(options.poll), '--log-dir', logDir];
    if (options.count !== undefined) args.push('--count', String(options.count));
    if (options.metricsFromStdout) args.push('--metrics-from-stdout');
    // The key goes by environment, never on the command line, where `ps` shows it to every local user.
    const env: NodeJS.ProcessEnv = { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: server.key, ...(gpus.length > 0 ? { CUDA_VISIBLE_DEVICES: gpus[k % gpus.length] } : {}) };
    delete env.SEXTANT_API_KEY_FILE;
    const child = spawn(process.execPath, args, { env, cwd: workDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (line) => onLine(k + 1, line));
    return child;
  });
}
