// `sextant launch sweep.yaml --jobs N [--backend local|slurm|ray|kubernetes]`: creates the sweep
// (or joins one with --sweep), runs N agents for it (on this machine by default, or on a cluster)
// and shows live progress, read from the server the same way for every backend. Ctrl-C once lets
// the running runs finish; twice stops them.
import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { positiveInt, positiveNumber } from './numbers.ts';
import { createSweep } from './sweep-control.ts';
import { addServerOptions, serverFrom, type Server, type ServerOptions } from './connection.ts';
import { readInput } from './read-file.ts';
import { loadSweepConfig } from '@sextant/sweeps';
import { readProgress, sweepTarget } from './launch-progress.ts';
import { plainView, progressLine, terminalView, type ViewHeader } from './launch-view.ts';
import { formatOutcome, launchOutcome } from './launch-outcome.ts';
import { BACKENDS, mergeSettings, readLaunchSection, splitCommand, type LaunchSettings, type PartialSettings } from '../backends/settings.ts';
import type { AgentPlan, Fleet, OnLine } from '../backends/fleet.ts';
import { startLocal } from '../backends/local.ts';
import { slurmScript, submitSlurm } from '../backends/slurm.ts';
import { startRay } from '../backends/ray.ts';
import { applyKubernetes, kubernetesManifests, manifestList } from '../backends/kubernetes.ts';

