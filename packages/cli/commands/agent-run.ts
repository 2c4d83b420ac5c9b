// One sweep run as a child process of the agent: its parameter files and environment, its own
// process group with stdin closed, and its output copied to a log file, to the agent's own output
// and, for programs without wandb (--metrics-from-stdout), to the run's history and console.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { argsJson, paramFilePaths, paramFileYaml, renderCommand, usesArgsJsonFile, type Json, type RunConfig } from '@sextant/sweeps';
import { retryTransient, type Server } from './connection.ts';
import { MetricStream, parseMetricLine } from './stdout-metrics.ts';

export interface RunContext {
  sweepId: string;
  entity: string | null;
  project: string;
  wandbDir: string;
  logDir: string;
  command: Json[] | undefined;
  metricsFromStdout: boolean;
}

export interface RunOrder {
  run_id: string;
  program?: string | null;
  args: RunConfig;
}

export interface RunEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How long joining the run and sending its last lines are retried while the server is unreachable (it may be restarting). */
const SERVER_RETRY_MS = 120_000;

/** How long output may trail the exit (a descendant can hold the pipe) before the run counts as ended. */
const OUTPUT_GRACE_MS = 2000;

export class RunProcess {
  readonly id: string;
  readonly logFile: string;
  /** When the agent first asked it to stop. */
  stoppedAt?: number;
  /** Resolves once the process exited and its output and metrics are written. */
  readonly ended: Promise<RunEnd>;
  readonly #child: ChildProcess;
  readonly #metrics?: Promise<MetricStream>;

  constructor(server: Server, ctx: RunContext, order: RunOrder) {
    this.id = order.run_id;
    const paths = paramFilePaths(ctx.wandbDir, ctx.sweepId, order.run_id);
    mkdirSync(dirname(paths.yaml), { recursive: true });
    writeFileSync(paths.yaml, paramFileYaml(order.args));
    if (usesArgsJsonFile(ctx.command)) writeFileSync(paths.json, argsJson(order.args));
    const argv = renderCommand({ command: ctx.command, program: order.program ?? undefined, args: order.args, env: process.env, argsJsonFile: paths.json, platform: process.platform });
    const env: NodeJS.ProcessEnv = {
      PYTHONUNBUFFERED: '1', ...process.env,
      WANDB_SWEEP_ID: ctx.sweepId, WANDB_RUN_ID: order.run_id, WANDB_SWEEP_PARAM_PATH: paths.yaml, WANDB_DIR: ctx.wandbDir,
      WANDB_BASE_URL: server.url, WANDB_API_KEY: server.key, WANDB_PROJECT: ctx.project, ...(ctx.entity ? { WANDB_ENTITY: ctx.entity } : {}),
    };
    delete env.WANDB_SERVICE;
    mkdirSync(ctx.logDir, { recursive: true });
    this.logFile = join(ctx.logDir, `${order.run_id}.log`);
    const log = createWriteStream(this.logFile, { flags: 'a' });
    process.stdout.write(`run ${order.run_id}: ${argv.join(' ')} (log: ${this.logFile})\n`);
    this.#child = spawn(argv[0], argv.slice(1), { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (ctx.metricsFromStdout) {
      this.#metrics = retryTransient(() => MetricStream.start(server, ctx.entity, ctx.project, order.run_id, ctx.sweepId), SERVER_RETRY_MS);
      this.#metrics.catch((error: unknown) => process.stderr.write(`sextant: run ${this.id}: ${(error as Error).message}\n`));
    }
    this.#follow(this.#child.stdout!, process.stdout, log, false);
    this.#follow(this.#child.stderr!, process.stderr, log, true);
    this.ended = new Promise<RunEnd>((resolve) => {
      // A program that cannot be started never exits; it ends as a failure.
      this.#child.once('error', (error) => {
        process.stderr.write(`sextant: cannot start ${argv[0]}: ${error.message}\n`);
        log.end(`sextant: cannot start ${argv[0]}: ${error.message}\n`, () => resolve({ code: 127, signal: null }));
      });
      this.#child.once('exit', (code, signal) => {
        const outputDone = new Promise<void>((done) => {
          const timer = setTimeout(done, OUTPUT_GRACE_MS);
          this.#child.once('close', () => (clearTimeout(timer), done()));
        });
        void outputDone
          .then(() => this.#metrics?.then((m) => retryTransient(() => m.flush({ exitcode: code ?? 1 }), SERVER_RETRY_MS)))
          .catch((error: unknown) => process.stderr.write(`sextant: run ${this.id}: ${(error as Error).message}\n`))
          .finally(() => log.end(() => resolve({ code, signal })));
      });
    });
  }

  /** Signals the run's whole process group, so its children go too. */
  kill(signal: NodeJS.Signals): void {
    if (this.#child.pid === undefined) return;
    try {
      process.kill(-this.#child.pid, signal);
    } catch {
      // Already gone.
    }
  }

  /** Sends what the program printed since the last flush (only with --metrics-from-stdout). */
  async flush(): Promise<void> {
    await this.#metrics?.then((m) => m.flush());
  }

  #follow(stream: NodeJS.ReadableStream, echo: NodeJS.WritableStream, log: NodeJS.WritableStream, isError: boolean): void {
    let rest = '';
    const line = (text: string): void => {
      void this.#metrics?.then((m) => {
        m.console(text, isError);
        const row = isError ? undefined : parseMetricLine(text);
        if (row) m.add(row);
      }).catch(() => undefined);
    };
    stream.on('data', (chunk: Buffer) => {
      echo.write(chunk);
      log.write(chunk);
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      lines.forEach(line);
    });
    stream.on('end', () => rest && line(rest));
  }
}
