// bench/optimizer: our bayes and random against Optuna 3.1's TPE and multivariate TPE, side by
// side in one run, on the protocol of shared/bench/README.md. Writes RESULTS.md.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkSweepConfig, createRng, nextRuns, type SweepConfig, type SweepRun } from '../../packages/sweeps/index.ts';
import { BUDGETS, bestAt, formatRegret, median, normalizedRegret, ranks } from './report.ts';
import { markdownTable, writeResults } from '../results.ts';

const PYTHON = '/usr/bin/python3';
const here = import.meta.dirname;
const objectives = join(here, 'objectives.py');
const outDir = join(here, 'out');

const { values: flags } = parseArgs({
  options: {
    problems: { type: 'string', default: 'branin,hartmann6,rosenbrock10,ackley10,levy10,svm_breast,dt_digits' },
    seeds: { type: 'string', default: '10' },
    trials: { type: 'string', default: '100' },
    optimizers: { type: 'string', default: 'bayes,random,tpe,tpe_mv' },
    out: { type: 'string', default: join(here, 'RESULTS.md') },
    'no-latency': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  process.stdout.write(`Usage: node bench/optimizer/run.ts [--problems a,b] [--seeds N] [--trials T] [--optimizers bayes,random,tpe,tpe_mv] [--out FILE] [--no-latency]

Runs every optimizer on every problem for seeds 0..N-1 with T sequential trials, all objectives
evaluated by bench/optimizer/objectives.py, and writes median normalized regret at 25/50/100
trials, average ranks and suggestion latency to RESULTS.md (raw values under bench/optimizer/out/).
Optuna runs in a Python process on one core while ours run here on the other.
Example: node bench/optimizer/run.ts --problems branin,hartmann6 --seeds 3 --trials 50
`);
  process.exit(0);
}
const problems = flags.problems.split(',');
const seeds = Number(flags.seeds);
const trials = Number(flags.trials);
const optimizers = flags.optimizers.split(',');
const ours = optimizers.filter((o) => o === 'bayes' || o === 'random');
const optuna = optimizers.filter((o) => o === 'tpe' || o === 'tpe_mv');
const started = Date.now();
const log = (message: string): void => {
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${message}\n`);
};

ensurePython();
mkdirSync(outDir, { recursive: true });
interface Problem { lower: number[]; upper: number[]; kinds: string[]; fstar: number | null }
const spaces = JSON.parse(python('describe')) as Record<string, Problem>;
for (const p of problems) if (!spaces[p]) throw new Error(`unknown problem ${p}; known: ${Object.keys(spaces).join(', ')}`);

/** values[problem][optimizer][seed] = objective value per trial. */
const values: Record<string, Record<string, number[][]>> = Object.fromEntries(problems.map((p) => [p, {}]));
const jobsTotal = problems.length * seeds * optimizers.length;
let jobsDone = 0;
const progress = (what: string): void => {
  jobsDone++;
  const elapsed = (Date.now() - started) / 1000;
  log(`${what} (${jobsDone}/${jobsTotal}, about ${Math.round((elapsed / jobsDone) * (jobsTotal - jobsDone))} s left)`);
};

await Promise.all([runOptuna(), runOurs()]);
const latency = flags['no-latency'] ? undefined : await measureLatency();
writeFileSync(join(outDir, 'values.json'), JSON.stringify({ problems, seeds, trials, values }));
writeResults(here, 'Optimizer benchmark: Sextant bayes and random vs Optuna TPE', [report()], flags.out);

function ensurePython(): void {
  if (spawnSync(PYTHON, ['-c', 'import optuna, sklearn, numpy'], { stdio: 'ignore' }).status === 0) return;
  log('installing Debian packages python3-optuna python3-sklearn python3-numpy (apt-get)');
  for (const args of [['update'], ['install', '-y', 'python3-optuna', 'python3-sklearn', 'python3-numpy']]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed; install python3-optuna and python3-sklearn by hand`);
  }
}

