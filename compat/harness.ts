// One real wandb client version against one real `sextant server`: each scenario gets a temp home
// (no ~/.netrc or ~/.config/wandb of the user is read or written), its own recording proxy, and
// runs Python scripts or the `wandb` CLI of that version as child processes.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServerProcess, TEST_KEY, type ServerProcess } from '../packages/server/testing/server-process.ts';
import { startRecorder, type Exchange, type Recorder } from './recorder.ts';
import { wandbVenv } from '../scripts/venv.ts';

export const ENTITY = 'admin';
const SCENARIOS = join(import.meta.dirname, 'scenarios');

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class Client {
  readonly version: string;
  /** The venv's `bin` folder: its python and its `wandb` command. */
  readonly bin: string;
  readonly server: ServerProcess;
  private constructor(version: string, bin: string, server: ServerProcess) {
    this.version = version;
    this.bin = bin;
    this.server = server;
  }

  static async start(version: string): Promise<Client> {
    const python = await wandbVenv(version, (line) => process.stderr.write(`${line}\n`));
    // A short agent timeout: an agent killed with its sweep's CLI gone must not hold runs long.
    return new Client(version, dirname(python), await startServerProcess(undefined, ['--agent-timeout', '30']));
  }

  async session(name: string): Promise<Session> {
    return new Session(this, name, await startRecorder(this.server.url));
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}

/** One scenario: its folder, its proxy, its project (named after the scenario). */
export class Session {
  readonly client: Client;
  readonly project: string;
  readonly dir: string;
  readonly recorder: Recorder;
  readonly log: string[] = [];
  constructor(client: Client, name: string, recorder: Recorder) {
    this.client = client;
    this.project = name;
    this.recorder = recorder;
    this.dir = mkdtempSync(join(tmpdir(), `compat-${client.version}-${name}-`));
  }

  get exchanges(): Exchange[] {
    return this.recorder.exchanges;
  }

  env(extra: Record<string, string | undefined> = {}): Record<string, string> {
    const env: Record<string, string | undefined> = {
      PATH: `${this.client.bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      LANG: 'C.UTF-8',
      HOME: this.dir,
      TMPDIR: process.env.TMPDIR,
      WANDB_DIR: this.dir,
      WANDB_CONFIG_DIR: join(this.dir, '.config', 'wandb'),
      WANDB_CACHE_DIR: join(this.dir, '.cache', 'wandb'),
      WANDB_DATA_DIR: join(this.dir, '.local', 'wandb'),
      WANDB_BASE_URL: this.recorder.url,
      WANDB_API_KEY: TEST_KEY,
      WANDB_PROJECT: this.project,
      WANDB_SILENT: 'true',
      WANDB_ERROR_REPORTING: 'false',
      WANDB_DISABLE_GIT: 'true',
      PYTHONPATH: SCENARIOS,
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      COMPAT_OUT: join(this.dir, 'out.json'),
      ...extra,
    };
    return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  }

  /** Runs `compat/scenarios/<script>` with the venv's python; its sections come back from COMPAT_OUT. */
  async python(script: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<Finished & { out: Record<string, Section> }> {
    const finished = await this.spawn(join(this.client.bin, 'python'), [join(SCENARIOS, script), ...args], env);
    const file = this.env(env).COMPAT_OUT;
    const out = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Record<string, Section> : {};
    return { ...finished, out };
  }

  /**
   * Runs the version's `wandb` command line. Once more when it failed to reach its own local service
   * process: wandb 0.16 writes the service's port file before the service listens (listen() runs in a
   * thread started just before), so on a loaded machine the command can connect too early. That
   * happens in wandb.setup, before the command sends anything to the server.
   */
  async wandb(args: string[], env: Record<string, string | undefined> = {}, timeoutMs?: number): Promise<Finished> {
    const finished = await this.spawn(join(this.client.bin, 'wandb'), args, env, timeoutMs);
    const early = finished.code !== 0 && /Connection to wandb service failed: \[Errno 111\]/.test(finished.stderr + finished.stdout);
    return early ? this.spawn(join(this.client.bin, 'wandb'), args, env, timeoutMs) : finished;
  }

  spawn(command: string, args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 150_000): Promise<Finished> {
    const label = `$ ${[command.replace(this.client.bin, '<venv>/bin'), ...args].join(' ')}`;
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd: this.dir, env: this.env(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // The whole process group: `wandb agent` and wandb's service process are children of the child.
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // the group is gone already
        }
      }, timeoutMs);
      child.once('error', reject);
      // Resolve at exit, not when the pipes close: a run the agent started in its own session may
      // outlive it and hold them open (close() reaps it).
      child.once('exit', (code) => {
        clearTimeout(timer);
        setTimeout(() => {
          child.stdout.destroy();
          child.stderr.destroy();
          this.log.push(`${label} -> exit ${code}\n${tail(stderr, 25)}`);
          resolve({ code, stdout, stderr });
        }, 200);
      });
    });
  }

  /** GET on the native JSON API (/api/v1/...), straight to the server. */
  async api<T = any>(path: string): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.client.server.url}/api/v1/${path}`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    return { status: response.status, body: await response.json() as T };
  }

  async run(id: string): Promise<Run> {
    const { status, body } = await this.api<Run>(`runs/${ENTITY}/${this.project}/${id}`);
    if (status !== 200) throw new Error(`GET /api/v1/runs/${ENTITY}/${this.project}/${id} answered ${status}: ${JSON.stringify(body)}`);
    return body;
  }

  async runs(filter?: object): Promise<Run[]> {
    const query = filter ? `?filter=${encodeURIComponent(JSON.stringify(filter))}` : '';
    const { body } = await this.api<{ runs?: Run[] }>(`runs/${ENTITY}/${this.project}${query}`);
    return body.runs ?? [];
  }

  /** The run dirs' debug logs, for the failure message. */
  clientLogs(): string {
    const found: string[] = [];
    const walk = (dir: string, depth: number): void => {
      if (depth > 4 || !existsSync(dir)) return;
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path, depth + 1);
        else if (entry.isFile() && /^debug-(internal|core)\.log$/.test(entry.name)) {
          const errors = readFileSync(path, 'utf8').split('\n').filter((l) => /error|exception|fail/i.test(l));
          if (errors.length) found.push(`${path.replace(this.dir, '.')}:\n${errors.slice(-8).join('\n')}`);
        }
      }
    };
    walk(join(this.dir, 'wandb'), 0);
    return found.join('\n');
  }

  /** Kills what the scenario left running (found by the COMPAT_OUT in its environment), stops the
   * proxy, and removes the folder unless something failed (then it has the client's logs). */
  async close(keep: boolean): Promise<void> {
    for (const pid of leftovers(`COMPAT_OUT=${this.env().COMPAT_OUT}\0`)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await this.recorder.close();
    if (keep) writeFileSync(join(this.dir, 'requests.json'), JSON.stringify(this.exchanges, null, 1));
    else rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Section {
  error?: string;
  trace?: string;
  [key: string]: any;
}

export interface Run {
  entity: string;
  project: string;
  id: string;
  name: string | null;
  state: string;
  config: Record<string, any>;
  summary: Record<string, any>;
  sweep: string | null;
  group: string | null;
  jobType: string | null;
  tags: string[];
  notes: string | null;
  exitcode: number | null;
  historyLineCount: number;
  [key: string]: any;
}

function leftovers(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) found.push(Number(entry));
    } catch {
      // not ours to read, or gone
    }
  }
  return found;
}

export function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
