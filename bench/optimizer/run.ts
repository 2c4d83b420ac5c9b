// bench/optimizer: our bayes and random against other projects' optimizers (anchors.py), side by
// side in one run, on the protocol of shared/bench/README.md. Writes RESULTS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRng, nextRuns, type SweepRun } from '../../packages/sweeps/index.ts';
import { forgetFits } from '../../packages/sweeps/search/bayes/refit.ts';
import { averageRanks, BUDGETS, bestAt, bootstrapRankIntervals, formatRegret, median, normalizedRegret, ranks } from './report.ts';
import { markdownTable, writeResults } from '../results.ts';
import { here, lineClient, objectivesPy as objectivesIn, parseSeeds, problemsScript, pointOf, pythonOf, sweepConfig, type Problem } from './participants.ts';
import { digestOf, objectivesDigest, readStudy, sourcesOf, writeStudy, type StudyKey } from './study-cache.ts';

const outDir = join(here, 'out');
/** The environment (venv.sh) each anchor runs in; ours run here. */
const ANCHORS: Record<string, string> = { tpe: 'optuna', tpe_mv: 'optuna', gp: 'optuna', cmaes: 'optuna', hebo: 'hebo', smac: 'smac', wandb_bayes: 'sweeps' };
/** Problems whose instances (seeds 0–19) were used to choose bayes's settings. */
// hartmann3_noisy, styblinski20 and mixed were held out until 2026-12-04, when they helped choose
// how the acquisition's gradient ascent steps (docs/bayes.md): since then they count as tuned.
const TUNED = ['branin', 'hartmann6', 'rosenbrock10', 'ackley10', 'levy10', 'svm_breast', 'dt_digits', 'hartmann3_noisy', 'styblinski20', 'mixed'];
const HELD_OUT = ['sgd_digits', 'net_surrogate', 'shekel_noisy', 'rastrigin20'];
const LATENCY_DIMS = [2, 6, 10, 20];
const LATENCY_RUNS = [100, 500, 1000];
const ANCHOR_LATENCY_STUDIES = 5;