function python(...args: string[]): string {
  const r = spawnSync(PYTHON, [objectives, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`objectives.py ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Optuna studies, one Python process at a time (one core), streaming a line per seed. */
async function runOptuna(): Promise<void> {
  for (const problem of problems) {
    for (const sampler of optuna) {
      const child = spawn(PYTHON, [objectives, 'optuna', problem, sampler, String(seeds), String(trials)], { stdio: ['ignore', 'pipe', 'inherit'] });
      const runs: number[][] = [];
      for await (const line of createInterface({ input: child.stdout })) {
        const { seed, values: v } = JSON.parse(line) as { seed: number; values: number[] };
        runs[seed] = v;
        progress(`${problem} ${sampler} seed ${seed}`);
      }
      values[problem][sampler] = runs;
    }
  }
}

/** Our optimizers through the sweeps library, evaluated by the same Python objectives. */
async function runOurs(): Promise<void> {
  const evaluator = spawn(PYTHON, [objectives, 'serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: evaluator.stdout })[Symbol.asyncIterator]();
  const evaluate = async (problem: string, seed: number, x: number[]): Promise<number> => {
    evaluator.stdin.write(`${JSON.stringify({ problem, seed, x })}\n`);
    const { value, done } = await lines.next();
    if (done) throw new Error('the objectives.py evaluator exited early');
    return (JSON.parse(value as string) as { y: number }).y;
  };
  for (const problem of problems) {
    const space = spaces[problem];
    for (const optimizer of ours) {
      const runs: number[][] = [];
      for (let seed = 0; seed < seeds; seed++) {
        const config = sweepConfig(space, optimizer, seed);
        const rng = createRng(seed);
        const history: SweepRun[] = [];
        const ys: number[] = [];
        for (let t = 0; t < trials; t++) {
          const [suggestion] = nextRuns(config, history, 1, rng);
          const x = space.lower.map((_, i) => suggestion.config[`x${i}`].value as number);
          const y = await evaluate(problem, seed, x);
          ys.push(y);
          history.push({ id: `t${t}`, state: 'finished', config: suggestion.config, summary: { objective: y }, history: [] });
        }
        runs[seed] = ys;
        progress(`${problem} ${optimizer} seed ${seed}`);
      }
      values[problem][optimizer] = runs;
    }
  }
  evaluator.stdin.end();
}

function sweepConfig(space: Problem, method: string, seed: number): SweepConfig {
  const parameters = Object.fromEntries(space.lower.map((lo, i) => {
    const hi = space.upper[i];
    const kind = space.kinds[i];
    const spec = kind === 'int' ? { distribution: 'int_uniform', min: lo, max: hi }
      : { distribution: kind === 'log' ? 'log_uniform_values' : 'uniform', min: lo, max: hi };
    return [`x${i}`, spec];
  }));
  const { config, violations } = checkSweepConfig({ method, seed, metric: { name: 'objective', goal: 'minimize' }, parameters });
  if (!config) throw new Error(`benchmark config invalid: ${JSON.stringify(violations)}`);
  return config;
}

/** Milliseconds per suggestion after `completed` finished runs, median of 3. */
async function measureLatency(): Promise<Record<string, Record<string, number>>> {
  const table: Record<string, Record<string, number>> = {};
  for (const d of [2, 6, 10]) {
    for (const completed of [100, 500]) {
      const key = `d=${d}, ${completed} runs`;
      table[key] = {};
      const space: Problem = { lower: Array(d).fill(0), upper: Array(d).fill(1), kinds: Array(d).fill('float'), fstar: 0 };
      for (const optimizer of ours) {
        const config = sweepConfig(space, optimizer, 0);
        const rng = createRng(1);
        const runs: SweepRun[] = Array.from({ length: completed }, (_, t) => {
          const x = Array.from({ length: d }, () => rng.uniform());
          const config: SweepRun['config'] = Object.fromEntries(x.map((v, i) => [`x${i}`, { value: v }]));
          return { id: `r${t}`, state: 'finished', config, summary: { objective: x.reduce((s, v) => s + (v - 0.3) ** 2, 0) }, history: [] };
        });
        const times = [0, 1, 2].map(() => {
          const t0 = performance.now();
          nextRuns(config, runs, 1, rng);
          return performance.now() - t0;
        });
        table[key][optimizer] = median(times);
      }
      for (const sampler of optuna) table[key][sampler] = 1000 * Number(python('latency', sampler, String(d), String(completed), '3'));
      log(`latency ${key}: ${JSON.stringify(table[key])}`);
    }
  }
  return table;
}

function report(): string {
  const clips = clipValues();
  const regret: Record<string, Record<string, number[]>> = {};
  const out: string[] = [];
  out.push(`${spawnSync(PYTHON, ['--version'], { encoding: 'utf8' }).stdout.trim()}, optuna ${spawnSync(PYTHON, ['-c', 'import optuna; print(optuna.__version__)'], { encoding: 'utf8' }).stdout.trim()}; ` +
    `${seeds} seeds, ${trials} trials; total ${Math.round((Date.now() - started) / 60000)} min.`, '');
  out.push('Median normalized regret over seeds (0 = optimum, 1 = no better than one random point; lower is better).', '');
  // The protocol's budgets up to the run's length, and the run's own last trial (a quick run's only row).
  const budgets = [...BUDGETS.filter((b) => b < trials), trials];
  const rows: string[][] = [];
  for (const problem of problems) {
    const { fstar, clip } = clips[problem];
    regret[problem] = {};
    for (const optimizer of optimizers) {
      regret[problem][optimizer] = budgets.map((b) => median(values[problem][optimizer].map((v) => normalizedRegret(bestAt(v, b), fstar, clip))));
    }
    for (const [i, b] of budgets.entries()) {
      const scores = optimizers.map((o) => regret[problem][o][i]);
      const r = ranks(scores);
      rows.push([problem, String(b), ...scores.map((s, k) => (r[k] === Math.min(...r) ? `**${formatRegret(s)}**` : formatRegret(s)))]);
    }
  }
  out.push(markdownTable(['problem', 'trials', ...optimizers], rows), '');
  out.push('## Average rank across problems (1 = best)', '');
  out.push(markdownTable(['trials', ...optimizers], budgets.map((b, i) => {
    const sums = optimizers.map(() => 0);
    for (const problem of problems) ranks(optimizers.map((o) => regret[problem][o][i])).forEach((r, k) => (sums[k] += r));
    return [String(b), ...sums.map((s) => (s / problems.length).toFixed(2))];
  })), '');
  if (optimizers.includes('bayes') && trials >= 100) {
    out.push('## Target: bayes below both TPE variants at 50 and 100 trials, never worse than random at 100', '');
    let wins = 0;
    for (const problem of problems) {
      const r = regret[problem];
      const at = (o: string, b: number): number => r[o]?.[budgets.indexOf(b)] ?? NaN;
      const beatsTpe = [50, 100].every((b) => optuna.every((o) => at('bayes', b) < at(o, b)));
      const beatsRandom = !r.random || at('bayes', 100) <= at('random', 100);
      if (beatsTpe) wins++;
      out.push(`- ${problem}: ${beatsTpe ? 'beats' : 'does not beat'} both TPE variants at 50 and 100; ${beatsRandom ? 'not worse' : 'WORSE'} than random at 100.`);
    }
    out.push('', `bayes beats both TPE variants on ${wins} of ${problems.length} problems.`, '');
  }
  if (latency) {
    out.push('## Suggestion latency (ms per suggestion, median of 3)', '');
    const names = [...ours, ...optuna];
    out.push(markdownTable(['setting', ...names], Object.entries(latency).map(([k, v]) => [k, ...names.map((n) => v[n].toFixed(1))])), '');
  }
  out.push('Clip values (the regret normalizer): synthetic problems, median of 100,000 uniform random points of the unshifted function (seed 12345); ML tasks, median of the pooled random-search values of this run, with f* the best value any optimizer saw.', '');
  return out.join('\n');
}

function clipValues(): Record<string, { fstar: number; clip: number }> {
  const cacheFile = join(outDir, 'clips.json');
  const cache = existsSync(cacheFile) ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, number>) : {};
  const result: Record<string, { fstar: number; clip: number }> = {};
  for (const problem of problems) {
    const all = Object.values(values[problem]).flat(2);
    const fstar = spaces[problem].fstar ?? Math.min(...all);
    if (spaces[problem].fstar === null) {
      const pooled = (values[problem].random ?? Object.values(values[problem])[0]).flat();
      result[problem] = { fstar, clip: median(pooled) };
      continue;
    }
    cache[problem] ??= Number(python('clip', problem));
    result[problem] = { fstar, clip: cache[problem] };
  }
  writeFileSync(cacheFile, JSON.stringify(cache));
  return result;
}
