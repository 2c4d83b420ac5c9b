// `sextant agent SWEEP`: our own agent, speaking the same protocol as `wandb agent` (docs/protocol/agents.md):
// register, heartbeat, run each suggestion as a child process, stop runs when
// told, and exit when the sweep is over. Unlike `wandb agent` it asks again the moment a run ends
// instead of at the next poll, and Ctrl-C once lets running runs finish while twice stops them.
import { Command } from 'commander';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSweepConfig } from '@sextant/sweeps';
import { positiveInt, positiveNumber } from './numbers.ts';
import { graphql } from '@sextant/client';
import { addServerOptions, retryTransient, serverFrom, ServerError, type Server, type ServerOptions } from './connection.ts';
import { formatSweepPath, locateSweep, type SweepPath } from './sweep-path.ts';
import { RunProcess, type RunContext, type RunOrder } from './agent-run.ts';
import { FailureRules } from './failure-rules.ts';

interface AgentOptions extends ServerOptions {
  project?: string;
  entity?: string;
  count?: number;
  poll: number;
  killDelay: number;
  metricsFromStdout?: boolean;
  logDir?: string;
}

type ServerCommand = ({ type: 'run' | 'resume' } & RunOrder) | { type: 'stop'; run_id: string } | { type: 'exit' };

export function agentCommand(): Command {
  return addServerOptions(new Command('agent'))
    .description('Run an agent for a sweep: it asks the server for runs and starts your program for each, like `wandb agent`.')
    .argument('<sweep>', 'the sweep: ID, PROJECT/ID or ENTITY/PROJECT/ID')
    .option('-p, --project <project>', 'project of a bare sweep ID (default: $WANDB_PROJECT, else the project of yours that has it)')
    .option('-e, --entity <entity>', 'entity of a sweep given as ID or PROJECT/ID (default: $WANDB_ENTITY, else yours)')
    .option('--count <n>', 'stop after this many runs (default: until the sweep ends)', positiveInt)
    .option('--poll <seconds>', 'seconds between heartbeats while runs are going (a run that ends is replaced at once)', positiveNumber, 5)
    .option('--kill-delay <seconds>', 'seconds between SIGTERM and SIGKILL when a run is stopped', positiveNumber, 30)
    .option('--log-dir <dir>', 'where each run\'s output is written as RUN_ID.log (default: sextant-data/logs/SWEEP_ID)')
    .option('--metrics-from-stdout', 'for programs that do not use wandb: log stdout lines like `loss=0.3 epoch=2` or JSON objects as the run\'s history, and the output as its console')
    .addHelpText('after', `
Each run's command is the sweep's \`command\` (default: /usr/bin/env python PROGRAM --name=value ...),
with WANDB_SWEEP_ID, WANDB_RUN_ID, WANDB_SWEEP_PARAM_PATH, WANDB_DIR, WANDB_BASE_URL and
WANDB_API_KEY set, so wandb.init() in the program joins the sweep. Each run gets its own process
group with stdin closed; stopping a run signals the whole group.

Ctrl-C once: no new runs, the running ones finish. Twice (or SIGTERM): runs get SIGTERM, then
SIGKILL after --kill-delay.

Example:
  $ sextant agent admin/mnist/4vcna8xj --count 10`)
    .action(async (sweep: string, options: AgentOptions) => {
      process.exitCode = await runAgent(sweep, options);
    });
}

/** How long the agent's start-up calls are retried while the server cannot be reached (it may be starting). */
const STARTUP_RETRY_MS = 120_000;

interface Start {
  path: SweepPath;
  config: string;
  agentId: string;
}