const { values: flags } = parseArgs({
  options: {
    problems: { type: 'string', default: [...TUNED, ...HELD_OUT].join(',') },
    seeds: { type: 'string', default: '100-119' },
    trials: { type: 'string', default: '100' },
    short: { type: 'string', default: '' },
    optimizers: { type: 'string', default: ['bayes', 'random', ...Object.keys(ANCHORS)].join(',') },
    jobs: { type: 'string', default: '2' },
    out: { type: 'string', default: join(here, 'RESULTS.md') },
    'no-latency': { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  process.stdout.write(`Usage: node bench/optimizer/run.ts [--problems a,b] [--seeds 100-119|0,3,5] [--trials T] [--short hebo=25] [--optimizers bayes,random,tpe,...] [--jobs J] [--out FILE] [--no-latency] [--fresh]

Runs every optimizer on every problem for each seed with T sequential trials, J studies at a time,
all objectives evaluated by bench/optimizer/objectives.py (and heldout.py, which adds the problems
added since bayes's settings were last chosen), and writes median normalized regret at 25/50/100
trials, wins, average ranks with bootstrap intervals and suggestion latency to RESULTS.md (raw
values under bench/optimizer/out/). Anchors: ${Object.keys(ANCHORS).join(', ')}; each runs in its
own environment, built on first use by venv.sh (optuna and hebo bring torch, about 6 GB each).
A finished study is kept under ~/.cache/sextant/optimizer-studies, keyed by digests of the
optimizer's code (or the anchor's version), the objectives (objectives.py, and heldout.py for its
problems), problem, seed and trials, and read back instead of run again (--fresh runs everything
anew), so the full protocol can be completed over several sittings; studies run seed by seed, so an
interrupted run leaves whole seeds.
--short gives an optimizer fewer trials than T (for anchors too slow for the whole protocol); it is
ranked only at the budgets its studies reach.
Example: node bench/optimizer/run.ts --problems branin,mixed --seeds 100-102 --trials 30 --optimizers bayes,tpe --no-latency
`);
  process.exit(0);
}
const problems = flags.problems.split(',');
const seeds = parseSeeds(flags.seeds);
const trials = Number(flags.trials);
const optimizers = flags.optimizers.split(',');
for (const o of optimizers) if (o !== 'bayes' && o !== 'random' && !ANCHORS[o]) throw new Error(`unknown optimizer ${o}`);
const shortTrials = parseShort(flags.short);
const trialsOf = (optimizer: string): number => shortTrials[optimizer] ?? trials;
const started = Date.now();
const log = (message: string): void => {
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${message}\n`);
};

const envs = new Set(['objectives', ...optimizers.filter((o) => ANCHORS[o]).map((o) => ANCHORS[o])]);
const interpreters = Object.fromEntries([...envs].map((e) => [e, pythonOf(e)]));
const objectivesPy = (...args: string[]): string => objectivesIn(interpreters.objectives, ...args);
const versions = Object.fromEntries([...envs].filter((e) => e !== 'objectives').map((e) => {
  const pkg = { optuna: 'optuna', hebo: 'HEBO', smac: 'smac', sweeps: 'sweeps' }[e] as string;
  return [e, spawnSync(interpreters[e], ['-c', `import importlib.metadata as m; print(m.version("${pkg}"))`], { encoding: 'utf8' }).stdout.trim()];
}));

const codeOf: Record<string, string> = { ours: digestOf(sourcesOf(join(here, '../../packages/sweeps'))), anchors: digestOf([join(here, 'anchors.py')]) };
const studyKey = (problem: string, optimizer: string, seed: number): StudyKey => ({
  problem, optimizer, seed, trials: trialsOf(optimizer), objectives: objectivesDigest(here, spaces[problem].file),
  code: ANCHORS[optimizer] ? `${versions[ANCHORS[optimizer]]}-${codeOf.anchors}` : codeOf.ours,
});
let reused = 0;
let oldest = '';

mkdirSync(outDir, { recursive: true });
const spaces = JSON.parse(objectivesPy('describe')) as Record<string, Problem>;
for (const p of problems) if (!spaces[p]) throw new Error(`unknown problem ${p}; known: ${Object.keys(spaces).join(', ')}`);

/** values[problem][optimizer][seed index] = noiseless objective value per trial. */
const values: Record<string, Record<string, number[][]>> = Object.fromEntries(problems.map((p) => [p, Object.fromEntries(optimizers.map((o) => [o, []]))]));
const seconds: Record<string, number> = Object.fromEntries(optimizers.map((o) => [o, 0]));
const jobs = seeds.flatMap((seed, index) => problems.flatMap((problem) => optimizers.map((optimizer) => ({ problem, optimizer, seed, index }))));
const jobsTotal = jobs.length;
let jobsDone = 0;

await Promise.all(Array.from({ length: Number(flags.jobs) }, () => lane()));
const latency = flags['no-latency'] ? undefined : await measureLatency();
writeFileSync(join(outDir, 'values.json'), JSON.stringify({ problems, seeds, trials, values }));
writeResults(here, 'Optimizer benchmark: Sextant bayes against random, Optuna, HEBO, SMAC3 and W&B', [report()], flags.out);
process.exit(0);

/** One study at a time from the shared queue, with its own evaluator and anchor processes. */
async function lane(): Promise<void> {
  const evaluator = lineClient(interpreters.objectives, [problemsScript, 'serve']);
  const anchors = new Map<string, ReturnType<typeof lineClient>>();
  for (let job = jobs.shift(); job; job = jobs.shift()) {
    const { problem, optimizer, seed, index } = job;
    const key = studyKey(problem, optimizer, seed);
    const cached = flags.fresh ? undefined : readStudy(key);
    if (cached) {
      values[problem][optimizer][index] = cached.values;
      seconds[optimizer] += cached.seconds;
      reused++;
      if (oldest === '' || cached.measured < oldest) oldest = cached.measured;
      jobsDone++;
      continue;
    }
    const space = spaces[problem];
    let study: { ask: () => Promise<number[]>; tell: (y: number) => Promise<void> };
    const t0 = performance.now();
    if (ANCHORS[optimizer]) {
      const env = ANCHORS[optimizer];
      if (!anchors.has(env)) anchors.set(env, lineClient(interpreters[env], [join(here, 'anchors.py')]));
      const anchor = anchors.get(env)!;
      await anchor.call({ op: 'start', optimizer, space, seed, trials: trialsOf(optimizer) });
      study = { ask: async () => (await anchor.call({ op: 'ask' })).x as number[], tell: async (y) => void (await anchor.call({ op: 'tell', y })) };
    } else {
      study = oursStudy(space, optimizer, seed);
    }
    const fs: number[] = [];
    let spent = 0;
    for (let trial = 0; trial < trialsOf(optimizer); trial++) {
      const s0 = performance.now();
      const x = await study.ask();
      spent += performance.now() - s0;
      const { y, f } = (await evaluator.call({ problem, seed, trial, x })) as { y: number; f: number };
      fs.push(f);
      const s1 = performance.now();
      await study.tell(y);
      spent += performance.now() - s1;
    }
    seconds[optimizer] += spent / 1000;
    values[problem][optimizer][index] = fs;
    writeStudy(key, { values: fs, seconds: spent / 1000, measured: new Date().toISOString() });
    jobsDone++;
    const elapsed = (Date.now() - started) / 1000;
    const ran = jobsDone - reused;
    log(`${problem} ${optimizer} seed ${seed} in ${((performance.now() - t0) / 1000).toFixed(1)} s (${jobsDone}/${jobsTotal}, ${reused} from the cache, about ${Math.round((elapsed / ran) * (jobsTotal - jobsDone))} s left)`);
  }
  evaluator.child.stdin.end();
  for (const a of anchors.values()) a.child.stdin.end();
}

/** Our method as a study: the sweep's runs so far in, the next suggestion out. */
function oursStudy(space: Problem, method: string, seed: number): { ask: () => Promise<number[]>; tell: (y: number) => Promise<void> } {
  const config = sweepConfig(space, method, seed);
  const rng = createRng(seed);
  const history: SweepRun[] = [];
  let pending: SweepRun['config'] = {};
  return {
    ask: async () => {
      [{ config: pending }] = nextRuns(config, history, 1, rng);
      return pointOf(space, pending);
    },
    tell: async (y) => {
      history.push({ id: `t${history.length}`, state: 'finished', config: pending, summary: { objective: y }, history: [] });
    },
  };
}


/**
 * Milliseconds per suggestion after `completed` finished runs. Bayes twice: the first suggestion
 * of a sweep (no fit in the memo, median of 3), and in a sweep (the mean of the last completed/10
 * suggestions as runs finish one by one, so it pays the refits at the steps of the fit's prefix as
 * a running sweep does). Random median of 3; Optuna's TPE one ask after as many trials, median of
 * ANCHOR_LATENCY_STUDIES studies (one ask alone varied up to twofold from run to run).
 */
async function measureLatency(): Promise<Record<string, Record<string, number>>> {
  const table: Record<string, Record<string, number>> = {};
  const timed = optimizers.filter((o) => o === 'bayes' || o === 'random' || o === 'tpe' || o === 'tpe_mv');
  const optuna = timed.some((o) => ANCHORS[o]) ? lineClient(interpreters.optuna, [join(here, 'anchors.py')]) : undefined;
  for (const d of LATENCY_DIMS) {
    for (const completed of LATENCY_RUNS) {
      const key = `d=${d}, ${completed} runs`;
      table[key] = {};
      const space: Problem = { lower: Array(d).fill(0), upper: Array(d).fill(1), kinds: Array(d).fill('float'), fstar: 0 };
      for (const optimizer of timed) {
        if (ANCHORS[optimizer]) {
          const asks: number[] = [];
          for (let k = 0; k < ANCHOR_LATENCY_STUDIES; k++) asks.push((await optuna!.call({ op: 'latency', optimizer, dim: d, completed })).seconds as number);
          table[key][optimizer] = 1000 * median(asks);
          continue;
        }
        const config = sweepConfig(space, optimizer, 0);
        const rng = createRng(1);
        const runs: SweepRun[] = Array.from({ length: completed }, (_, t) => {
          const x = Array.from({ length: d }, () => rng.uniform());
          const config: SweepRun['config'] = Object.fromEntries(x.map((v, i) => [`x${i}`, { value: v }]));
          return { id: `r${t}`, state: 'finished', config, summary: { objective: x.reduce((s, v) => s + (v - 0.3) ** 2, 0) }, history: [] };
        });
        const suggest = (upTo: number): number => {
          const t0 = performance.now();
          nextRuns(config, runs.slice(0, upTo), 1, rng);
          return performance.now() - t0;
        };
        if (optimizer !== 'bayes') {
          table[key][optimizer] = median([0, 1, 2].map(() => suggest(completed)));
          continue;
        }
        table[key]['bayes, first'] = median([0, 1, 2].map(() => {
          forgetFits();
          return suggest(completed);
        }));
        const window = completed / 10;
        forgetFits();
        suggest(completed - window);
        const times = Array.from({ length: window }, (_, k) => suggest(completed - window + 1 + k));
        table[key]['bayes, in a sweep'] = times.reduce((a, b) => a + b, 0) / window;
      }
      log(`latency ${key}: ${JSON.stringify(table[key])}`);
    }
  }
  optuna?.child.stdin.end();
  return table;
}

function heldOutSentence(heldOut: string[]): string {
  if (heldOut.length === 0) return 'No problem of this run was held out from choosing bayes\'s settings.';
  return `${heldOut.length === 1 ? `Problem ${heldOut[0]} was` : `Problems ${heldOut.join(', ')} were`} never used to choose bayes's settings.`;
}

function report(): string {
  const clips = clipValues();
  const budgets = [...BUDGETS.filter((b) => b < trials), trials];
  /** regret[problem][optimizer][budget index][seed index] */
  const regret: Record<string, Record<string, number[][]>> = {};
  const medianAt = (p: string, o: string, i: number): number => median(regret[p][o][i]);
  /** The optimizers whose studies reach budget i: the only ones ranked there. */
  const rankedAt = (i: number): string[] => optimizers.filter((o) => trialsOf(o) >= budgets[i]);
  /** One figure per optimizer of the run, '—' for those not ranked at budget i. */
  const spread = (i: number, figures: string[]): string[] => optimizers.map((o) => (rankedAt(i).includes(o) ? figures[rankedAt(i).indexOf(o)] : '—'));
  for (const problem of problems) {
    const { fstar, clip } = clips[problem];
    regret[problem] = Object.fromEntries(optimizers.map((o) => [o, budgets.map((b) => values[problem][o].map((v) => normalizedRegret(bestAt(v, b), fstar, clip)))]));
  }
  const out: string[] = [];
  const anchorVersions = Object.entries(versions).map(([e, v]) => `${e} ${v}`).join(', ');
  out.push(`Seeds ${seeds[0]}–${seeds.at(-1)} (${seeds.length}), ${trials} sequential trials, ${flags.jobs} ${flags.jobs === '1' ? 'study' : 'studies'} at a time; ${anchorVersions || 'no anchors'}. ` +
    (reused ? `${reused} of ${jobsTotal} studies were read from the cache of earlier runs (the oldest ran ${oldest.slice(0, 16).replace('T', ' ')} UTC), with the same code, objectives, seeds and trials; their suggestion seconds were measured then. ` : '') +
    Object.entries(shortTrials).map(([o, t]) => `${o} ran ${t} trials per study and is ranked only at budgets up to ${t}. `).join('') +
    `${heldOutSentence(HELD_OUT.filter((p) => problems.includes(p)))} The others were, on seeds 0–19.`, '');
  out.push('## Median normalized regret over seeds', '', '0 = optimum, 1 = no better than one random point; lower is better; best per row in bold.', '');
  const rows: string[][] = [];
  for (const problem of problems) {
    for (const [i, b] of budgets.entries()) {
      const scores = rankedAt(i).map((o) => medianAt(problem, o, i));
      const r = ranks(scores);
      rows.push([problem, String(b), ...spread(i, scores.map((s, k) => (r[k] === Math.min(...r) ? `**${formatRegret(s)}**` : formatRegret(s))))]);
    }
  }
  out.push(markdownTable(['problem', 'trials', ...optimizers], rows), '');
  const bootstrapRng = createRng(20261203);
  const random = (): number => bootstrapRng.uniform();
  for (const [title, group] of [['all problems', problems], ['held-out problems only', problems.filter((p) => HELD_OUT.includes(p))]] as const) {
    if (group.length === 0 || (group.length === problems.length && title !== 'all problems')) continue;
    out.push(`## Average rank, ${title} (1 = best; 95% bootstrap interval over seeds, 1,000 resamples)`, '');
    out.push(markdownTable(['trials', ...optimizers], budgets.map((b, i) => {
      if (rankedAt(i).length === 0) return [String(b), ...optimizers.map(() => '—')];
      const avg = averageRanks(group.map((p) => rankedAt(i).map((o) => medianAt(p, o, i))));
      const ci = bootstrapRankIntervals(group.map((p) => rankedAt(i).map((o) => regret[p][o][i])), 1000, random);
      return [String(b), ...spread(i, avg.map((a, k) => `${a.toFixed(2)} [${ci[k][0].toFixed(2)}–${ci[k][1].toFixed(2)}]`))];
    })), '');
  }
  out.push('## Wins per problem (lowest median regret; ties share)', '');
  const wins = optimizers.map(() => budgets.map(() => 0));
  out.push(markdownTable(['problem', ...budgets.map((b) => `${b} trials`)], problems.map((p) => [p, ...budgets.map((_, i) => {
    const scores = rankedAt(i).map((o) => medianAt(p, o, i));
    const best = rankedAt(i).filter((_, k) => scores[k] === Math.min(...scores));
    for (const o of best) wins[optimizers.indexOf(o)][i]++;
    return best.join(', ');
  })])), '');
  out.push(markdownTable(['wins', ...budgets.map((b) => `${b} trials`)], optimizers.map((o, k) => [o, ...wins[k].map((w, i) => (rankedAt(i).includes(o) ? String(w) : '—'))])), '');
  if (optimizers.includes('bayes') && trialsOf('bayes') === trials) {
    out.push('## Target: best average rank at every budget, never worse than random at the last', '');
    for (const [i, b] of budgets.entries()) {
      const avg = averageRanks(problems.map((p) => rankedAt(i).map((o) => medianAt(p, o, i))));
      const k = rankedAt(i).indexOf('bayes');
      out.push(`- ${b} trials: bayes ${avg[k].toFixed(2)}, ${avg.every((a) => a >= avg[k]) ? 'the best' : `behind ${rankedAt(i).filter((_, j) => avg[j] < avg[k]).join(', ')}`}.`);
    }
    if (optimizers.includes('random') && trialsOf('random') === trials) {
      const last = budgets.length - 1;
      const worse = problems.filter((p) => medianAt(p, 'bayes', last) > medianAt(p, 'random', last));
      out.push(`- ${trials} trials: ${worse.length ? `WORSE than random on ${worse.join(', ')}` : 'not worse than random on any problem'}.`);
    }
    out.push('');
  }
  out.push('## Time spent suggesting (seconds, all studies of the run)', '');
  out.push(markdownTable(optimizers, [optimizers.map((o) => seconds[o].toFixed(0))]), '');
  if (latency) {
    out.push('## Suggestion latency (ms per suggestion)', '');
    out.push("`bayes, first`: a sweep's first suggestion after that many runs, with no fit kept (after a server start), median of 3. `bayes, in a sweep`: the mean of the last tenth of the suggestions as the runs finish one by one, refits included (the hyperparameters are fitted again each time the fit's prefix steps, about every tenth run). Random median of 3; Optuna one ask after as many trials, median of " + ANCHOR_LATENCY_STUDIES + " studies.", '');
    const names = Object.keys(Object.values(latency)[0]);
    out.push(markdownTable(['setting', ...names], Object.entries(latency).map(([k, v]) => [k, ...names.map((n) => v[n].toFixed(1))])), '');
  }
  out.push('Clip values (the regret normalizer): synthetic problems, median of 100,000 random points drawn as random search draws them, of the unshifted function (seed 12345); ML tasks, median of the pooled random-search values of this run, with f* the best value any optimizer saw. On hartmann3_noisy and shekel_noisy the optimizers see the value plus Gaussian noise (sd 0.2) and are scored on the noiseless value of the points they tried.', '');
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
    cache[problem] ??= Number(objectivesPy('clip', problem));
    result[problem] = { fstar, clip: cache[problem] };
  }
  writeFileSync(cacheFile, JSON.stringify(cache));
  return result;
}

/** `hebo=25,smac=50` → the optimizers that run fewer trials than --trials, and how many. */
function parseShort(spec: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const item of spec.split(',').filter(Boolean)) {
    const [optimizer, count] = item.split('=');
    const n = Number(count);
    if (!optimizers.includes(optimizer)) throw new Error(`--short ${item}: ${optimizer} is not among --optimizers (${optimizers.join(',')})`);
    if (!Number.isInteger(n) || n < 1 || n > trials) throw new Error(`--short ${item}: the trials must be a whole number from 1 to --trials (${trials})`);
    result[optimizer] = n;
  }
  return result;
}
