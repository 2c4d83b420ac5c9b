// Turns sweep config text or data into a validated, default-filled SweepConfig (docs/protocol/sweeps.md#validation).
import type { Json, JsonObject, SweepConfig, Violation } from '../types.ts';
import { dataSource, parseConfigText, type JsonPath, type SourceInfo } from './parse.ts';
import { readParameters } from './parameters.ts';
import { resolveConditions, type WrittenCondition } from './conditions.ts';
import { readEarlyTerminate } from './early-terminate.ts';
import { readMetric, readMetrics } from './metric.ts';
import { Report } from './report.ts';
import { hasSearchSpace, readScheduler } from './scheduler.ts';
import { checkMethodNeeds, readMethod, readTopLevelKeys } from './sections.ts';

export interface ConfigCheck {
  /** Present when there is no error-severity violation. */
  config?: SweepConfig;
  violations: Violation[];
}

/** Parses YAML (1.2) or JSON text and checks it; violations carry line:col. */
export function loadSweepConfig(text: string): ConfigCheck {
  const parsed = parseConfigText(text);
  if (parsed.value === undefined) return { violations: parsed.violations };
  const checked = check(parsed.value, parsed.source);
  if (parsed.violations.length === 0) return checked;
  return { violations: [...parsed.violations, ...checked.violations] };
}

/** Checks a config that is already data (e.g. a dict sent by a client). */
export function checkSweepConfig(value: unknown): ConfigCheck {
  const foreign = notJson(value, []);
  if (foreign) return { violations: [{ path: foreign.join('.'), message: 'not JSON data (undefined, a function, a class instance…)', severity: 'error' }] };
  return check(value as Json, dataSource(value as Json));
}

/** The path of the first value in `value` that JSON cannot hold, if any. */
function notJson(value: unknown, path: JsonPath): JsonPath | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = notJson(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  const proto: unknown = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) return path;
  for (const [key, item] of Object.entries(value as object)) {
    const found = notJson(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** The config is built only when no violation is an error. */
function check(value: Json, source: SourceInfo | undefined): ConfigCheck {
  const report = new Report(source);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report.error([], 'a sweep config must be a mapping (keys such as method, parameters, metric)');
    return { violations: report.violations };
  }
  readTopLevelKeys(value, report);
  const method = readMethod(value, report);
  const conditions: WrittenCondition[] = [];
  const params = 'parameters' in value || !hasSearchSpace(value) ? readParameters(value.parameters, report, conditions) : [];
  resolveConditions(params, conditions, report);
  const metric = readMetric(value, report);
  const metrics = readMetrics(value, report);
  const earlyTerminate = readEarlyTerminate(value, report);
  readScheduler(value, method, report);
  checkMethodNeeds(value, method, params, report);
  if (report.errorCount > 0 || !method) return { violations: report.violations };
  const config: SweepConfig = { method, params, raw: structuredClone(value) as JsonObject };
  if (metric) config.metric = metric;
  if (metrics) config.metrics = metrics;
  if (earlyTerminate) config.early_terminate = earlyTerminate;
  for (const key of ['program', 'name', 'description', 'project', 'entity'] as const) {
    if (typeof value[key] === 'string') config[key] = value[key] as string;
  }
  if (Array.isArray(value.command)) config.command = value.command;
  if (typeof value.run_cap === 'number') config.run_cap = value.run_cap;
  if (typeof value.seed === 'number') config.seed = value.seed;
  if (value.sample_without_replacement === true) config.sample_without_replacement = true;
  const retry = value.retry as { max?: number } | undefined;
  if (typeof retry?.max === 'number') config.retry = { max: retry.max };
  return { config, violations: report.violations };
}