/** The flags: the settings' own names, but for --mem and --agent-command (a string to split). */
interface LaunchOptions extends ServerOptions, Omit<PartialSettings, 'memory' | 'agentCommand' | 'sbatch'> {
  sweep?: string;
  project?: string;
  entity?: string;
  name?: string;
  count?: number;
  gpus?: string;
  poll: number;
  logDir?: string;
  metricsFromStdout?: boolean;
  plain?: boolean;
  mem?: string;
  sbatch: string[];
  agentCommand?: string;
  wandbAgent?: boolean;
  dryRun?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function launchCommand(): Command {
  return addServerOptions(new Command('launch'))
    .description('Create a sweep from a config (or use --sweep ID) and run N agents for it in parallel, on this machine or a cluster (Slurm, Ray, Kubernetes), with live progress.')
    .argument('[file]', 'the sweep config (W&B format) to create the sweep from')
    .option('--sweep <id>', 'run agents for an existing sweep instead: ID, PROJECT/ID or ENTITY/PROJECT/ID')
    .option('-p, --project <project>', 'project of a new sweep (default: the config\'s project, else "uncategorized")')
    .option('-e, --entity <entity>', 'entity of a new sweep (default: yours)')
    .option('--name <name>', 'display name of a new sweep')
    .option('-j, --jobs <n>', 'how many agents to run at once (default: 2)', positiveInt)
    .option('--count <n>', 'runs per agent (default: until the sweep ends)', positiveInt)
    .option('--gpus <list>', 'local: GPU ids to spread the agents over, e.g. 0,1: agent k gets CUDA_VISIBLE_DEVICES = list[k mod n]')
    .option('--poll <seconds>', 'seconds between each agent\'s heartbeats', positiveNumber, 5)
    .option('--log-dir <dir>', 'where each run\'s output is written as RUN_ID.log (default: sextant-data/logs/SWEEP_ID)')
    .option('--metrics-from-stdout', 'log `name=value` / JSON stdout lines of programs without wandb (see sextant agent --help)')
    .option('--plain', 'print plain lines even on a terminal')
    .addOption(new Option('--backend <name>', 'where the agents run (default: local, or the config\'s launch.backend)').choices(BACKENDS))
    .option('--gpus-per-agent <n>', 'slurm, ray, kubernetes: GPUs each agent gets', positiveInt)
    .option('--cpus-per-agent <n>', 'slurm, ray, kubernetes: CPUs each agent gets', positiveInt)
    .option('--mem <size>', 'slurm: memory per agent (sbatch --mem, e.g. 16G); kubernetes: a quantity (e.g. 16Gi)')
    .option('--time <limit>', 'slurm: time limit per agent (sbatch --time, e.g. 04:00:00)')
    .option('--partition <name>', 'slurm: the partition')
    .option('--sbatch <option>', 'slurm: one more #SBATCH option, e.g. --account=ml (repeatable)', collect, [])
    .option('--ray-address <address>', 'ray: the cluster (ray.init address, e.g. 10.0.0.5:6379; default: $RAY_ADDRESS)')
    .option('--python <path>', 'ray: the Python that has ray installed (default: python3)')
    .option('--image <image>', 'kubernetes: the container image that has sextant (or wandb) and your program')
    .option('--namespace <name>', 'kubernetes: the namespace (default: kubectl\'s)')
    .option('--secret <name>', 'kubernetes: an existing Secret with the key WANDB_API_KEY (default: launch creates one)')
    .option('--agent-command <command>', 'slurm, ray, kubernetes: the sextant command where agents run (default: this node and main.ts; kubernetes: sextant)')
    .option('--wandb-agent', 'run `wandb agent` instead of `sextant agent`')
    .option('--dry-run', 'slurm, kubernetes: print the job script or the manifests and submit nothing (with a file, no sweep is created)')
    .addHelpText('after', `
On a terminal the view is redrawn in place: runs by state, the best value of the sweep's metric
with its parameters, and the agents' latest output. Piped or with --plain, every agent line is
printed with its agent number and a progress line whenever progress changes.

Ctrl-C once: no new runs start and the running ones finish. Ctrl-C again: they are stopped
(SIGTERM, then SIGKILL).

The backend's settings can also be kept in the sweep config, flags winning:
  launch: {backend: slurm, jobs: 8, gpus_per_agent: 1, partition: gpu, time: "04:00:00",
           memory: 16G, sbatch: ["--account=ml"]}
Keys: backend, jobs, gpus_per_agent, cpus_per_agent, memory, time, partition, sbatch,
ray_address, python, image, namespace, secret, agent_command. See docs/deploy.md.

Examples:
  $ sextant launch sweep.yaml --jobs 4 --project mnist
  $ sextant launch --sweep admin/mnist/4vcna8xj --jobs 4 --gpus 0,1
  $ sextant launch sweep.yaml --backend slurm --jobs 16 --gpus-per-agent 1 --partition gpu --time 2:00:00`)
    .action(async (file: string | undefined, options: LaunchOptions, command: Command) => {
      if (!file === !options.sweep) {
        process.stderr.write('sextant: give a sweep config file or --sweep ID (not both)\n\n');
        return command.help({ error: true });
      }
      process.exitCode = await launch(file, options);
    });
}

function flagSettings(options: LaunchOptions): PartialSettings {
  return {
    backend: options.backend, jobs: options.jobs, gpusPerAgent: options.gpusPerAgent, cpusPerAgent: options.cpusPerAgent, memory: options.mem,
    time: options.time, partition: options.partition, sbatch: options.sbatch, rayAddress: options.rayAddress, python: options.python,
    image: options.image, namespace: options.namespace, secret: options.secret, agentCommand: options.agentCommand ? splitCommand(options.agentCommand) : undefined,
  };
}

/** The config's `launch:` section read and checked; problems end launch before anything is created. */
function sectionOf(where: string, raw: Record<string, unknown>): PartialSettings | undefined {
  const { settings, problems } = readLaunchSection(raw.launch);
  if (problems.length === 0) return settings;
  process.stderr.write(problems.map((p) => `${where}: ${p}\n`).join(''));
  return undefined;
}

async function launch(file: string | undefined, options: LaunchOptions): Promise<number> {
  const server = serverFrom(options);
  let path = options.sweep;
  let section: PartialSettings | undefined = {};
  if (file) {
    if (!existsSync(file)) {
      process.stderr.write(`sextant: ${file}: no such file (to use an existing sweep: --sweep ID)\n`);
      return 2;
    }
    const raw = loadSweepConfig(readInput(file, 'sweep config')).config?.raw;
    if (raw && !(section = sectionOf(file, raw))) return 1;
    if (options.dryRun) return dryRun(file, options, mergeSettings(flagSettings(options), section!), server, raw?.project as string | undefined);
    path = await createSweep(file, options);
    if (!path) return 1;
  }
  const target = await sweepTarget(server, path!, options);
  if (!file && !(section = sectionOf(`sweep ${target.id}`, target.config.raw))) return 1;
  const settings = mergeSettings(flagSettings(options), section!);
  const logDir = resolve(options.logDir ?? join('sextant-data', 'logs', target.id));
  // A relative `program:` or command path means the sweep file's folder, as for `wandb agent` started there.
  const workDir = file ? dirname(resolve(file)) : process.cwd();
  const plan = planOf(options, settings, server, `${target.entity}/${target.project}/${target.id}`, target.id, logDir, workDir);
  if (options.dryRun) return printDry(plan, settings);
  const metric = target.config.metric;
  const header: ViewHeader = { sweep: plan.sweep, url: `${server.url}/${target.entity}/${target.project}/sweeps/${target.id}`, logDir, metric };
  const live = process.stdout.isTTY && !options.plain;
  const view = live ? terminalView(header) : plainView(header);
  const runIds = new Set<string>();
  const onLine: OnLine = (agent, line) => {
    const started = /^run (\S+): /.exec(line);
    if (started) runIds.add(started[1]);
    view.line(agent, line);
  };
  let fleet: Fleet;
  try {
    fleet = await startFleet(plan, settings, options, onLine, (text) => view.message(text));
  } catch (error) {
    view.close();
    process.stderr.write(`sextant: cannot start the agents on ${settings.backend}: ${(error as Error).message}\n`);
    return 1;
  }
  if (fleet.note) view.message(fleet.note);

  let interrupts = 0;
  const interrupt = (): void => {
    interrupts++;
    view.message(interrupts === 1 ? 'Ctrl-C: no new runs; the running ones finish (Ctrl-C again stops them)' : 'Ctrl-C again: stopping the running runs');
    if (interrupts === 1) fleet.drain();
    else fleet.cancel();
  };
  const terminate = (): void => fleet.cancel();
  process.on('SIGINT', interrupt);
  process.once('SIGTERM', terminate);

  const refresh = async (): Promise<void> => {
    const progress = await readProgress(server, target);
    if (progress) view.progress(progress);
  };
  const timer = setInterval(() => void refresh(), live ? 1000 : 3000);
  void refresh();
  const allWell = await fleet.ended;
  clearInterval(timer);
  const final = await readProgress(server, target);
  if (final) view.progress(final);
  view.close();
  process.off('SIGINT', interrupt);
  process.off('SIGTERM', terminate);
  // The terminal view's block is redrawn in place; leave the outcome as a plain line under it.
  process.stdout.write(`${live && final ? `${progressLine(header, final)}\n` : ''}all ${fleet.size} agents ended\n`);
  const outcome = await launchOutcome(server, target, fleet.followsOutput ? runIds : undefined, logDir);
  if (outcome && outcome.failed.length > 0) {
    process.stderr.write(`${formatOutcome(outcome)}\n`);
    return 1;
  }
  // Agents that came late to a sweep that completed are no failure.
  return final?.state === 'FINISHED' || allWell ? 0 : 1;
}

function planOf(options: LaunchOptions, settings: LaunchSettings, server: Server, sweep: string, sweepId: string, logDir: string, workDir: string): AgentPlan {
  const keyFile = options.keyFile ?? process.env.SEXTANT_API_KEY_FILE;
  return {
    server, sweep, sweepId, jobs: settings.jobs, count: options.count, poll: options.poll, logDir, workDir,
    metricsFromStdout: options.metricsFromStdout, wandbAgent: options.wandbAgent, agentCommand: settings.agentCommand,
    keyFile: keyFile ? resolve(keyFile) : undefined,
  };
}

/** In a pod the agent is the image's `sextant` (unless told otherwise), its logs in the container's working folder. */
function inContainer(plan: AgentPlan): AgentPlan {
  return { ...plan, agentCommand: plan.agentCommand ?? ['sextant'], logDir: join('sextant-data', 'logs', plan.sweepId), keyFile: undefined };
}

function startFleet(plan: AgentPlan, settings: LaunchSettings, options: LaunchOptions, onLine: OnLine, say: (text: string) => void): Promise<Fleet> {
  switch (settings.backend) {
    case 'local':
      return Promise.resolve(startLocal(plan, options.gpus?.split(',').map((g) => g.trim()).filter(Boolean) ?? [], onLine));
    case 'slurm':
      return submitSlurm(plan, settings, onLine);
    case 'kubernetes':
      return applyKubernetes(inContainer(plan), settings);
    case 'ray':
      return Promise.resolve(startRay(plan, settings, onLine, say));
  }
}

/** --dry-run with a file: what would be submitted, for a sweep not created (its ID shown as `sweep-id`). */
function dryRun(file: string, options: LaunchOptions, settings: LaunchSettings, server: Server, configProject: string | undefined): number {
  const sweep = `${options.entity ?? 'ENTITY'}/${options.project ?? configProject ?? 'uncategorized'}/sweep-id`;
  const logDir = resolve(options.logDir ?? join('sextant-data', 'logs', 'sweep-id'));
  return printDry(planOf(options, settings, server, sweep, 'sweep-id', logDir, dirname(resolve(file))), settings);
}

function printDry(plan: AgentPlan, settings: LaunchSettings): number {
  switch (settings.backend) {
    case 'slurm':
      process.stdout.write(slurmScript(plan, settings));
      return 0;
    case 'kubernetes':
      process.stdout.write(manifestList(kubernetesManifests(inContainer(plan), settings, false)));
      return 0;
    default:
      process.stderr.write(`sextant: --dry-run is for --backend slurm and kubernetes\n`);
      return 2;
  }
}
