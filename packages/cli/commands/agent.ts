// `sextant agent SWEEP`: our own agent, speaking the same protocol as `wandb agent` (spec
// wandb-sweeps.md §5): register, heartbeat, run each suggestion as a child process in its own
// process group with stdin closed, stop it with SIGTERM then SIGKILL, and exit when told to.
import { Command } from 'commander';
import { positiveInt, positiveNumber } from './numbers.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { loadSweepConfig, paramFilePaths, paramFileYaml, argsJson, renderCommand, usesArgsJsonFile, type Json, type RunConfig } from '@sextant/sweeps';
import { addServerOptions, type ServerOptions } from './sweep-control.ts';
import { graphql, serverFrom, type Server } from './connection.ts';
import { MetricStream, parseMetricLine } from './stdout-metrics.ts';

interface AgentOptions extends ServerOptions {
  count?: number;
  poll: number;
  killDelay: number;
  metricsFromStdout?: boolean;
}

type ServerCommand = { type: 'run' | 'resume'; run_id: string; program?: string | null; args: RunConfig } | { type: 'stop'; run_id: string } | { type: 'exit' };

interface Child {
  process: ChildProcess;
  stoppedAt?: number;
  metrics?: Promise<MetricStream>;
}

export function agentCommand(): Command {
  return addServerOptions(new Command('agent'))
    .description('Run an agent for a sweep: it asks the server for runs and starts your program for each, like `wandb agent`.')
    .argument('<sweep>', 'the sweep: ID, PROJECT/ID or ENTITY/PROJECT/ID')
    .option('--count <n>', 'stop after this many runs (default: until the sweep ends)', positiveInt)
    .option('--poll <seconds>', 'seconds between heartbeats', positiveNumber, 5)
    .option('--kill-delay <seconds>', 'seconds between SIGTERM and SIGKILL when a run is stopped', positiveNumber, 30)
    .option('--metrics-from-stdout', 'for programs that do not use wandb: log stdout lines like `loss=0.3 epoch=2` or JSON objects as the run\'s history')
    .addHelpText('after', `
Each run's command is the sweep's \`command\` (default: /usr/bin/env python PROGRAM --name=value ...),
with WANDB_SWEEP_ID, WANDB_RUN_ID, WANDB_SWEEP_PARAM_PATH, WANDB_DIR, WANDB_BASE_URL and
WANDB_API_KEY set, so wandb.init() in the program joins the sweep.

Example:
  $ sextant agent admin/mnist/4vcna8xj --count 10`)
    .action(async (sweep: string, options: AgentOptions) => {
      process.exitCode = await runAgent(sweep, options);
    });
}

