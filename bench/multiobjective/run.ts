// bench/multiobjective: bayes with `metrics` (ParEGO) and random search against Optuna's
// multi-objective samplers (NSGA-II, TPE) on ZDT1–3 and 2-objective DTLZ2. Writes RESULTS.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkSweepConfig, createRng, hypervolume2d, nextRuns, type SweepConfig, type SweepRun } from '../../packages/sweeps/index.ts';
import { markdownTable, writeResults } from '../results.ts';
import { lineClient, parseSeeds, pythonOf } from '../optimizer/participants.ts';
import { PROBLEMS, REFERENCE, type Problem } from './problems.ts';

const here = import.meta.dirname;
const OURS = ['bayes', 'random'];
const ANCHORS = ['nsga2', 'tpe'];
const BUDGETS = [50, 100];

const { values: flags } = parseArgs({
  options: {
    problems: { type: 'string', default: PROBLEMS.map((p) => p.name).join(',') },
    seeds: { type: 'string', default: '100-109' },
    dim: { type: 'string', default: '6' },
    optimizers: { type: 'string', default: [...OURS, ...ANCHORS].join(',') },
    jobs: { type: 'string', default: '2' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  process.stdout.write(`Usage: node bench/multiobjective/run.ts [--problems zdt1,dtlz2] [--seeds 100-109|1,2] [--dim 6] [--optimizers bayes,random,nsga2,tpe] [--jobs 2]

Runs every optimizer ${Math.max(...BUDGETS)} sequential trials per problem and seed and writes the hypervolume
(reference points ${REFERENCE.join(', ')} and a wide one per problem) at ${BUDGETS.join(' and ')} trials, as a fraction of the true front's, to RESULTS.md
(raw objective vectors under bench/multiobjective/out/). nsga2 and tpe are Optuna's NSGAIISampler and
TPESampler, run in the optuna environment of bench/optimizer/venv.sh.
`);
  process.exit(0);
}
const seeds = parseSeeds(flags.seeds);
const dim = Number(flags.dim);
const optimizers = flags.optimizers.split(',');
for (const o of optimizers) if (!OURS.includes(o) && !ANCHORS.includes(o)) throw new Error(`unknown optimizer ${o}`);
const problems = flags.problems.split(',').map((name) => {
  const p = PROBLEMS.find((q) => q.name === name);
  if (!p) throw new Error(`unknown problem ${name}; known: ${PROBLEMS.map((q) => q.name).join(', ')}`);
  return p;
});
const trials = Math.max(...BUDGETS);
const started = Date.now();
const log = (m: string): void => void process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${m}\n`);

/** One study: ask for a point in [0, 1]^dim, tell its two objective values. */
interface Study { ask(): Promise<number[]>; tell(ys: [number, number]): Promise<void> }

function oursStudy(method: string, seed: number): Study {
  const parameters = Object.fromEntries(Array.from({ length: dim }, (_, i) => [`x${i}`, { distribution: 'uniform', min: 0, max: 1 }]));
  const check = checkSweepConfig({ method, seed, metrics: [{ name: 'f1' }, { name: 'f2' }], parameters });
  if (!check.config) throw new Error(JSON.stringify(check.violations));
  const config: SweepConfig = check.config;
  const rng = createRng(seed);
  const runs: SweepRun[] = [];
  let last: SweepRun['config'] = {};
  return {
    ask: async () => {
      [{ config: last }] = nextRuns(config, runs, 1, rng);
      return Array.from({ length: dim }, (_, i) => last[`x${i}`].value as number);
    },
    tell: async ([f1, f2]) => void runs.push({ id: `r${runs.length}`, state: 'finished', config: last, summary: { f1, f2 }, history: [] }),
  };
}

const optunaPython = optimizers.some((o) => ANCHORS.includes(o)) ? pythonOf('optuna') : undefined;
let optunaVersion = '';

async function anchorStudy(optimizer: string, seed: number): Promise<Study & { close(): void }> {
  const { call, child } = lineClient(optunaPython as string, [join(here, 'anchors.py')]);
  optunaVersion = (await call({ op: 'start', optimizer, dim, seed })).version as string;
  return {
    ask: async () => (await call({ op: 'ask' })).x as number[],
    tell: async (ys) => void (await call({ op: 'tell', ys })),
    close: () => child.stdin.end(),
  };
}

/** points[problem][optimizer][seed index] = the objective vectors of every trial, in order. */
const points: Record<string, Record<string, number[][][]>> = Object.fromEntries(problems.map((p) => [p.name, Object.fromEntries(optimizers.map((o) => [o, []]))]));
const jobs = problems.flatMap((problem) => optimizers.flatMap((optimizer) => seeds.map((seed, index) => ({ problem, optimizer, seed, index }))));

async function runJob(problem: Problem, optimizer: string, seed: number, index: number): Promise<void> {
  const study = OURS.includes(optimizer) ? oursStudy(optimizer, seed) : await anchorStudy(optimizer, seed);
  const trace: number[][] = [];
  for (let t = 0; t < trials; t++) {
    const ys = problem.evaluate(await study.ask());
    trace.push(ys);
    await study.tell(ys);
  }
  if ('close' in study) (study as { close(): void }).close();
  points[problem.name][optimizer][index] = trace;
  log(`${problem.name} ${optimizer} seed ${seed}: hypervolume ${hypervolume2d(trace, REFERENCE).toFixed(4)}`);
}

// Ours compute in this thread (one at a time); the anchors wait on their own processes, `jobs` at a time.
const anchorJobs = jobs.filter((j) => ANCHORS.includes(j.optimizer));
const lanes = Array.from({ length: Number(flags.jobs) }, async () => {
  for (let job = anchorJobs.shift(); job; job = anchorJobs.shift()) await runJob(job.problem, job.optimizer, job.seed, job.index);
});
for (const job of jobs.filter((j) => OURS.includes(j.optimizer))) await runJob(job.problem, job.optimizer, job.seed, job.index);
await Promise.all(lanes);

mkdirSync(join(here, 'out'), { recursive: true });
writeFileSync(join(here, 'out', 'points.json'), JSON.stringify(points));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
type Reference = (p: Problem) => [number, number];
const near: Reference = () => REFERENCE;
const wide: Reference = (p) => p.wide;
/** The hypervolume of each seed's first `budget` trials, as a fraction of the true front's. */
const fractions = (p: Problem, o: string, budget: number, ref: Reference): number[] => {
  const best = hypervolume2d(p.front(10_001), ref(p));
  return points[p.name][o].map((trace) => hypervolume2d(trace.slice(0, budget), ref(p)) / best);
};
const table = (ref: Reference): string => markdownTable(['problem', 'optimizer', ...BUDGETS.flatMap((b) => [`median @${b}`, `mean @${b}`])],
  problems.flatMap((p) => optimizers.map((o) => [
    p.name, o,
    ...BUDGETS.flatMap((b) => {
      const f = fractions(p, o, b, ref);
      return [median(f).toFixed(3), (f.reduce((a, x) => a + x, 0) / f.length).toFixed(3)];
    }),
  ])));
/** How many (problem, seed) pairs bayes dominated more hypervolume than each other optimizer. */
const wins = (ref: Reference): string => markdownTable(['against', ...BUDGETS.map((b) => `@${b}`)], optimizers.filter((o) => o !== 'bayes').map((o) => [o, ...BUDGETS.map((b) => {
  let won = 0;
  let total = 0;
  for (const p of problems) {
    const ours = fractions(p, 'bayes', b, ref);
    fractions(p, o, b, ref).forEach((theirs, i) => { total++; if (ours[i] > theirs) won++; });
  }
  return `${won} / ${total}`;
})]));
const names: Record<string, string> = { bayes: 'bayes (Sextant, ParEGO)', random: 'random (Sextant)', nsga2: `Optuna ${optunaVersion} NSGAIISampler`, tpe: `Optuna ${optunaVersion} TPESampler` };
writeResults(here, 'Multi-objective search: hypervolume', [
  `Problems: ${problems.map((p) => p.name).join(', ')} (d = ${dim}, two objectives, both minimized); seeds ${seeds.join(', ')}. ` +
    `A figure is the hypervolume the trials so far dominate, as a fraction of the true front's.`,
  `Optimizers: ${optimizers.map((o) => names[o]).join('; ')}.`,
  `## Reference point (${REFERENCE.join(', ')}): just beyond the front`,
  table(near),
  ...(optimizers.includes('bayes') ? ['(Problem, seed) pairs on which bayes dominated more hypervolume:', wins(near)] : []),
  `## Wide reference point (${problems.map((p) => `${p.name} (${p.wide.join(', ')})`).join(', ')}): beyond the worst values`,
  table(wide),
  ...(optimizers.includes('bayes') ? ['(Problem, seed) pairs on which bayes dominated more hypervolume:', wins(wide)] : []),
]);
