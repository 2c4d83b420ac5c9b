// What the optimizer benchmarks share: the Python environments, the JSON-lines processes (the
// objectives and the anchors), the problems' spaces and our methods' sweep configs for them.
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { checkSweepConfig, type SweepConfig, type SweepRun } from '../../packages/sweeps/index.ts';

export const here = import.meta.dirname;

/** A problem as objectives.py describes it; a "cat" coordinate's bounds are 0 and its last choice. */
export interface Problem { lower: number[]; upper: number[]; kinds: string[]; fstar: number | null; file?: string }

/** The script that describes, evaluates and clips every problem: objectives.py's and the held-out ones heldout.py adds. */
export const problemsScript = join(here, 'heldout.py');

/** The interpreter of a venv.sh environment, built on first use. */
export function pythonOf(env: string): string {
  const r = spawnSync('sh', [join(here, 'venv.sh'), env], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`venv.sh ${env} failed`);
  return r.stdout.trim();
}

/** The problems' script run once with these arguments; its output. */
export function objectivesPy(python: string, ...args: string[]): string {
  const r = spawnSync(python, [problemsScript, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`heldout.py ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

export type LineClient = { call: (request: object) => Promise<Record<string, unknown>>; child: ChildProcessByStdio<Writable, Readable, null> };

/** A child process answering one JSON line per JSON line sent. */
export function lineClient(command: string, args: string[]): LineClient {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const call = async (request: object): Promise<Record<string, unknown>> => {
    child.stdin.write(`${JSON.stringify(request)}\n`);
    const { value, done } = await lines.next();
    if (done) throw new Error(`${args.join(' ')} exited early`);
    return JSON.parse(value as string) as Record<string, unknown>;
  };
  return { call, child };
}

/** The sweep config our method searches the problem with: x0…x(d-1), minimizing `objective`. */
export function sweepConfig(space: Problem, method: string, seed: number): SweepConfig {
  const parameters = Object.fromEntries(space.lower.map((lo, i) => {
    const hi = space.upper[i];
    const kind = space.kinds[i];
    const spec = kind === 'cat' ? { values: Array.from({ length: hi + 1 }, (_, k) => `c${k}`) }
      : kind === 'int' ? { distribution: 'int_uniform', min: lo, max: hi }
      : { distribution: kind === 'log' ? 'log_uniform_values' : 'uniform', min: lo, max: hi };
    return [`x${i}`, spec];
  }));
  const { config, violations } = checkSweepConfig({ method, seed, metric: { name: 'objective', goal: 'minimize' }, parameters });
  if (!config) throw new Error(`benchmark config invalid: ${JSON.stringify(violations)}`);
  return config;
}

/** A suggested run config as the point objectives.py evaluates (a category as its index). */
export function pointOf(space: Problem, config: SweepRun['config']): number[] {
  return space.lower.map((_, i) => {
    const v = config[`x${i}`].value;
    return space.kinds[i] === 'cat' ? Number(String(v).slice(1)) : (v as number);
  });
}

/** `--seeds` of the benchmarks: a range ("100-119") or a list ("0,3,5"). */
export function parseSeeds(spec: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(spec);
  if (range) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
  return spec.split(',').map(Number);
}
