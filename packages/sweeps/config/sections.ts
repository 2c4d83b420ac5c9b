// Checks and fills the top-level sections besides `parameters`: method, metric, early_terminate,
// run_cap, controller, scheduler and our extension keys (spec §1.1, §1.2, §1.6).
import type { HyperbandSpec, Impute, JsonObject, MetricSpec, Param, SearchMethod } from '../types.ts';
import { hyperbandBands } from '../stopping/bands.ts';
import { closest } from './forms.ts';
import type { Report } from './report.ts';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export const W_AND_B_KEYS = ['method', 'parameters', 'metric', 'metrics', 'early_terminate', 'program', 'command', 'name',
  'description', 'project', 'entity', 'run_cap', 'controller', 'scheduler', 'job', 'image_uri', 'apiVersion', 'kind'];
/** Our extensions; W&B ignores unknown top-level keys with a warning, so configs stay portable. */
export const EXTENSION_KEYS = ['sample_without_replacement', 'seed', 'retry'];
const METHODS: SearchMethod[] = ['grid', 'random', 'bayes', 'custom'];
const IMPUTES: Impute[] = ['latest', 'best', 'worst'];
const GRID_TYPES = ['categorical', 'constant', 'int_uniform', 'q_uniform'];

export function readTopLevelKeys(config: JsonObject, report: Report): void {
  for (const key of Object.keys(config)) {
    if (W_AND_B_KEYS.includes(key) || EXTENSION_KEYS.includes(key)) continue;
    const hint = closest(key, [...W_AND_B_KEYS, ...EXTENSION_KEYS]);
    report.warning([key], `unknown top-level key '${key}' is ignored${hint ? ` (did you mean '${hint}'?)` : ''}`, 'key');
  }
  for (const key of ['program', 'name', 'description', 'project', 'entity', 'job', 'image_uri', 'apiVersion']) {
    if (key in config && typeof config[key] !== 'string') report.error([key], `${key} must be a string`);
  }
  if ('command' in config && !Array.isArray(config.command)) report.error(['command'], 'command must be a list, e.g. [${env}, python, ${program}, ${args}]');
  if ('kind' in config && config.kind !== 'sweep') report.error(['kind'], "kind must be 'sweep'");
  if ('run_cap' in config && !(isInt(config.run_cap) && config.run_cap > 0)) report.error(['run_cap'], 'run_cap must be an integer > 0');
  if ('controller' in config) {
    const c = config.controller;
    if (!isObject(c) || (c.type !== 'local' && c.type !== 'cloud')) report.error(['controller', 'type'], "controller.type must be 'local' or 'cloud'");
  }
  if ('seed' in config && !isInt(config.seed)) report.error(['seed'], 'seed must be an integer');
  if ('sample_without_replacement' in config && typeof config.sample_without_replacement !== 'boolean') {
    report.error(['sample_without_replacement'], 'sample_without_replacement must be true or false');
  }
  if ('retry' in config) {
    const r = config.retry;
    if (!isObject(r) || !isInt(r.max) || r.max < 0 || Object.keys(r).some((k) => k !== 'max')) {
      report.error(['retry'], 'retry must be {max: N} with an integer N >= 0 (how often a crashed or failed run is re-queued)');
    }
  }
}

export function readMethod(config: JsonObject, report: Report): SearchMethod | undefined {
  const method = config.method;
  if (method === undefined) {
    report.error(['method'], 'method is required: grid, random or bayes');
    return undefined;
  }
  if (typeof method !== 'string' || !METHODS.includes(method as SearchMethod)) {
    report.error(['method'], `method must be grid, random or bayes (got ${JSON.stringify(method)})`);
    return undefined;
  }
  if (method === 'custom') {
    report.error(['method'], "method 'custom' needs a search function in a local controller, which Sextant does not run; use grid, random or bayes");
  }
  return method as SearchMethod;
}

export function readMetric(config: JsonObject, report: Report): MetricSpec | undefined {
  if (!('metric' in config)) return undefined;
  const m = config.metric;
  if (!isObject(m)) {
    report.error(['metric'], 'metric must be a mapping such as {name: val_loss, goal: minimize}');
    return undefined;
  }
  for (const key of Object.keys(m)) {
    if (!['name', 'goal', 'target', 'impute', 'impute_while_running'].includes(key)) {
      const hint = closest(key, ['name', 'goal', 'target', 'impute', 'impute_while_running']);
      report.error(['metric', key], `unknown key '${key}' in metric${hint ? ` (did you mean '${hint}'?)` : ''}`, 'key');
    }
  }
  if (typeof m.name !== 'string' || m.name === '') report.error(['metric', 'name'], 'metric.name is required: the key your script logs with wandb.log');
  const goal = m.goal ?? 'minimize';
  if (goal !== 'minimize' && goal !== 'maximize') {
    report.error(['metric', 'goal'], `metric.goal must be 'minimize' or 'maximize' (got ${JSON.stringify(goal)}; W&B would silently minimize)`);
  }
  if ('target' in m && typeof m.target !== 'number') report.error(['metric', 'target'], 'metric.target must be a number');
  const impute = m.impute ?? 'worst';
  if (!IMPUTES.includes(impute as Impute)) {
    report.error(['metric', 'impute'], `metric.impute must be latest, best or worst (got ${JSON.stringify(impute)})`);
  }
  // YAML `false` and the string "false" mean the same; W&B's schema only takes the string.
  const whileRunning = m.impute_while_running === false ? 'false' : (m.impute_while_running ?? 'false');
  if (whileRunning !== 'false' && !IMPUTES.includes(whileRunning as Impute)) {
    report.error(['metric', 'impute_while_running'], `metric.impute_while_running must be false, latest, best or worst (got ${JSON.stringify(whileRunning)})`);
  }
  return {
    name: String(m.name ?? ''),
    goal: goal === 'maximize' ? 'maximize' : 'minimize',
    ...(typeof m.target === 'number' ? { target: m.target } : {}),
    impute: IMPUTES.includes(impute as Impute) ? (impute as Impute) : 'worst',
    impute_while_running: whileRunning === 'false' || !IMPUTES.includes(whileRunning as Impute) ? 'false' : (whileRunning as Impute),
  };
}