/** Finds the sweep and registers the agent, retrying with backoff while the server is unreachable. */
async function register(server: Server, text: string, options: AgentOptions): Promise<Start> {
  const onRetry = (error: ServerError): void => void process.stderr.write(`sextant: ${error.message}; trying again for up to ${STARTUP_RETRY_MS / 1000} s\n`);
  const { path, config } = await retryTransient(async () => {
    const path = await locateSweep(server, text, options);
    const data = await graphql<{ project: { sweep: { config: string } | null } | null }>(server,
      'query($e: String, $p: String, $s: String!) { project(name: $p, entityName: $e) { sweep(sweepName: $s) { config } } }', { e: path.entity, p: path.project, s: path.id });
    if (!data.project?.sweep) throw new ServerError(`sweep ${formatSweepPath(path)} not found`, false);
    return { path, config: data.project.sweep.config };
  }, STARTUP_RETRY_MS, onRetry);
  const created = await retryTransient(() => graphql<{ createAgent: { agent: { id: string } } }>(server,
    'mutation($host: String!, $p: String, $e: String, $s: String!) { createAgent(input: {host: $host, projectName: $p, entityName: $e, sweep: $s}) { agent { id } } }',
    { host: hostname(), p: path.project, e: path.entity, s: path.id }), STARTUP_RETRY_MS, onRetry);
  return { path, config, agentId: created.createAgent.agent.id };
}

async function runAgent(text: string, options: AgentOptions): Promise<number> {
  const server = serverFrom(options);
  let start: Start;
  try {
    start = await register(server, text, options);
  } catch (error) {
    process.stderr.write(`sextant: ${(error as Error).message}\n`);
    return error instanceof ServerError && error.transient ? 2 : 1;
  }
  const { path: { id: sweepId, project, entity }, agentId } = start;
  const context: RunContext = {
    sweepId, entity, project,
    wandbDir: resolve(process.env.WANDB_DIR ?? process.cwd()),
    logDir: resolve(options.logDir ?? join('sextant-data', 'logs', sweepId)),
    command: loadSweepConfig(start.config).config?.command,
    metricsFromStdout: options.metricsFromStdout === true,
  };
  process.stdout.write(`sextant agent ${agentId} running sweep ${sweepId}\n`);
  const agent = new SweepAgent(server, agentId, context, options);
  let interrupts = 0;
  process.on('SIGINT', () => (++interrupts === 1 ? agent.drain() : agent.stop()));
  process.once('SIGTERM', () => agent.stop());
  await agent.done;
  process.stdout.write(`sextant agent ${agentId} done: ${agent.finished} run(s)\n`);
  return 0;
}

class SweepAgent {
  finished = 0;
  readonly done: Promise<void>;
  readonly #server: Server;
  readonly #id: string;
  readonly #context: RunContext;
  readonly #options: AgentOptions;
  readonly #children = new Map<string, RunProcess>();
  /** Runs this agent stopped that have ended, until a heartbeat told the server (runState false): they end `killed`. */
  readonly #stopped = new Set<string>();
  readonly #failures = new FailureRules();
  #mode: 'running' | 'draining' | 'stopping' | 'ended' = 'running';
  #started = 0;
  #timer?: NodeJS.Timeout;
  #beating = false;
  #again = false;
  #unreachable = false;
  #end!: () => void;

