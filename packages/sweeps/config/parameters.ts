// Checks the `parameters` tree and turns it into flattened, default-filled leaves (docs/protocol/sweeps.md#parameter-forms, #run-config).
import type { Json, JsonObject, Param } from '../types.ts';
import { closest, DISTRIBUTIONS, FORMS, formProblems, type Form } from './forms.ts';
import type { Report } from './report.ts';
import type { JsonPath } from './parse.ts';
import type { WrittenCondition } from './conditions.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** The deprecated forms whose min/max are natural-log exponents, with what they mean and the replacement. */
const DEPRECATED: Record<string, { range: string; use: string }> = {
  log_uniform: { range: 'the value lies in [e^min, e^max]', use: 'log_uniform_values' },
  inv_log_uniform: { range: 'the value lies in [e^-max, e^-min]', use: 'inv_log_uniform_values' },
  q_log_uniform: { range: 'the value lies in [e^min, e^max] before rounding to q', use: 'q_log_uniform_values' },
};

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON path of a parameter's spec: `['a', 'b']` is at `parameters.a.parameters.b`. */
export function specPath(path: string[]): JsonPath {
  return path.flatMap((name) => ['parameters', name]);
}

/**
 * Leaves of `parameters` in flattened order; problems go to `report`. Each `when` (ours, on a leaf or
 * a nested block) goes to `conditions` as written, to be resolved once every leaf is known.
 */
export function readParameters(value: Json | undefined, report: Report, conditions: WrittenCondition[] = [], base: JsonPath = ['parameters'], names: string[] = [], inherited?: WrittenCondition): Param[] {
  if (!isObject(value)) {
    report.error(base, value === undefined ? 'parameters is required' : 'parameters must be a mapping of parameter names to specs');
    return [];
  }
  const keys = Object.keys(value).sort();
  if (keys.length === 0) report.error(base, 'parameters must define at least one parameter');
  const params: Param[] = [];
  for (const name of keys) {
    const path = [...base, name];
    if (!NAME.test(name)) {
      report.error(path, `parameter name '${name}' must start with a letter or '_' and contain only letters, digits, '_', '.' and '-'`, 'key');
    }
    const spec = value[name];
    if (!isObject(spec)) {
      report.error(path, `parameter '${name}' must be a mapping such as {values: [...]}, {value: x}, {min: a, max: b} or {distribution: ...}`);
      continue;
    }
    const own = 'when' in spec ? { path: [...names, name], spec: spec.when, at: [...path, 'when'] } : undefined;
    if (own && inherited) {
      report.error([...path, 'when'], `parameter '${name}' is inside a block that already has a when (at ${inherited.at.join('.')}); give the condition in one place`, 'key');
    }
    if ('parameters' in spec) {
      const extra = Object.keys(spec).filter((k) => k !== 'parameters' && k !== 'when');
      for (const key of extra) {
        report.error([...path, key], `nested parameter '${name}' may only contain 'parameters' and 'when' (found '${key}')`, 'key');
      }
      params.push(...readParameters(spec.parameters, report, conditions, [...path, 'parameters'], [...names, name], own ?? inherited));
      continue;
    }
    const { when: _when, ...leafSpec } = spec;
    const leaf = readLeaf(leafSpec, path, report);
    if (!leaf) continue;
    params.push({ name: [...names, name].join('.'), path: [...names, name], ...leaf });
    const condition = own ?? inherited;
    if (condition) conditions.push({ ...condition, path: [...names, name] });
  }
  return params;
}

function readLeaf(spec: JsonObject, path: JsonPath, report: Report): Omit<Param, 'name' | 'path'> | undefined {
  const isFloat = (key: string): boolean => report.isFloat([...path, key]);
  const form = FORMS.find((f) => formProblems(f, spec, isFloat).length === 0);
  if (!form) {
    diagnose(spec, path, report, isFloat);
    return undefined;
  }
  const filled: JsonObject = { ...form.defaults, ...spec };
  checkRelations(form, filled, path, report);
  const leaf: Omit<Param, 'name' | 'path'> = { type: form.type };
  for (const key of ['value', 'values', 'probabilities', 'min', 'max', 'mu', 'sigma', 'q', 'a', 'b'] as const) {
    if (key in filled) (leaf as Record<string, Json>)[key] = filled[key];
  }
  return leaf;
}

