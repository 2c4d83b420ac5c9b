// bench/multifidelity: search plus early stopping at an equal budget of training epochs. Ours
// (bayes or random with W&B's hyperband, run by packages/sweeps exactly as a sweep runs them)
// against Optuna's TPE with its Hyperband and successive-halving pruners, on simulated learning
// curves that cross (curves.ts) and on a real network trained epoch by epoch (training.ts). Writes
// RESULTS.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkSweepConfig, createRng, nextRuns, stopRuns, type SweepRun } from '../../packages/sweeps/index.ts';
import { lineClient, parseSeeds, pythonOf } from '../optimizer/participants.ts';
import { formatRegret, median, normalizedRegret, ranks } from '../optimizer/report.ts';
import { markdownTable, writeResults } from '../results.ts';
import { curveProblem, type CurveProblem } from './curves.ts';
import { closeTraining, trainingProblem } from './training.ts';

const here = import.meta.dirname;
const EPOCHS = 27;
const ETA = 3;
/** name → [search, early stopping]: ours run in this process, tpe in Optuna. */
const PAIRINGS: Record<string, [string, string]> = {
  'bayes+hyperband': ['bayes', 'hyperband'],
  'random+hyperband': ['random', 'hyperband'],
  bayes: ['bayes', 'none'],
  'tpe+hyperband': ['tpe', 'hyperband'],
  'tpe+halving': ['tpe', 'halving'],
  tpe: ['tpe', 'none'],
};
const FRACTIONS = [0.25, 0.5, 1];