  constructor(server: Server, id: string, context: RunContext, options: AgentOptions) {
    this.#server = server;
    this.#id = id;
    this.#context = context;
    this.#options = options;
    this.done = new Promise((resolveDone) => (this.#end = resolveDone));
    this.#wake(0);
  }

  /** No new runs; the agent ends when the running ones have. */
  drain(): void {
    if (this.#mode !== 'running') return;
    this.#mode = 'draining';
    process.stdout.write(`finishing ${this.#children.size} running run(s), starting no new ones (Ctrl-C again stops them)\n`);
    this.#wake(0);
  }

  /** Stops the running runs (SIGTERM, then SIGKILL after --kill-delay) and ends. */
  stop(): void {
    if (this.#mode === 'stopping' || this.#mode === 'ended') return;
    this.#mode = 'stopping';
    process.stdout.write(`stopping ${this.#children.size} running run(s)\n`);
    for (const child of this.#children.values()) {
      child.stoppedAt ??= Date.now();
      child.kill('SIGTERM');
    }
    setTimeout(() => this.#children.forEach((child) => child.kill('SIGKILL')), this.#options.killDelay * 1000).unref();
    this.#wake(0);
  }

  #wake(delayMs: number): void {
    if (this.#mode === 'ended') return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), delayMs);
  }

  async #tick(): Promise<void> {
    if (this.#beating) {
      this.#again = true;
      return;
    }
    this.#beating = true;
    try {
      await this.#step();
    } finally {
      this.#beating = false;
    }
    this.#wake(this.#again ? 0 : this.#options.poll * 1000);
    this.#again = false;
  }

  async #step(): Promise<void> {
    const wantsRuns = this.#mode === 'running' && !(this.#options.count !== undefined && this.#started >= this.#options.count);
    if (this.#children.size === 0 && !wantsRuns) {
      if (this.#stopped.size > 0) await this.#heartbeat().catch(() => undefined);
      return this.#finish();
    }
    if (this.#mode === 'stopping') return;
    for (const child of this.#children.values()) child.flush().catch(() => undefined);
    let commands: ServerCommand[];
    try {
      commands = await this.#heartbeat();
    } catch (error) {
      if (!(error instanceof ServerError && error.transient)) {
        process.stderr.write(`sextant: ${(error as Error).message}\n`);
        return this.stop();
      }
      if (!this.#unreachable) process.stderr.write(`sextant: ${error.message}; trying again every ${this.#options.poll} s\n`);
      this.#unreachable = true;
      return;
    }
    if (this.#unreachable) process.stdout.write(`reconnected to ${this.#server.url}\n`);
    this.#unreachable = false;
    for (const command of commands) {
      if (command.type === 'exit') {
        for (const child of this.#children.values()) {
          child.stoppedAt ??= Date.now();
          child.kill('SIGKILL');
        }
        this.#mode = 'draining';
      } else if (command.type === 'stop') {
        this.#stopRun(command.run_id);
      } else if (wantsRuns && this.#mode === 'running') {
        this.#start(command);
      }
    }
  }

  /** One heartbeat: the running runs (true) and the ones it stopped that ended since the last (false). */
  async #heartbeat(): Promise<ServerCommand[]> {
    const stopped = [...this.#stopped];
    const runState = JSON.stringify(Object.fromEntries([...stopped.map((id) => [id, false]), ...[...this.#children.keys()].map((id) => [id, true])]));
    const data = await graphql<{ agentHeartbeat: { commands: string } }>(this.#server,
      'mutation($id: ID!, $m: JSONString, $r: JSONString) { agentHeartbeat(input: {id: $id, metrics: $m, runState: $r}) { commands } }',
      { id: this.#id, m: '{}', r: runState });
    stopped.forEach((id) => this.#stopped.delete(id));
    return JSON.parse(data.agentHeartbeat.commands) as ServerCommand[];
  }

  #stopRun(id: string): void {
    const child = this.#children.get(id);
    if (!child) return;
    if (child.stoppedAt === undefined) {
      child.stoppedAt = Date.now();
      child.kill('SIGTERM');
    } else if (Date.now() - child.stoppedAt > this.#options.killDelay * 1000) {
      child.kill('SIGKILL');
    }
  }

  #start(order: RunOrder): void {
    this.#started++;
    const child = new RunProcess(this.#server, this.#context, order);
    this.#children.set(order.run_id, child);
    void child.ended.then(({ code, signal }) => {
      this.#children.delete(order.run_id);
      if (child.stoppedAt !== undefined) this.#stopped.add(order.run_id);
      this.finished++;
      process.stdout.write(`run ${order.run_id} ended (${signal ?? `exit code ${code}`}); ${this.finished} done\n`);
      // A run the agent stopped is no failure of the program, whatever its exit code.
      const giveUp = this.#failures.ended(child.stoppedAt === undefined ? code : null);
      if (giveUp) {
        process.stderr.write(`sextant: ${giveUp}, shutting down.\n`);
        this.stop();
      }
      this.#wake(0);
    });
  }

  #finish(): void {
    this.#mode = 'ended';
    clearTimeout(this.#timer);
    this.#end();
  }
}
