// bench/conditional: a conditional space (a choice among three "models", each with its own
// parameters; the objective depends only on the chosen model's). bayes with `when` (inactive
// parameters left out and modelled as absent) against bayes on the flattened space (every
// parameter always present, the other models' simply ignored by the objective), random search and
// Optuna's TPE with its define-by-run conditional space. Writes RESULTS.md.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkSweepConfig, createRng, nextRuns, type Json, type JsonObject, type SweepConfig, type SweepRun } from '../../packages/sweeps/index.ts';
import { lineClient, parseSeeds, pythonOf } from '../optimizer/participants.ts';
import { bestAt, formatRegret, median, normalizedRegret } from '../optimizer/report.ts';
import { markdownTable, writeResults } from '../results.ts';

const here = import.meta.dirname;

const { values: flags } = parseArgs({
  options: {
    seeds: { type: 'string', default: '100-109' },
    evaluations: { type: 'string', default: '100' },
    optimizers: { type: 'string', default: 'bayes (when),bayes (flattened),random,tpe' },
    out: { type: 'string', default: join(here, 'RESULTS.md') },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  process.stdout.write(`Usage: node bench/conditional/run.ts [--seeds 100-109] [--evaluations 100] [--optimizers a,b] [--out FILE]

Minimizes a conditional objective (run.ts: model ∈ {mlp, svm, gbt}, 3, 2 and 4 own parameters, the
best model and every optimum shifted per seed) for E evaluations per seed with: bayes with when,
bayes on the flattened space, random (with when), and Optuna's TPE, define-by-run (tpe.py, in
bench/optimizer/venv.sh optuna). Writes the median normalized regret at E/2 and E to RESULTS.md.
`);
  process.exit(0);
}

interface Spec { name: string; kind: 'float' | 'log' | 'int'; low: number; high: number }
const MODELS: Record<string, Spec[]> = {
  mlp: [
    { name: 'mlp_lr', kind: 'log', low: 1e-4, high: 1 },
    { name: 'mlp_layers', kind: 'int', low: 1, high: 8 },
    { name: 'mlp_dropout', kind: 'float', low: 0, high: 0.8 },
  ],
  svm: [
    { name: 'svm_c', kind: 'log', low: 1e-3, high: 1e3 },
    { name: 'svm_gamma', kind: 'log', low: 1e-4, high: 10 },
  ],
  gbt: [
    { name: 'gbt_lr', kind: 'log', low: 1e-3, high: 1 },
    { name: 'gbt_depth', kind: 'int', low: 1, high: 12 },
    { name: 'gbt_subsample', kind: 'float', low: 0.3, high: 1 },
    { name: 'gbt_colsample', kind: 'float', low: 0.3, high: 1 },
  ],
};
const NAMES = Object.keys(MODELS);
/** What each model's best setting scores, shuffled per seed: the best model changes with the seed. */
const FLOORS = [0, 0.15, 0.3];

const optimizers = flags.optimizers.split(',');
const seeds = parseSeeds(flags.seeds);
const evaluations = Number(flags.evaluations);
const tpe = optimizers.includes('tpe') ? lineClient(pythonOf('optuna'), [join(here, 'tpe.py')]) : undefined;
const started = Date.now();

/** values[optimizer][seed index]: the objective of every evaluation in order. */
const values: Record<string, number[][]> = Object.fromEntries(optimizers.map((o) => [o, []]));
for (const seed of seeds) {
  for (const optimizer of optimizers) values[optimizer].push(await study(optimizer, seed));
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)} s] seed ${seed}\n`);
}
tpe?.child.stdin.end();
writeResults(here, 'Conditional parameters: bayes with when against the flattened space, random and Optuna TPE', [report()], flags.out);
process.exit(0);

/** A parameter's position in [0, 1]: log parameters in log space. */
function unit(p: Spec, v: number): number {
  return p.kind === 'log' ? Math.log(v / p.low) / Math.log(p.high / p.low) : (v - p.low) / (p.high - p.low);
}

/** The seed's objective: a floor per model plus a rippled bowl around a shifted optimum of its own parameters. */
function objectiveOf(seed: number): (params: Record<string, Json>) => number {
  const rng = createRng(seed * 7919 + 1);
  const order = NAMES.map((name) => ({ name, key: rng.uniform() })).sort((a, b) => a.key - b.key).map((o) => o.name);
  const floor = Object.fromEntries(order.map((name, i) => [name, FLOORS[i]]));
  const optimum = Object.fromEntries(NAMES.flatMap((name) => MODELS[name].map((p) => {
    // Integers get an attainable optimum, so the best value is exactly the floor.
    const u = 0.15 + 0.7 * rng.uniform();
    return [p.name, p.kind === 'int' ? unit(p, Math.round(p.low + u * (p.high - p.low))) : u];
  })));
  return (params) => {
    const model = params.model as string;
    let f = floor[model];
    for (const p of MODELS[model]) {
      const d = unit(p, params[p.name] as number) - optimum[p.name];
      f += d * d + 0.05 * (1 - Math.cos(6 * Math.PI * d));
    }
    return f;
  };
}

/** Our sweep config for the space; `conditional: false` drops every when (all parameters always present). */
function sweepConfig(method: string, seed: number, conditional: boolean): SweepConfig {
  const parameters: JsonObject = { model: { values: NAMES } };
  for (const name of NAMES) {
    for (const p of MODELS[name]) {
      const spec: JsonObject = p.kind === 'log' ? { distribution: 'log_uniform_values', min: p.low, max: p.high }
        : p.kind === 'int' ? { distribution: 'int_uniform', min: p.low, max: p.high }
          : { distribution: 'uniform', min: p.low, max: p.high };
      parameters[p.name] = conditional ? { ...spec, when: { model: name } } : spec;
    }
  }
  const { config, violations } = checkSweepConfig({ method, metric: { name: 'objective', goal: 'minimize' }, parameters, seed });
  if (!config) throw new Error(JSON.stringify(violations));
  return config;
}

async function study(optimizer: string, seed: number): Promise<number[]> {
  const f = objectiveOf(seed);
  const out: number[] = [];
  if (optimizer === 'tpe') {
    await tpe!.call({ op: 'start', models: MODELS, seed });
    for (let t = 0; t < evaluations; t++) {
      const y = f((await tpe!.call({ op: 'ask' })).params as Record<string, Json>);
      out.push(y);
      await tpe!.call({ op: 'tell', value: y });
    }
    return out;
  }
  const conditional = optimizer !== 'bayes (flattened)';
  const config = sweepConfig(optimizer.startsWith('bayes') ? 'bayes' : 'random', seed, conditional);
  const rng = createRng(seed);
  const runs: SweepRun[] = [];
  for (let t = 0; t < evaluations; t++) {
    const [suggestion] = nextRuns(config, runs, 1, rng);
    const params = Object.fromEntries(Object.entries(suggestion.config).map(([k, v]) => [k, v.value]));
    const inactive = Object.keys(params).filter((k) => k !== 'model' && !MODELS[params.model as string].some((p) => p.name === k));
    if (conditional && inactive.length > 0) throw new Error(`${optimizer} suggested inactive parameters ${inactive.join(', ')}`);
    const y = f(params);
    out.push(y);
    runs.push({ id: `t${t}`, state: 'finished', config: suggestion.config, summary: { objective: y }, history: [] });
  }
  return out;
}

/** The median objective of 2,000 uniformly random points: what normalized regret 1 stands for. */
function clipOf(seed: number): number {
  const f = objectiveOf(seed);
  const rng = createRng(seed ^ 0xc11f);
  const ys = Array.from({ length: 2000 }, () => {
    const model = NAMES[Math.floor(rng.uniform() * NAMES.length)];
    const params: Record<string, Json> = { model };
    for (const p of MODELS[model]) {
      const u = rng.uniform();
      params[p.name] = p.kind === 'log' ? p.low * (p.high / p.low) ** u : p.kind === 'int' ? Math.min(p.low + Math.floor(u * (p.high - p.low + 1)), p.high) : p.low + u * (p.high - p.low);
    }
    return f(params);
  });
  return median(ys);
}

function report(): string {
  const clips = seeds.map(clipOf);
  const budgets = [Math.round(evaluations / 4), Math.round(evaluations / 2), evaluations];
  const regretAt = (o: string, b: number): number => median(values[o].map((v, k) => normalizedRegret(bestAt(v, b), 0, clips[k])));
  const rows = optimizers.map((o) => [o, ...budgets.map((b) => {
    const r = regretAt(o, b);
    return r === Math.min(...optimizers.map((q) => regretAt(q, b))) ? `**${formatRegret(r)}**` : formatRegret(r);
  })]);
  const wins = (a: string, b: string, budget: number): number => values[a].filter((v, k) => bestAt(v, budget) < bestAt(values[b][k], budget)).length;
  const out: string[] = [];
  out.push(`Seeds ${seeds[0]}–${seeds.at(-1)} (${seeds.length}), ${evaluations} evaluations. Space: model ∈ {${NAMES.join(', ')}} with ` +
    `${NAMES.map((n) => `${MODELS[n].length} parameters of its own (${n})`).join(', ')}; ${1 + NAMES.reduce((s, n) => s + MODELS[n].length, 0)} parameters in all. ` +
    'The objective depends only on the chosen model\'s parameters; the best model and every optimum move with the seed. ' +
    'Median normalized regret over seeds (0 = the optimum, 1 = the median of random points); best per column in bold.', '');
  out.push(markdownTable(['optimizer', ...budgets.map((b) => `${b} evaluations`)], rows), '');
  out.push(`Normalized regret after ${evaluations} evaluations, per seed:`, '');
  out.push(markdownTable(['optimizer', ...seeds.map(String)], optimizers.map((o) => [o, ...values[o].map((v, k) => formatRegret(normalizedRegret(bestAt(v, evaluations), 0, clips[k])))])), '');
  if (optimizers.includes('bayes (when)') && optimizers.includes('bayes (flattened)')) {
    out.push(`Seeds where bayes with when ends better than on the flattened space: ${budgets.map((b) => `${wins('bayes (when)', 'bayes (flattened)', b)} of ${seeds.length} at ${b}`).join(', ')}` +
      ` (worse: ${budgets.map((b) => wins('bayes (flattened)', 'bayes (when)', b)).join(', ')}).`, '');
  }
  return out.join('\n');
}
