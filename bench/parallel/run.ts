// bench/parallel: suggestions for N agents asking at once. Each round, an optimizer is asked for N
// points before any of them is evaluated (the earlier ones of the round are running), then all N
// are evaluated and told. Regret is compared per round of N suggestions, against Optuna's TPE with
// the same parallelism (constant_liar) and random search. Writes RESULTS.md.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRng, nextRuns, type SweepRun } from '../../packages/sweeps/index.ts';
import { lineClient, objectivesPy, parseSeeds, pointOf, problemsScript, pythonOf, sweepConfig, type Problem } from '../optimizer/participants.ts';
import { bestAt, formatRegret, median, normalizedRegret, ranks } from '../optimizer/report.ts';
import { markdownTable, writeResults } from '../results.ts';

const here = import.meta.dirname;
const OPTIMIZERS = ['bayes', 'random', 'tpe'];

const { values: flags } = parseArgs({
  options: {
    problems: { type: 'string', default: 'branin,hartmann6,levy10,hartmann3_noisy,mixed' },
    seeds: { type: 'string', default: '100-109' },
    agents: { type: 'string', default: '1,4,16' },
    evaluations: { type: 'string', default: '96' },
    out: { type: 'string', default: join(here, 'RESULTS.md') },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  process.stdout.write(`Usage: node bench/parallel/run.ts [--problems a,b] [--seeds 100-109] [--agents 1,4,16] [--evaluations E] [--out FILE]

For each problem, seed and number of agents N, runs E evaluations in rounds of N: each round asks
the optimizer for N points before any is evaluated (as N agents asking at once, the earlier ones
running), then evaluates all N (bench/optimizer/objectives.py) and tells them. Optimizers: ours
(bayes, random; pending runs are the round's earlier suggestions) and Optuna's TPE with
constant_liar=True (bench/optimizer/venv.sh optuna). E must be a multiple of every N.
Writes the median normalized regret per round of N suggestions and how far apart each round's
points are to RESULTS.md.
`);
  process.exit(0);
}
const problems = flags.problems.split(',');
const seeds = parseSeeds(flags.seeds);
const agentCounts = flags.agents.split(',').map(Number);
const evaluations = Number(flags.evaluations);
for (const n of agentCounts) if (evaluations % n !== 0) throw new Error(`--evaluations ${evaluations} is not a multiple of ${n} agents`);

const objectivesPython = pythonOf('objectives');
const spaces = JSON.parse(objectivesPy(objectivesPython, 'describe')) as Record<string, Problem>;
for (const p of problems) {
  if (!spaces[p]) throw new Error(`unknown problem ${p}; known: ${Object.keys(spaces).join(', ')}`);
  if (spaces[p].fstar === null) throw new Error(`${p} has no known optimum; bench/parallel takes synthetic problems`);
}
const evaluator = lineClient(objectivesPython, [problemsScript, 'serve']);
const tpe = lineClient(pythonOf('optuna'), [join(here, 'batch_anchors.py')]);
const started = Date.now();

interface Study { values: number[]; spread: number[] }
/** studies[problem][agents][optimizer][seed index] */
const studies: Record<string, Record<number, Record<string, Study[]>>> = {};
for (const problem of problems) {
  studies[problem] = {};
  for (const n of agentCounts) {
    studies[problem][n] = Object.fromEntries(OPTIMIZERS.map((o) => [o, []]));
    for (const seed of seeds) for (const optimizer of OPTIMIZERS) studies[problem][n][optimizer].push(await study(problem, optimizer, n, seed));
    process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${problem}, ${n} agents\n`);
  }
}
evaluator.child.stdin.end();
tpe.child.stdin.end();
writeResults(here, 'Parallel agents: suggestions per round of N, bayes against Optuna TPE (constant liar) and random', [report()], flags.out);
process.exit(0);

/** One study: rounds of n suggestions, each round evaluated after all its points were handed out. */
async function study(problem: string, optimizer: string, n: number, seed: number): Promise<Study> {
  const space = spaces[problem];
  const values: number[] = [];
  const spread: number[] = [];
  const config = optimizer === 'tpe' ? undefined : sweepConfig(space, optimizer, seed);
  const rng = createRng(seed);
  const runs: SweepRun[] = [];
  if (optimizer === 'tpe') await tpe.call({ op: 'start', space, seed });
  for (let round = 0; round < evaluations / n; round++) {
    let points: number[][];
    let configs: Array<SweepRun['config']> = [];
    if (optimizer === 'tpe') {
      points = (await tpe.call({ op: 'ask', n })).xs as number[][];
    } else {
      configs = nextRuns(config!, runs, n, rng).map((s) => s.config);
      points = configs.map((c) => pointOf(space, c));
    }
    if (n > 1) spread.push(closestPair(space, points));
    const ys: number[] = [];
    for (const [k, x] of points.entries()) {
      const { y, f } = (await evaluator.call({ problem, seed, trial: values.length, x })) as { y: number; f: number };
      values.push(f);
      ys.push(y);
      if (optimizer !== 'tpe') runs.push({ id: `t${runs.length}`, state: 'finished', config: configs[k], summary: { objective: y }, history: [] });
    }
    if (optimizer === 'tpe') await tpe.call({ op: 'tell', ys });
  }
  return { values, spread };
}

/** The distance between the two closest points of a round, in the unit cube of the space (a category counts 1 when it differs). */
function closestPair(space: Problem, points: number[][]): number {
  const gap = (i: number, u: number, v: number): number => {
    const [a, b] = [space.lower[i], space.upper[i]];
    if (space.kinds[i] === 'cat') return u === v ? 0 : 1;
    return space.kinds[i] === 'log' ? Math.log(u / v) / Math.log(b / a) : (u - v) / (b - a);
  };
  let closest = Infinity;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) closest = Math.min(closest, Math.hypot(...points[i].map((u, k) => gap(k, u, points[j][k]))));
  }
  return closest;
}

function report(): string {
  const clips = Object.fromEntries(problems.map((p) => [p, Number(objectivesPy(objectivesPython, 'clip', p))]));
  const out: string[] = [];
  out.push(`Seeds ${seeds[0]}–${seeds.at(-1)} (${seeds.length}), ${evaluations} evaluations in rounds of N = ${agentCounts.join(', ')} agents. ` +
    'Each round hands out N points before any is evaluated. Ours see the round\'s earlier points as pending runs (bayes: kriging believer, see docs/bayes.md); ' +
    'Optuna 5.0 TPE runs with constant_liar=True. Median normalized regret over seeds (0 = optimum, 1 = no better than one random point); best per row in bold.', '');
  const fractions = [0.25, 0.5, 1];
  const rows: string[][] = [];
  const rankSums = Object.fromEntries(agentCounts.map((n) => [n, OPTIMIZERS.map(() => 0)]));
  for (const problem of problems) {
    const { fstar } = spaces[problem];
    for (const n of agentCounts) {
      for (const fraction of fractions) {
        const rounds = Math.round((fraction * evaluations) / n);
        const scores = OPTIMIZERS.map((o) => median(studies[problem][n][o].map((s) => normalizedRegret(bestAt(s.values, rounds * n), fstar!, clips[problem]))));
        const r = ranks(scores);
        if (fraction === 1) r.forEach((x, k) => (rankSums[n][k] += x));
        rows.push([problem, String(n), `${rounds} (${rounds * n})`, ...scores.map((s, k) => (r[k] === Math.min(...r) ? `**${formatRegret(s)}**` : formatRegret(s)))]);
      }
    }
  }
  out.push('## Median normalized regret after a number of rounds', '');
  out.push(markdownTable(['problem', 'agents N', 'rounds (evaluations)', ...OPTIMIZERS], rows), '');
  out.push(`## Average rank after all ${evaluations} evaluations (1 = best)`, '');
  out.push(markdownTable(['agents N', ...OPTIMIZERS], agentCounts.map((n) => [String(n), ...rankSums[n].map((s) => (s / problems.length).toFixed(2))])), '');
  out.push('## Cost of parallelism: bayes regret after all evaluations, N agents against one', '');
  out.push(markdownTable(['problem', ...agentCounts.map((n) => `N = ${n}`)], problems.map((p) => [p, ...agentCounts.map((n) =>
    formatRegret(median(studies[p][n].bayes.map((s) => normalizedRegret(bestAt(s.values, evaluations), spaces[p].fstar!, clips[p])))))])), '');
  const parallel = agentCounts.filter((n) => n > 1);
  if (parallel.length) {
    out.push('## Do a round\'s points cluster? Median distance between the two closest points of a round (unit cube)', '');
    out.push(markdownTable(['problem', 'agents N', ...OPTIMIZERS], problems.flatMap((p) => parallel.map((n) => [p, String(n),
      ...OPTIMIZERS.map((o) => median(studies[p][n][o].flatMap((s) => s.spread)).toFixed(3))]))), '');
  }
  return out.join('\n');
}