export function readEarlyTerminate(config: JsonObject, report: Report): HyperbandSpec | undefined {
  if (!('early_terminate' in config)) return undefined;
  const e = config.early_terminate;
  if (!isObject(e)) {
    report.error(['early_terminate'], 'early_terminate must be a mapping such as {type: hyperband, min_iter: 3}');
    return undefined;
  }
  if (e.type !== 'hyperband') report.error(['early_terminate', 'type'], "early_terminate.type must be 'hyperband'");
  for (const key of Object.keys(e)) {
    if (!['type', 'min_iter', 'max_iter', 's', 'eta', 'strict'].includes(key)) {
      report.warning(['early_terminate', key], `unknown key '${key}' in early_terminate is ignored`, 'key');
    }
  }
  const spec: HyperbandSpec = { type: 'hyperband', eta: 3, strict: true };
  if ('max_iter' in e) {
    if (isInt(e.max_iter) && e.max_iter > 0) spec.max_iter = e.max_iter;
    else report.error(['early_terminate', 'max_iter'], 'max_iter must be an integer > 0');
  }
  if ('s' in e) {
    if (isInt(e.s) && e.s > 0) spec.s = e.s;
    else report.error(['early_terminate', 's'], 's must be an integer > 0 (the number of bands below max_iter)');
  }
  if ('min_iter' in e) {
    if (isInt(e.min_iter) && e.min_iter >= 1) spec.min_iter = e.min_iter;
    else report.error(['early_terminate', 'min_iter'], 'min_iter must be an integer >= 1');
  }
  if ('eta' in e) {
    if (typeof e.eta === 'number' && e.eta > 1) spec.eta = e.eta;
    else report.error(['early_terminate', 'eta'], 'eta must be a number > 1');
  }
  if ('strict' in e) {
    if (typeof e.strict === 'boolean') spec.strict = e.strict;
    else report.error(['early_terminate', 'strict'], 'strict must be true or false');
  }
  const hasMax = 'max_iter' in e && 's' in e;
  if (!hasMax && !('min_iter' in e)) {
    report.error(['early_terminate'], 'hyperband needs either min_iter, or both max_iter and s');
  } else if (!report.hasErrors && hyperbandBands(spec).length === 0) {
    report.error(['early_terminate'], 'these settings give no bands: increase s or min_iter, or decrease eta');
  }
  return spec;
}

/** Rules that tie sections together: what each method needs. */
export function checkMethodNeeds(config: JsonObject, method: SearchMethod | undefined, params: Param[], report: Report): void {
  if ('metric' in config && 'metrics' in config) report.error(['metrics'], 'metric and metrics cannot be used together');
  if ('metrics' in config) {
    report.error(['metrics'], 'metrics (multi-objective) needs method: custom in W&B and no built-in optimizer uses it; give a single metric');
  }
  if ('scheduler' in config) report.error(['scheduler'], 'scheduler (external optimizer engines) is not supported by Sextant; remove it and use method');
  if (method === 'bayes' && !isObject(config.metric)) report.error(['metric'], 'method bayes needs a metric to optimize, e.g. metric: {name: val_loss, goal: minimize}');
  if ('early_terminate' in config && !isObject(config.metric)) report.error(['metric'], 'early_terminate needs a metric to compare runs on');
  if (method === 'bayes' && params.length > 0 && params.every((p) => p.type === 'constant')) {
    report.error(['parameters'], 'method bayes needs at least one parameter that is not a constant');
  }
  if (method === 'grid') {
    for (const p of params) {
      if (!GRID_TYPES.includes(p.type)) {
        report.error(['parameters', ...p.path], `parameter '${p.name}' is a ${p.type}, which grid cannot enumerate; grid takes values (without probabilities), value, int_uniform or q_uniform`);
      }
    }
  }
  if (config.sample_without_replacement === true) {
    if (method !== 'random') report.error(['sample_without_replacement'], 'sample_without_replacement applies to method random only');
    for (const p of params) {
      if (!isDiscrete(p)) report.error(['parameters', ...p.path], `sample_without_replacement needs every parameter discrete, but '${p.name}' is a ${p.type}`);
    }
  }
}

/** Parameters with finitely many values: the ones sampling without replacement can enumerate. */
export function isDiscrete(p: Param): boolean {
  return ['categorical', 'categorical_w_probabilities', 'constant', 'int_uniform', 'q_uniform'].includes(p.type);
}

