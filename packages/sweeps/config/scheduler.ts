// Checks W&B's 2026 `scheduler` section (docs/protocol/sweeps.md#top-level-keys). Engine `wandb` without `source` is the
// built-in search, which Sextant runs; optimizer and search-space functions from a Python
// `source` file are not something a TypeScript server can load.
import type { JsonObject, SearchMethod } from '../types.ts';
import { closest } from './forms.ts';
import type { Report } from './report.ts';

const KEYS = ['engine', 'source', 'optimizer', 'search_space'];
const ENGINES = ['optuna', 'ax', 'wandb'];
const WANDB_METHODS: SearchMethod[] = ['grid', 'bayes', 'random'];
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `parameters` may be left out: W&B allows it when `scheduler.search_space` names a function. */
export function hasSearchSpace(config: JsonObject): boolean {
  return isObject(config.scheduler) && typeof config.scheduler.search_space === 'string' && config.scheduler.search_space !== '';
}

export function readScheduler(config: JsonObject, method: SearchMethod | undefined, report: Report): void {
  if (!('scheduler' in config)) return;
  const s = config.scheduler;
  if (isObject(config.controller) && config.controller.type === 'local') {
    report.error(['controller', 'type'], 'controller.type: local cannot be combined with scheduler; drop one of them');
  }
  if ('early_terminate' in config) {
    report.error(['early_terminate'], 'early_terminate cannot be combined with scheduler (a scheduler does its own stopping)', 'key');
  }
  if (!isObject(s)) {
    report.error(['scheduler'], 'scheduler must be a mapping such as {engine: wandb}');
    return;
  }
  for (const key of Object.keys(s)) {
    if (KEYS.includes(key)) continue;
    const hint = closest(key, KEYS);
    report.error(['scheduler', key], `unknown key '${key}' in scheduler${hint ? ` (did you mean '${hint}'?)` : ''}`, 'key');
  }
  for (const key of ['source', 'optimizer', 'search_space']) {
    if (key in s && typeof s[key] !== 'string') report.error(['scheduler', key], `scheduler.${key} must be a string`);
  }
  for (const key of ['optimizer', 'search_space']) {
    if (key in s && !('source' in s)) report.error(['scheduler', key], `scheduler.${key} names a function in scheduler.source, which is missing`);
  }
  if (!('engine' in s)) {
    report.error(['scheduler'], 'scheduler.engine is required (wandb)');
  } else if (typeof s.engine !== 'string' || !ENGINES.includes(s.engine)) {
    report.error(['scheduler', 'engine'], `scheduler.engine must be optuna, ax or wandb (got ${JSON.stringify(s.engine)})`);
  } else if (s.engine !== 'wandb') {
    report.error(['scheduler', 'engine'], `scheduler.engine '${s.engine}' is not available yet (in W&B either); only wandb is`);
  } else if (method !== undefined && !WANDB_METHODS.includes(method)) {
    report.error(['method'], `scheduler.engine wandb needs method grid, random or bayes, not ${method}`);
  }
  if (typeof s.source === 'string') {
    report.error(['scheduler', 'source'], 'Sextant cannot run optimizer or search-space functions from a Python file; remove scheduler.source and describe the search with method and parameters');
  }
}
