// The 18 leaf forms a parameter spec can take, tried in W&B's order (docs/protocol/sweeps.md#parameter-forms), and the
// defaults each fills. A spec takes the first form it satisfies exactly (no extra keys).
import type { Json, JsonObject, ParamType } from '../types.ts';

export type FieldKind = 'number' | 'int' | 'nonneg' | 'positive' | 'values' | 'probabilities' | 'any';

export interface Form {
  type: ParamType;
  /** Whether `distribution` must be written (false: may be omitted, inferred from the keys). */
  named: boolean;
  required: string[];
  fields: Record<string, FieldKind>;
  defaults?: JsonObject;
  /** Bounds are actual values that must be > 0 (the `*_values` log distributions). */
  positiveMin?: boolean;
}

const bounds = { min: 'number', max: 'number' } as const;
const normal = { mu: 'number', sigma: 'nonneg' } as const;

export const FORMS: Form[] = [
  { type: 'q_beta', named: true, required: [], fields: { a: 'nonneg', b: 'nonneg', q: 'positive' }, defaults: { a: 1, b: 1, q: 1 } },
  { type: 'beta', named: true, required: [], fields: { a: 'nonneg', b: 'nonneg' }, defaults: { a: 1, b: 1 } },
  { type: 'categorical', named: false, required: ['values'], fields: { values: 'values' } },
  { type: 'categorical_w_probabilities', named: false, required: ['values', 'probabilities'], fields: { values: 'values', probabilities: 'probabilities' } },
  { type: 'int_uniform', named: false, required: ['min', 'max'], fields: { min: 'int', max: 'int' } },
  { type: 'uniform', named: false, required: ['min', 'max'], fields: bounds },
  { type: 'log_normal', named: true, required: [], fields: normal, defaults: { mu: 0, sigma: 1 } },
  { type: 'log_uniform', named: true, required: ['min', 'max'], fields: bounds },
  { type: 'inv_log_uniform', named: true, required: ['min', 'max'], fields: bounds },
  { type: 'normal', named: true, required: [], fields: normal, defaults: { mu: 0, sigma: 1 } },
  { type: 'q_log_normal', named: true, required: [], fields: { ...normal, q: 'positive' }, defaults: { mu: 0, sigma: 1, q: 1 } },
  { type: 'q_log_uniform', named: true, required: ['min', 'max'], fields: { ...bounds, q: 'positive' }, defaults: { q: 1 } },
  { type: 'q_normal', named: true, required: [], fields: { ...normal, q: 'positive' }, defaults: { mu: 0, sigma: 1, q: 1 } },
  { type: 'q_uniform', named: true, required: ['min', 'max'], fields: { ...bounds, q: 'positive' }, defaults: { q: 1 } },
  { type: 'constant', named: false, required: ['value'], fields: { value: 'any' } },
  { type: 'inv_log_uniform_values', named: true, required: ['min', 'max'], fields: bounds, positiveMin: true },
  { type: 'log_uniform_values', named: true, required: ['min', 'max'], fields: bounds, positiveMin: true },
  { type: 'q_log_uniform_values', named: true, required: ['min', 'max'], fields: { ...bounds, q: 'positive' }, defaults: { q: 1 }, positiveMin: true },
];

export const DISTRIBUTIONS = FORMS.map((f) => f.type);

/** A problem with one field of a spec checked against one form: `key` names the field ('' = the spec). */
export interface FieldProblem {
  key: string;
  message: string;
  /** True for an unknown key, so the position reported is the key's, not its value's. */
  atKey?: boolean;
}

/**
 * Every way `spec` fails `form`. `isFloat(key)` tells whether a number was written as a float.
 * An empty list means the spec is of this form.
 */
export function formProblems(form: Form, spec: JsonObject, isFloat: (key: string) => boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const distribution = spec.distribution;
  if (distribution !== undefined && distribution !== form.type) {
    problems.push({ key: 'distribution', message: `distribution is ${JSON.stringify(distribution)}, not ${form.type}` });
  }
  if (form.named && distribution === undefined) problems.push({ key: '', message: `distribution: ${form.type} is required` });
  for (const key of form.required) {
    if (!(key in spec)) problems.push({ key: '', message: `${form.type} requires '${key}'` });
  }
  for (const [key, value] of Object.entries(spec)) {
    if (key === 'distribution') continue;
    const kind = form.fields[key];
    if (!kind) {
      const hint = closest(key, [...Object.keys(form.fields), 'distribution']);
      problems.push({ key, atKey: true, message: `unknown key '${key}' for ${form.type}${hint ? ` (did you mean '${hint}'?)` : ''}` });
      continue;
    }
    const message = fieldProblem(kind, value, isFloat(key));
    if (message) problems.push({ key, message: `${key} ${message}` });
  }
  if (form.type === 'uniform' && distribution === undefined && !isFloat('min') && !isFloat('max')) {
    problems.push({ key: '', message: 'integer min and max without a distribution make an int_uniform' });
  }
  if (form.positiveMin && typeof spec.min === 'number' && spec.min <= 0) {
    problems.push({ key: 'min', message: `${form.type} requires min > 0 (the bounds are actual values, sampled in log space)` });
  }
  return problems;
}

function fieldProblem(kind: FieldKind, value: Json, float: boolean): string | undefined {
  const isNumber = typeof value === 'number' && Number.isFinite(value);
  switch (kind) {
    case 'any':
      return undefined;
    case 'number':
      return isNumber ? undefined : 'must be a finite number';
    case 'int':
      return isNumber && Number.isInteger(value) && !float ? undefined : 'must be an integer (write 1, not 1.0)';
    case 'nonneg':
      return isNumber && (value as number) >= 0 ? undefined : 'must be a number >= 0';
    case 'positive':
      return isNumber && (value as number) > 0 ? undefined : 'must be a number > 0';
    case 'values':
      return Array.isArray(value) && value.length > 0 ? undefined : 'must be a non-empty list';
    case 'probabilities':
      return Array.isArray(value) && value.every((p) => typeof p === 'number' && p >= 0)
        ? undefined
        : 'must be a list of numbers >= 0';
  }
}

/** The nearest candidate within a small edit distance of `word`, for "did you mean" hints. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = word.length <= 4 ? 2 : 3;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