async function runAgent(path: string, options: AgentOptions): Promise<number> {
  const parts = path.split('/');
  if (parts.length > 3) {
    process.stderr.write('sextant: expected the sweep as ID, PROJECT/ID or ENTITY/PROJECT/ID\n');
    return 2;
  }
  const [sweepId, project = process.env.WANDB_PROJECT ?? 'uncategorized', entity = process.env.WANDB_ENTITY ?? null] = [...parts].reverse();
  const server = serverFrom(options);
  const sweep = await graphql<{ project: { sweep: { config: string; state: string } | null } | null }>(server,
    'query($e: String, $p: String, $s: String!) { project(name: $p, entityName: $e) { sweep(sweepName: $s) { config state } } }', { e: entity, p: project, s: sweepId });
  if (!sweep.project?.sweep) {
    process.stderr.write(`sextant: sweep ${path} not found\n`);
    return 1;
  }
  const command = loadSweepConfig(sweep.project.sweep.config).config?.command;
  const agent = await graphql<{ createAgent: { agent: { id: string } } }>(server,
    'mutation($host: String!, $p: String, $e: String, $s: String!) { createAgent(input: {host: $host, projectName: $p, entityName: $e, sweep: $s}) { agent { id } } }',
    { host: hostname(), p: project, e: entity, s: sweepId });
  const agentId = agent.createAgent.agent.id;
  const wandbDir = resolve(process.env.WANDB_DIR ?? process.cwd());
  process.stdout.write(`sextant agent ${agentId} running sweep ${sweepId}\n`);

  const children = new Map<string, Child>();
  let started = 0;
  let finished = 0;
  let closing = false;
  const failures = new FailureRules();
  const ended = new Promise<void>((resolveEnded) => {
    // Ctrl-C or a kill of the agent: its runs are in their own process groups, so stop them first.
    const shutdown = (): void => {
      closing = true;
      for (const child of children.values()) killGroup(child.process, 'SIGTERM');
      resolveEnded();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    const loop = async (): Promise<void> => {
      if (closing) return;
      const runState = Object.fromEntries([...children.keys()].map((id) => [id, true]));
      const done = options.count !== undefined && started >= options.count;
      if (!done || children.size > 0) {
        const commands = done && children.size > 0 ? [] : await heartbeat(server, agentId, runState);
        for (const c of commands) {
          if (c.type === 'exit') {
            for (const child of children.values()) killGroup(child.process, 'SIGKILL');
            return resolveEnded();
          }
          if (c.type === 'stop') {
            const child = children.get(c.run_id);
            if (!child) continue;
            if (child.stoppedAt === undefined) {
              child.stoppedAt = Date.now();
              killGroup(child.process, 'SIGTERM');
            } else if (Date.now() - child.stoppedAt > options.killDelay * 1000) {
              killGroup(child.process, 'SIGKILL');
            }
          }
          if ((c.type === 'run' || c.type === 'resume') && !(options.count !== undefined && started >= options.count)) {
            started++;
            const ctx = { sweepId, entity, project, wandbDir, command, run: c };
            const child = startRun(server, ctx, options.metricsFromStdout === true);
            const entry: Child = { process: child };
            if (options.metricsFromStdout) entry.metrics = followMetrics(server, ctx, child);
            children.set(c.run_id, entry);
            child.on('exit', (code, signal) => {
              const closing = entry.metrics?.then((m) => m.flush({ exitcode: code ?? 1 }));
              void Promise.resolve(closing).catch((error: unknown) => process.stderr.write(`sextant: run ${c.run_id}: ${(error as Error).message}\n`)).finally(() => {
                children.delete(c.run_id);
                const giveUp = failures.ended(code);
                finished++;
                process.stdout.write(`run ${c.run_id} ended (${signal ?? `exit code ${code}`}); ${finished} done\n`);
                if (giveUp) {
                  process.stderr.write(`sextant: ${giveUp}, shutting down.\n`);
                  shutdown();
                }
              });
            });
          }
        }
      } else {
        return resolveEnded();
      }
      for (const child of children.values()) void child.metrics?.then((m) => m.flush()).catch(() => undefined);
      setTimeout(() => void loop().catch((error: unknown) => {
        process.stderr.write(`sextant: ${(error as Error).message}\n`);
        resolveEnded();
      }), options.poll * 1000);
    };
    void loop();
  });
  await ended;
  process.stdout.write(`sextant agent ${agentId} done: ${finished} run(s)\n`);
  return 0;
}

async function heartbeat(server: Server, agentId: string, runState: Record<string, boolean>): Promise<ServerCommand[]> {
  const data = await graphql<{ agentHeartbeat: { commands: string } }>(server,
    'mutation($id: ID!, $m: JSONString, $r: JSONString) { agentHeartbeat(input: {id: $id, metrics: $m, runState: $r}) { commands } }',
    { id: agentId, m: '{}', r: JSON.stringify(runState) });
  return JSON.parse(data.agentHeartbeat.commands) as ServerCommand[];
}

interface RunContext {
  sweepId: string;
  entity: string | null;
  project: string;
  wandbDir: string;
  command: Json[] | undefined;
  run: { run_id: string; program?: string | null; args: RunConfig };
}

/** Writes the parameter files and starts the run's process in its own process group, stdin closed. */
function startRun(server: Server, ctx: RunContext, pipeStdout: boolean): ChildProcess {
  const paths = paramFilePaths(ctx.wandbDir, ctx.sweepId, ctx.run.run_id);
  mkdirSync(dirname(paths.yaml), { recursive: true });
  writeFileSync(paths.yaml, paramFileYaml(ctx.run.args));
  if (usesArgsJsonFile(ctx.command)) writeFileSync(paths.json, argsJson(ctx.run.args));
  const argv = renderCommand({ command: ctx.command, program: ctx.run.program ?? undefined, args: ctx.run.args, env: process.env, argsJsonFile: paths.json, platform: process.platform });
  const env: NodeJS.ProcessEnv = {
    ...process.env, WANDB_SWEEP_ID: ctx.sweepId, WANDB_RUN_ID: ctx.run.run_id, WANDB_SWEEP_PARAM_PATH: paths.yaml, WANDB_DIR: ctx.wandbDir,
    WANDB_BASE_URL: server.url, WANDB_API_KEY: server.key, WANDB_PROJECT: ctx.project, ...(ctx.entity ? { WANDB_ENTITY: ctx.entity } : {}),
  };
  delete env.WANDB_SERVICE;
  process.stdout.write(`run ${ctx.run.run_id}: ${argv.join(' ')}\n`);
  const child = spawn(argv[0], argv.slice(1), { env, detached: true, stdio: ['ignore', pipeStdout ? 'pipe' : 'inherit', 'inherit'] });
  child.on('error', (error) => process.stderr.write(`sextant: cannot start ${argv[0]}: ${error.message}\n`));
  return child;
}

/** Passes the program's output through and logs the metric lines it prints as the run's history. */
function followMetrics(server: Server, ctx: RunContext, child: ChildProcess): Promise<MetricStream> {
  const stream = MetricStream.start(server, ctx.entity, ctx.project, ctx.run.run_id, ctx.sweepId);
  let rest = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      const row = parseMetricLine(line);
      if (row) void stream.then((m) => m.add(row));
    }
  });
  child.stdout?.on('end', () => {
    const row = parseMetricLine(rest);
    if (row) void stream.then((m) => m.add(row));
  });
  return stream;
}

/**
 * W&B's agent failure rules (spec §5.5): 3 failed runs within the first 60 s means the program is
 * broken ("flapping", off with WANDB_AGENT_DISABLE_FLAPPING=true); and the agent gives up at the
 * 5th failure (WANDB_AGENT_MAX_INITIAL_FAILURES) while at most one run has succeeded. A run killed
 * by a signal is not a failure.
 */
class FailureRules {
  readonly #start = Date.now();
  readonly #maxInitial = Number(process.env.WANDB_AGENT_MAX_INITIAL_FAILURES ?? 5);
  readonly #flapping = process.env.WANDB_AGENT_DISABLE_FLAPPING !== 'true';
  #failed = 0;
  #ended = 0;

  /** Records an ended run; returns why the agent should stop, if it should. */
  ended(exitcode: number | null): string | undefined {
    const failed = exitcode !== null && exitcode > 0;
    const before = this.#ended;
    this.#ended++;
    if (!failed) return undefined;
    this.#failed++;
    if (this.#flapping && this.#failed >= 3 && Date.now() - this.#start < 60_000) return 'Detected 3 failed runs in the first 60 seconds';
    if (this.#failed >= before && this.#failed >= this.#maxInitial) return `Detected ${this.#failed} failed runs in a row`;
    return undefined;
  }
}

/** Signals the run's whole process group, so its children go too. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