const { values: flags } = parseArgs({
  options: {
    problems: { type: 'string', default: 'curves-4,curves-8,digits' },
    seeds: { type: 'string', default: '100-109' },
    budget: { type: 'string', default: '20' },
    pairings: { type: 'string', default: Object.keys(PAIRINGS).join(',') },
    out: { type: 'string', default: join(here, 'RESULTS.md') },
    json: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  process.stdout.write(`Usage: node bench/multifidelity/run.ts [--problems curves-4,curves-8,digits] [--seeds 100-109] [--budget B] [--pairings a,b] [--json FILE]

Each study trains runs epoch by epoch (${EPOCHS} epochs a run) until B × ${EPOCHS} epochs are spent,
asking the search for a run and the early stopping whether to stop it after every epoch. Problems:
curves-D, simulated learning curves that cross in D dimensions (curves.ts); digits, a real network
trained on scikit-learn's digits, scored on a test split no optimizer sees (training.py; its
normalizer trains 100 random networks a seed once, kept under ~/.cache/sextant/multifidelity). Pairings: ${Object.keys(PAIRINGS).join(', ')}.
Ours use hyperband as a sweep does (max_iter ${EPOCHS}, s 3, eta ${ETA}: bands 1, 3, 9); Optuna
5.0's TPE uses HyperbandPruner(min_resource 1, max_resource ${EPOCHS}, reduction_factor ${ETA}) or
SuccessiveHalvingPruner(min_resource 1, reduction_factor ${ETA}) (bench/optimizer/venv.sh optuna).
Score: the true (noiseless or test) loss after ${EPOCHS} epochs of the best run trained to the end,
as normalized regret, at 25%, 50% and all of the budget; --json writes each seed's regret at the
full budget ({problem: {pairing: [regret per seed]}}, seeds in order).
`);
  process.exit(0);
}
const problemNames = flags.problems.split(',');
for (const name of problemNames) if (name !== 'digits' && !/^curves-\d+$/.test(name)) throw new Error(`unknown problem ${name}; known: curves-D (D dimensions), digits`);
const seeds = parseSeeds(flags.seeds);
const budget = Number(flags.budget) * EPOCHS;
const pairings = flags.pairings.split(',');
for (const p of pairings) if (!PAIRINGS[p]) throw new Error(`unknown pairing ${p}; known: ${Object.keys(PAIRINGS).join(', ')}`);
const optuna = pairings.some((p) => PAIRINGS[p][0] === 'tpe') ? lineClient(pythonOf('optuna'), [join(here, 'pruned_anchors.py')]) : undefined;
const started = Date.now();

interface Study {
  /** [epochs spent, best true loss at full training so far] after each run trained to the end. */
  finished: Array<[number, number]>;
  runs: number;
  stopped: number;
}
/** studies[problem][pairing][seed index] */
const studies: Record<string, Record<string, Study[]>> = {};
const references: Record<string, Array<{ fstar: number; clip: number }>> = {};
for (const name of problemNames) {
  studies[name] = Object.fromEntries(pairings.map((p) => [p, []]));
  references[name] = [];
  for (const seed of seeds) {
    const problem = name === 'digits' ? await trainingProblem(seed, EPOCHS) : curveProblem(Number(name.slice('curves-'.length)), EPOCHS, seed);
    for (const pairing of pairings) studies[name][pairing].push(await study(problem, pairing, seed));
    references[name].push(await problem.reference(pairings.flatMap((p) => studies[name][p].at(-1)!.finished.map(([, best]) => best))));
    process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${name} seed ${seed}\n`);
  }
}
optuna?.child.stdin.end();
closeTraining();
writeResults(here, 'Multi-fidelity: search with early stopping at an equal epoch budget', [report()], flags.out);
if (flags.json) writeFileSync(flags.json, JSON.stringify(Object.fromEntries(problemNames.map((name) => [name, Object.fromEntries(pairings.map((p) => [p, finalRegrets(name, p)]))]))));
process.exit(0);

async function study(problem: CurveProblem, pairing: string, seed: number): Promise<Study> {
  const [search, stopping] = PAIRINGS[pairing];
  return search === 'tpe' ? optunaStudy(problem, stopping, seed) : oursStudy(problem, search, stopping, seed);
}

/** Ours as a sweep runs it: nextRuns for each new run, stopRuns after every logged epoch. */
async function oursStudy(problem: CurveProblem, method: string, stopping: string, seed: number): Promise<Study> {
  const parameters = Object.fromEntries(Array.from({ length: problem.dims }, (_, i) => [`x${i}`, { distribution: 'uniform', min: 0, max: 1 }]));
  const early = stopping === 'hyperband' ? { early_terminate: { type: 'hyperband', max_iter: EPOCHS, s: 3, eta: ETA } } : {};
  const { config, violations } = checkSweepConfig({ method, seed, metric: { name: 'loss', goal: 'minimize' }, parameters, ...early });
  if (!config) throw new Error(`benchmark config invalid: ${JSON.stringify(violations)}`);
  const rng = createRng(seed);
  const runs: SweepRun[] = [];
  const result: Study = { finished: [], runs: 0, stopped: 0 };
  let spent = 0;
  let best = Infinity;
  while (spent < budget) {
    const [suggestion] = nextRuns(config, runs, 1, rng);
    const x = Array.from({ length: problem.dims }, (_, i) => suggestion.config[`x${i}`].value as number);
    const run: SweepRun = { id: `t${runs.length}`, state: 'running', config: suggestion.config, summary: {}, history: [] };
    runs.push(run);
    for (let epoch = 1; epoch <= problem.epochs && spent < budget; epoch++) {
      const loss = await problem.loss(x, epoch, runs.length - 1);
      run.history.push({ loss });
      run.summary = { loss };
      spent++;
      if (epoch < problem.epochs && stopRuns(config, runs).includes(run.id)) break;
    }
    run.state = run.history.length === problem.epochs ? 'finished' : 'killed';
    result.runs++;
    if (run.state === 'finished') {
      best = Math.min(best, await problem.finalLoss(x, runs.length - 1));
      result.finished.push([spent, best]);
    } else if (spent < budget) {
      result.stopped++;
    }
  }
  return result;
}

/** Optuna's TPE with a pruner, told every epoch's value and asked whether to prune. */
async function optunaStudy(problem: CurveProblem, pruner: string, seed: number): Promise<Study> {
  await optuna!.call({ op: 'start', dims: problem.dims, seed, pruner, epochs: problem.epochs, eta: ETA });
  const result: Study = { finished: [], runs: 0, stopped: 0 };
  let spent = 0;
  let best = Infinity;
  for (let trial = 0; spent < budget; trial++) {
    const x = (await optuna!.call({ op: 'ask' })).x as number[];
    let loss = NaN;
    let trained = 0;
    let pruned = false;
    for (let epoch = 1; epoch <= problem.epochs && spent < budget; epoch++) {
      loss = await problem.loss(x, epoch, trial);
      spent++;
      trained = epoch;
      if (epoch < problem.epochs && (await optuna!.call({ op: 'report', value: loss, epoch })).prune) {
        pruned = true;
        break;
      }
    }
    const complete = trained === problem.epochs;
    await optuna!.call({ op: 'tell', value: loss, pruned: !complete });
    result.runs++;
    if (complete) {
      best = Math.min(best, await problem.finalLoss(x, trial));
      result.finished.push([spent, best]);
    } else if (pruned) {
      result.stopped++;
    }
  }
  return result;
}

function regretAt(s: Study, fraction: number, ref: { fstar: number; clip: number }): number {
  const within = s.finished.filter(([spent]) => spent <= fraction * budget);
  return within.length === 0 ? 1 : Math.min(1, normalizedRegret(within.at(-1)![1], ref.fstar, ref.clip));
}

/** Each seed's regret at the full budget. */
function finalRegrets(problem: string, pairing: string): number[] {
  return studies[problem][pairing].map((s, k) => regretAt(s, 1, references[problem][k]));
}

/**
 * Seeds on which `a` ends better and worse than `b` (ties in neither), and the two-sided sign
 * test's p-value: how likely a split at least this uneven is if each seed were a coin toss.
 */
function headToHead(a: number[], b: number[]): string {
  const wins = a.filter((x, k) => x < b[k]).length;
  const losses = a.filter((x, k) => x > b[k]).length;
  const n = wins + losses;
  let tail = 0;
  for (let k = 0; k <= Math.min(wins, losses); k++) tail += binomial(n, k) / 2 ** n;
  const p = Math.min(1, 2 * tail);
  return `${wins}–${losses} (p ${p < 0.01 ? p.toPrecision(1) : p.toFixed(2)})`;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

function report(): string {
  const out: string[] = [];
  out.push(`Problems: ${problemNames.join(', ')}; curves-D are simulated learning curves (bench/multifidelity/curves.ts) in D dimensions, ` +
    'digits a network of 32 hidden units trained by SGD on scikit-learn\'s digits (bench/multifidelity/training.py: log learning rate, log L2 penalty, momentum, log batch size; validation log loss logged, test log loss scored). ' +
    `${EPOCHS} epochs a run, a budget of ${flags.budget} × ${EPOCHS} = ${budget} epochs a study, seeds ${seeds[0]}–${seeds.at(-1)} (${seeds.length}; ` +
    'a seed draws the instance, or the data split and initialization, and the search\'s seed). ' +
    `Score: normalized regret of the true (noiseless, or test) loss after ${EPOCHS} epochs of the best run trained to the end (0 = the best of the random points ` +
    '(20,000 simulated, 100 networks) and of every run trained, 1 = the random points\' median or no run trained to the end yet); median over seeds, best per row in bold.', '');
  const rows: string[][] = [];
  const rankSum = pairings.map(() => 0);
  for (const name of problemNames) {
    for (const fraction of FRACTIONS) {
      const scores = pairings.map((p) => median(studies[name][p].map((s, k) => regretAt(s, fraction, references[name][k]))));
      const r = ranks(scores);
      if (fraction === 1) r.forEach((x, k) => (rankSum[k] += x));
      rows.push([name, `${Math.round(fraction * 100)}%`, ...scores.map((s, k) => (r[k] === Math.min(...r) ? `**${formatRegret(s)}**` : formatRegret(s)))]);
    }
  }
  out.push('## Median normalized regret at a share of the epoch budget', '');
  out.push(markdownTable(['problem', 'budget', ...pairings], rows), '');
  out.push('## Average rank at the full budget (1 = best)', '');
  out.push(markdownTable(pairings, [rankSum.map((s) => (s / problemNames.length).toFixed(2))]), '');
  const [first, ...others] = pairings;
  if (others.length > 0) {
    out.push(`## ${first} against each pairing at the full budget`, '');
    out.push(`Seeds on which ${first} ends with a lower / higher regret (ties in neither), and the two-sided sign test's p-value.`, '');
    out.push(markdownTable(['problem', ...others], problemNames.map((d) => [d, ...others.map((p) => headToHead(finalRegrets(d, first), finalRegrets(d, p)))])), '');
  }
  out.push('## Runs started and stopped early (median per study)', '');
  out.push(markdownTable(['problem', ...pairings], problemNames.map((d) => [d,
    ...pairings.map((p) => `${median(studies[d][p].map((s) => s.runs))} / ${median(studies[d][p].map((s) => s.stopped))}`)])), '');
  return out.join('\n');
}
