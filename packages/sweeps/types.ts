// The data every part of the sweeps library shares. Plain data only: no classes, no I/O.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One problem found in a sweep config. `path` is a JSON path like `parameters.lr.min`. */
export interface Violation {
  path: string;
  message: string;
  severity: 'error' | 'warning';
  /** 1-based position in the source text, when the config came from YAML or JSON text. */
  line?: number;
  col?: number;
}

export type SearchMethod = 'grid' | 'random' | 'bayes' | 'custom';

/** The 18 leaf forms of docs/protocol/sweeps.md#parameter-forms (the 19th, a nested `parameters` dict, is flattened away). */
export type ParamType =
  | 'q_beta' | 'beta' | 'categorical' | 'categorical_w_probabilities' | 'int_uniform' | 'uniform'
  | 'log_normal' | 'log_uniform' | 'inv_log_uniform' | 'normal' | 'q_log_normal' | 'q_log_uniform'
  | 'q_normal' | 'q_uniform' | 'constant' | 'inv_log_uniform_values' | 'log_uniform_values'
  | 'q_log_uniform_values';

/**
 * A leaf parameter after type inference and default filling, in flattened order.
 * `path` is the nesting path (`['optimizer', 'lr']`); `name` joins it with '.' for display only
 * (names may themselves contain dots, so code must use `path`, never split `name`).
 */
export interface Param {
  name: string;
  path: string[];
  type: ParamType;
  value?: Json;
  values?: Json[];
  probabilities?: number[];
  min?: number;
  max?: number;
  mu?: number;
  sigma?: number;
  q?: number;
  a?: number;
  b?: number;
  /**
   * Our extension (`when:` in the spec): the parameter exists only while the categorical parameter at
   * `parent` is active and takes one of `values`; otherwise runs do not get it at all (docs/sweep-config.md#conditional-parameters).
   */
  when?: { parent: string[]; values: Json[] };
}

export type MetricGoal = 'minimize' | 'maximize';
export type Impute = 'latest' | 'best' | 'worst';

export interface MetricSpec {
  name: string;
  goal: MetricGoal;
  target?: number;
  impute: Impute;
  impute_while_running: Impute | 'false';
}

export interface HyperbandSpec {
  type: 'hyperband';
  min_iter?: number;
  max_iter?: number;
  s?: number;
  eta: number;
  strict: boolean;
}

/** A validated config with defaults filled (docs/protocol/sweeps.md#validation), ready for search and stopping. */
export interface SweepConfig {
  method: SearchMethod;
  /** Leaves in flattened order: depth-first, keys sorted by code point at every level (docs/protocol/sweeps.md#run-config). */
  params: Param[];
  metric?: MetricSpec;
  /** Several objectives (W&B's multi-objective `metrics`, ≥ 2, never beside `metric`); bayes searches their Pareto front. */
  metrics?: MetricSpec[];
  early_terminate?: HyperbandSpec;
  program?: string;
  command?: Json[];
  run_cap?: number;
  name?: string;
  description?: string;
  project?: string;
  entity?: string;
  /** Our extension (random): never repeat a combination of a fully discrete space. */
  sample_without_replacement?: boolean;
  /** Our extension: seed for random and bayes, so a sweep is reproducible. */
  seed?: number;
  /** Our extension: re-queue crashed or failed runs with the same parameters up to `max` times. */
  retry?: { max: number };
  /** The config as the user wrote it (no defaults), kept for display and round trips. */
  raw: JsonObject;
}

/** What a run config looks like for agents and the server: top level wrapped as `{value}` (docs/protocol/sweeps.md#run-config). */
export type RunConfig = { [topLevelName: string]: { value: Json } };

export type RunState =
  | 'pending' | 'running' | 'finished' | 'failed' | 'crashed' | 'killed' | 'preempted' | 'preempting';

/** A run as search and stopping see it (docs/protocol/sweeps.md#run-metrics). */
export interface SweepRun {
  id: string;
  state: RunState;
  config: RunConfig;
  summary: { [key: string]: Json };
  /** History rows in logged order; rows lacking the metric are skipped by the algorithms. */
  history: Array<{ [key: string]: Json }>;
}

export interface Suggestion {
  config: RunConfig;
  /** Method-specific details shown to users (bayes: predicted value, std, acquisition). */
  info?: JsonObject;
}

/** A seeded source of uniform numbers in [0, 1). Mutable: every call advances it. */
export interface Rng {
  uniform(): number;
}
