// Turns sweep config text or data into a validated, default-filled SweepConfig (spec §1.7).
import type { Json, JsonObject, SweepConfig, Violation } from '../types.ts';
import { dataSource, parseConfigText, type SourceInfo } from './parse.ts';
import { readParameters } from './parameters.ts';
import { Report } from './report.ts';
import { checkMethodNeeds, readEarlyTerminate, readMethod, readMetric, readTopLevelKeys } from './sections.ts';

export interface ConfigCheck {
  /** Present when there is no error-severity violation. */
  config?: SweepConfig;
  violations: Violation[];
}

/** Parses YAML (1.2) or JSON text and checks it; violations carry line:col. */
export function loadSweepConfig(text: string): ConfigCheck {
  const parsed = parseConfigText(text);
  if (parsed.value === undefined) return { violations: parsed.violations };
  return check(parsed.value, parsed.source);
}

/** Checks a config that is already data (e.g. a dict sent by a client). */
export function checkSweepConfig(value: unknown): ConfigCheck {
  return check(value as Json, dataSource(value as Json));
}

function check(value: Json, source: SourceInfo | undefined): ConfigCheck {
  const report = new Report(source);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report.error([], 'a sweep config must be a mapping (keys such as method, parameters, metric)');
    return { violations: report.violations };
  }
  readTopLevelKeys(value, report);
  const method = readMethod(value, report);
  const params = readParameters(value.parameters, report);
  const metric = readMetric(value, report);
  const earlyTerminate = readEarlyTerminate(value, report);
  checkMethodNeeds(value, method, params, report);
  if (report.hasErrors || !method) return { violations: report.violations };
  const config: SweepConfig = { method, params, raw: structuredClone(value) as JsonObject };
  if (metric) config.metric = metric;
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
