// Checks the top-level keys (types of the plain ones, run_cap, controller, our extension keys),
// `method`, and the rules that tie sections together (docs/protocol/sweeps.md#top-level-keys, #grid, #bayes).
import type { JsonObject, Param, SearchMethod } from '../types.ts';
import { closest } from './forms.ts';
import { specPath } from './parameters.ts';
import { axisOf, latticeOf, MAX_GRID_POINTS } from '../space/discrete.ts';
import type { Report } from './report.ts';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

const W_AND_B_KEYS = ['method', 'parameters', 'metric', 'metrics', 'early_terminate', 'program', 'command', 'name',
  'description', 'project', 'entity', 'run_cap', 'controller', 'scheduler', 'job', 'image_uri', 'apiVersion', 'kind'];
/** Our extensions (`launch` is read by `sextant launch`); W&B ignores unknown top-level keys with a warning, so configs stay portable. */
const EXTENSION_KEYS = ['sample_without_replacement', 'seed', 'retry', 'launch'];
const METHODS: SearchMethod[] = ['grid', 'random', 'bayes', 'custom'];
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
  if ('retry' in config) readRetry(config.retry, report);
}

function readRetry(r: unknown, report: Report): void {
  if (!isObject(r)) {
    report.error(['retry'], 'retry must be a mapping {max: N}: how often a crashed or failed run is re-queued');
    return;
  }
  for (const key of Object.keys(r)) {
    if (key !== 'max') report.error(['retry', key], `unknown key '${key}' in retry (it only takes max)`, 'key');
  }
  if (!isInt(r.max) || r.max < 0) report.error(['retry', 'max'], 'retry.max must be an integer >= 0');
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
    const several = 'metrics' in config ? ' (with metrics, bayes searches for the Pareto front of your objectives)' : '';
    report.error(['method'], `method 'custom' leaves the search to your own code (a local controller's function or an external scheduler), which Sextant does not run; use grid, random or bayes${several}`);
  }
  return method as SearchMethod;
}

/** Rules that tie sections together: what each method needs. */
export function checkMethodNeeds(config: JsonObject, method: SearchMethod | undefined, params: Param[], report: Report): void {
  const hasMetric = 'metric' in config || 'metrics' in config;
  if (method === 'bayes' && !hasMetric) report.error(['metric'], 'method bayes needs a metric to optimize, e.g. metric: {name: val_loss, goal: minimize}');
  if ('early_terminate' in config && !hasMetric) report.error(['metric'], 'early_terminate needs a metric to compare runs on');
  if (method === 'bayes' && params.length > 0 && params.every((p) => p.type === 'constant')) {
    report.error(['parameters'], 'method bayes needs at least one parameter that is not a constant', 'key');
  }
  if (method === 'grid') {
    for (const p of params) {
      if (!GRID_TYPES.includes(p.type)) {
        report.error(specPath(p.path), `parameter '${p.name}' is a ${p.type}, which grid cannot enumerate; grid takes values (without probabilities), value, int_uniform or q_uniform`);
      }
    }
    if (params.every((p) => GRID_TYPES.includes(p.type))) checkGridSize(params, report);
  }
  if (config.sample_without_replacement === true) {
    if (method !== 'random') report.error(['sample_without_replacement'], `sample_without_replacement applies to method random only (grid never repeats anyway)`);
    const conditional = params.find((p) => p.when);
    if (conditional) report.error(['sample_without_replacement'], `sample_without_replacement does not support conditional parameters ('${conditional.name}' has a when); use method grid to run each combination once`);
    for (const p of params) {
      if (!isDiscrete(p)) report.error(specPath(p.path), `sample_without_replacement needs every parameter discrete, but '${p.name}' is a ${p.type}`);
    }
  }
}

/** A grid past MAX_GRID_POINTS is refused at the parameter with the most values. */
function checkGridSize(params: Param[], report: Report): void {
  const axes = params.map(axisOf);
  const size = latticeOf(axes).size;
  if (size <= MAX_GRID_POINTS) return;
  const widest = axes.reduce((w, axis, d) => (axis.length > axes[w].length ? d : w), 0);
  report.error(specPath(params[widest].path), `grid has ${size} points, more than Sextant enumerates (${MAX_GRID_POINTS}); '${params[widest].name}' alone has ${axes[widest].length} values: give it fewer, or search with method random or bayes`);
}

/** Parameters with finitely many values: the ones sampling without replacement can enumerate. */
function isDiscrete(p: Param): boolean {
  return ['categorical', 'categorical_w_probabilities', 'constant', 'int_uniform', 'q_uniform'].includes(p.type);
}