function checkRelations(form: Form, spec: JsonObject, path: JsonPath, report: Report): void {
  const { min, max, values, probabilities } = spec;
  if (typeof min === 'number' && typeof max === 'number' && !(min < max)) {
    report.error([...path, 'min'], `min (${min}) must be less than max (${max})`);
  }
  if (Array.isArray(values) && Array.isArray(probabilities)) {
    if (values.length !== probabilities.length) {
      report.error([...path, 'probabilities'], `probabilities has ${probabilities.length} entries but values has ${values.length}`);
    } else {
      const sum = (probabilities as number[]).reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 1e-8 + 1e-5) report.error([...path, 'probabilities'], `probabilities must sum to 1 (they sum to ${sum})`);
    }
  }
  const deprecated = DEPRECATED[form.type];
  if (deprecated) {
    report.warning([...path, 'distribution'], `${form.type} is deprecated: it takes min/max as natural-log exponents (${deprecated.range}); use ${deprecated.use} to give the actual limits`);
  }
  if ((form.type === 'uniform') && spec.distribution === undefined && (report.isFloat([...path, 'min']) !== report.isFloat([...path, 'max']))) {
    report.warning(path, "one bound is an integer and the other a float: the wandb CLI rejects this as ambiguous; write both as floats (0.0, 1.0) for a uniform or both as integers for an int_uniform");
  }
}

/** Explains why a spec matches no form, against the form the user most likely meant. */
function diagnose(spec: JsonObject, path: JsonPath, report: Report, isFloat: (key: string) => boolean): void {
  const name = path[path.length - 1];
  const distribution = spec.distribution;
  let form: Form | undefined;
  if (distribution !== undefined) {
    if (typeof distribution !== 'string' || !DISTRIBUTIONS.includes(distribution as Form['type'])) {
      const hint = typeof distribution === 'string' ? closest(distribution, DISTRIBUTIONS) : undefined;
      report.error([...path, 'distribution'], `unknown distribution ${JSON.stringify(distribution)}${hint ? ` (did you mean '${hint}'?)` : ''}; expected one of ${DISTRIBUTIONS.join(', ')}`);
      return;
    }
    form = FORMS.find((f) => f.type === distribution);
  } else if ('values' in spec) {
    form = FORMS.find((f) => f.type === ('probabilities' in spec ? 'categorical_w_probabilities' : 'categorical'));
  } else if ('min' in spec || 'max' in spec) {
    form = FORMS.find((f) => f.type === (isFloat('min') || isFloat('max') ? 'uniform' : 'int_uniform'));
  } else if ('value' in spec) {
    form = FORMS.find((f) => f.type === 'constant');
  }
  if (!form) {
    const keys = Object.keys(spec).map((k) => `'${k}'`).join(', ');
    const fits = formsFitting(spec, isFloat);
    const advice = fits.length > 0 ? `add distribution: ${fits.join(' or ')}` : 'give values, value, min and max, or a distribution';
    report.error(path, `cannot tell the type of parameter '${name}'${keys ? ` from ${keys}` : ''}: ${advice}`);
    return;
  }
  const problems = formProblems(form, spec, isFloat);
  const misshapen = problems.some((p) => p.atKey || p.key === '');
  const fits = misshapen ? formsFitting(spec, isFloat).filter((type) => type !== form.type) : [];
  if (fits.length > 0) {
    const first = problems[0];
    const advice = `the keys fit distribution: ${fits.join(' or ')}`;
    problems[0] = { ...first, message: distribution === undefined ? `${first.message}; ${advice}` : `${first.message} (${advice})` };
  }
  for (const problem of problems) {
    report.error(problem.key ? [...path, problem.key] : path, problem.message, problem.atKey ? 'key' : 'value');
  }
}

/** Up to 4 current distributions the spec would satisfy if it named them (advice for a malformed spec). */
function formsFitting(spec: JsonObject, isFloat: (key: string) => boolean): string[] {
  return FORMS.filter((f) => !(f.type in DEPRECATED) && formProblems(f, { ...spec, distribution: f.type }, isFloat).length === 0)
    .map((f) => f.type)
    .slice(0, 4);
}
