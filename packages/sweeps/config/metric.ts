// Checks and fills `metric` and the multi-objective `metrics` list (docs/protocol/sweeps.md#top-level-keys, #metric).
import type { Impute, Json, JsonObject, MetricSpec } from '../types.ts';
import { closest } from './forms.ts';
import type { JsonPath } from './parse.ts';
import type { Report } from './report.ts';

const KEYS = ['name', 'goal', 'target', 'impute', 'impute_while_running'];
const IMPUTES: Impute[] = ['latest', 'best', 'worst'];
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readMetric(config: JsonObject, report: Report): MetricSpec | undefined {
  return 'metric' in config ? readOne(config.metric, ['metric'], report) : undefined;
}

/**
 * `metrics` is W&B's multi-objective list: at least 2 metrics with distinct names, not beside
 * `metric`. W&B takes it only with `method: custom` (which Sextant refuses on its own, see
 * readMethod); Sextant also runs it with bayes, which searches for the Pareto front (docs/bayes.md),
 * and with grid and random, which ignore objectives.
 */
export function readMetrics(config: JsonObject, report: Report): MetricSpec[] | undefined {
  if (!('metrics' in config)) return undefined;
  const list = config.metrics;
  if (!Array.isArray(list) || list.length < 2) {
    report.error(['metrics'], 'metrics must be a list of at least 2 metrics (use metric for a single objective)');
    return undefined;
  }
  if ('metric' in config) {
    report.error(['metrics'], 'metric and metrics cannot both be set: metric is one objective, metrics several', 'key');
  }
  if ('early_terminate' in config) {
    report.error(['early_terminate'], 'early_terminate compares runs on one metric, so it cannot be used with metrics (several objectives)', 'key');
  }
  const specs = list.map((m, i) => readOne(m, ['metrics', i], report));
  const seen = new Map<string, number>();
  specs.forEach((spec, i) => {
    if (!spec?.name) return;
    const first = seen.get(spec.name);
    if (first !== undefined) report.error(['metrics', i, 'name'], `metrics.${i}.name '${spec.name}' is already metrics.${first}.name: each objective needs its own metric`);
    else seen.set(spec.name, i);
    if (spec.target !== undefined) report.warning(['metrics', i, 'target'], `metrics.${i}.target is ignored: a sweep with several objectives has no single value to reach`);
  });
  return specs.every((s) => s !== undefined) ? specs : undefined;
}

function readOne(m: Json, path: JsonPath, report: Report): MetricSpec | undefined {
  const where = path.join('.');
  if (!isObject(m)) {
    report.error(path, `${where} must be a mapping such as {name: val_loss, goal: minimize}`);
    return undefined;
  }
  for (const key of Object.keys(m)) {
    if (KEYS.includes(key)) continue;
    const hint = closest(key, KEYS);
    report.error([...path, key], `unknown key '${key}' in ${where}${hint ? ` (did you mean '${hint}'?)` : ''}`, 'key');
  }
  if (typeof m.name !== 'string' || m.name === '') {
    report.error([...path, 'name'], `${where}.name is required: the key your script logs with wandb.log`);
  }
  const goal = m.goal ?? 'minimize';
  if (goal !== 'minimize' && goal !== 'maximize') {
    report.error([...path, 'goal'], `${where}.goal must be 'minimize' or 'maximize' (got ${JSON.stringify(goal)}; W&B would silently minimize)`);
  }
  if ('target' in m && (typeof m.target !== 'number' || !Number.isFinite(m.target))) {
    report.error([...path, 'target'], `${where}.target must be a number`);
  }
  const impute = m.impute ?? 'worst';
  if (!IMPUTES.includes(impute as Impute)) {
    report.error([...path, 'impute'], `${where}.impute must be latest, best or worst (got ${JSON.stringify(impute)}; W&B would silently use worst)`);
  }
  // YAML `false` and the string "false" mean the same; W&B's schema only takes the string.
  const whileRunning = m.impute_while_running === false ? 'false' : (m.impute_while_running ?? 'false');
  if (whileRunning !== 'false' && !IMPUTES.includes(whileRunning as Impute)) {
    report.error([...path, 'impute_while_running'], `${where}.impute_while_running must be false, latest, best or worst (got ${JSON.stringify(whileRunning)})`);
  }
  return {
    name: String(m.name ?? ''),
    goal: goal === 'maximize' ? 'maximize' : 'minimize',
    ...(typeof m.target === 'number' ? { target: m.target } : {}),
    impute: IMPUTES.includes(impute as Impute) ? (impute as Impute) : 'worst',
    impute_while_running: IMPUTES.includes(whileRunning as Impute) ? (whileRunning as Impute) : 'false',
  };
}
