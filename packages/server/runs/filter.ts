// The MongoDB-like `filters` and the `order` strings of the public API (docs/protocol/public-api.md#filters-and-order): as
// conditions and orders the store runs in SQL, and as the same rules in JavaScript for the parts
// SQL cannot take ($regex, and equality with a list or an object) and for testing the SQL against.
import type { Json } from '@sextant/sweeps';
import type { Run, RunColumn, RunCondition, RunCursor, RunField, RunOrder } from '../store/store.ts';
import { RequestError } from '../errors.ts';
import { checkNesting } from '../json.ts';

const COLUMNS: Record<string, RunColumn> = {
  name: 'name',
  displayName: 'display_name',
  display_name: 'display_name',
  state: 'state',
  createdAt: 'created_at',
  created_at: 'created_at',
  heartbeatAt: 'heartbeat_at',
  heartbeat_at: 'heartbeat_at',
  tags: 'tags',
  group: 'group_name',
  jobType: 'job_type',
  host: 'host',
  sweep: 'sweep_name',
  username: 'entity',
};

const COLUMN_VALUES: Record<RunColumn, (run: Run) => Json> = {
  name: (r) => r.name,
  display_name: (r) => r.displayName,
  state: (r) => r.state,
  created_at: (r) => r.createdAt,
  heartbeat_at: (r) => r.heartbeatAt,
  tags: (r) => r.tags,
  group_name: (r) => r.groupName,
  job_type: (r) => r.jobType,
  host: (r) => r.host,
  sweep_name: (r) => r.sweepName,
  entity: (r) => r.entity,
};

/** Where a filter or order path reads; undefined for a path that reads nothing (always missing). */
export function fieldOf(path: string): RunField | undefined {
  const column = COLUMNS[path];
  if (column) return { column };
  const [head, ...rest] = path.split('.');
  if (head === 'config') {
    if (rest.length === 0) return undefined;
    const [key, ...inner] = rest;
    // `config.lr` is the value of `lr` ({"value": …, "desc": …}); `config.lr.value` the same.
    const paths = inner[0] === 'value' ? [[key, 'value', ...inner.slice(1)], [key, 'value', ...inner]] : [[key, 'value', ...inner]];
    return { document: 'config', paths };
  }
  if (head === 'summary_metrics' || head === 'summaryMetrics' || head === 'summary') return { document: 'summary', paths: [rest] };
  return undefined;
}

/** A run's value at a filter or order path; undefined when the run lacks it. */
export function fieldValue(run: Run, path: string): Json | undefined {
  return valueOf(run, fieldOf(path));
}

/** A run's value at a field. Non-finite numbers read as the store's documents hold them. */
function valueOf(run: Run, field: RunField | undefined): Json | undefined {
  if (!field) return undefined;
  if ('column' in field) return COLUMN_VALUES[field.column](run);
  const document = field.document === 'config' ? run.config : run.summary;
  for (const keys of field.paths) {
    const value = dig(document, keys);
    if (value !== undefined) return finiteJson(value);
  }
  return undefined;
}

function dig(value: Json | undefined, path: string[]): Json | undefined {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** NaN as null and ±Infinity as ±the largest double, at any depth (see store/run-query-sql.ts). */
function finiteJson(value: Json): Json {
  if (typeof value === 'number') return Number.isNaN(value) ? null : Number.isFinite(value) ? value : Math.sign(value) * Number.MAX_VALUE;
  if (Array.isArray(value)) return value.map(finiteJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, finiteJson(v)]));
  return value;
}

export function parseFilters(text: unknown): Record<string, Json> {
  if (text === null || text === undefined || text === '') return {};
  let value: unknown = text;
  if (typeof text === 'string') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new RequestError('filters must be a JSON object (a JSON string)');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RequestError('filters must be a JSON object');
  checkNesting(value, 'filters');
  return value as Record<string, Json>;
}

export function matches(run: Run, filter: Record<string, Json>): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return list(condition, key).every((f) => matches(run, f));
    if (key === '$or') return list(condition, key).some((f) => matches(run, f));
    if (key === '$nor') return !list(condition, key).some((f) => matches(run, f));
    return test(fieldValue(run, key), condition);
  });
}

function list(value: Json, operator: string): Array<Record<string, Json>> {
  if (!Array.isArray(value)) throw new RequestError(`${operator} takes a list of filters`);
  return value as Array<Record<string, Json>>;
}

const isOperatorObject = (c: Json): c is Record<string, Json> =>
  typeof c === 'object' && c !== null && !Array.isArray(c) && Object.keys(c).length > 0 && Object.keys(c).every((k) => k.startsWith('$'));

function test(value: Json | undefined, condition: Json): boolean {
  if (!isOperatorObject(condition)) return equals(value, condition);
  return Object.entries(condition).every(([op, operand]) => {
    switch (op) {
      case '$eq': return equals(value, operand);
      case '$ne': return !equals(value, operand);
      case '$gt': return compare(value, operand) > 0;
      case '$gte': return compare(value, operand) >= 0;
      case '$lt': return compare(value, operand) < 0;
      case '$lte': return compare(value, operand) <= 0;
      case '$in': return Array.isArray(operand) && operand.some((o) => equals(value, o));
      case '$nin': return !Array.isArray(operand) || !operand.some((o) => equals(value, o));
      case '$exists': return (value !== undefined && value !== null) === Boolean(operand);
      case '$all': return Array.isArray(operand) && Array.isArray(value) && operand.every((o) => value.some((v) => sameJson(v, o)));
      case '$regex': return typeof value === 'string' && regex(operand).test(value);
      default:
        throw new RequestError(`unknown filter operator ${op}`);
    }
  });
}

function regex(operand: Json): RegExp {
  if (typeof operand !== 'string') throw new RequestError('$regex takes a string');
  try {
    return new RegExp(operand);
  } catch {
    throw new RequestError(`$regex ${JSON.stringify(operand)} is not a valid regular expression`);
  }
}

/** Equality, with "contains" semantics for list fields such as tags (one level deep). */
function equals(value: Json | undefined, operand: Json): boolean {
  if (Array.isArray(value) && !Array.isArray(operand)) return value.some((v) => sameJson(v, operand));
  return sameJson(value, operand);
}

const sameJson = (value: Json | undefined, operand: Json): boolean => value !== undefined && JSON.stringify(value) === JSON.stringify(operand);

/** NaN when the two cannot be ordered (missing or of different kinds), so every comparison is false. */
function compare(a: Json | undefined, b: Json): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return NaN;
}

const NEVER: RunCondition = { any: [] };
const isScalar = (v: Json): v is string | number | boolean | null => v === null || typeof v !== 'object';

/**
 * A filter as a condition the store runs in SQL, and what is left for `matches` (an empty object
 * when nothing is): the parts that cannot be SQL are top-level conditions kept out of the SQL.
 * Throws the RequestError `matches` would for a malformed filter.
 */
export function splitFilter(filter: Record<string, Json>): { where: RunCondition; rest: Record<string, Json> } {
  const sql: RunCondition[] = [];
  const rest: Array<Record<string, Json>> = [];
  const add = (part: Record<string, Json>): void => {
    for (const [key, condition] of Object.entries(part)) {
      if (key === '$and') {
        list(condition, key).forEach(add);
        continue;
      }
      const translated = conditionOf({ [key]: condition });
      if (translated) sql.push(translated);
      else rest.push({ [key]: condition });
    }
  };
  add(filter);
  return { where: { all: sql }, rest: rest.length === 0 ? {} : { $and: rest } };
}

/** The whole filter as a condition, or undefined when some part of it cannot be SQL. */
function conditionOf(filter: Record<string, Json>): RunCondition | undefined {
  const parts: RunCondition[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    let part: RunCondition | undefined;
    if (key === '$and' || key === '$or' || key === '$nor') {
      const inner = list(condition, key).map(conditionOf);
      if (inner.some((c) => c === undefined)) return undefined;
      const all = inner as RunCondition[];
      part = key === '$and' ? { all } : key === '$or' ? { any: all } : { not: { any: all } };
    } else {
      part = leaf(fieldOf(key), condition);
    }
    if (!part) return undefined;
    parts.push(part);
  }
  return parts.length === 1 ? parts[0] : { all: parts };
}

/** Whether SQL can read the field: SQLite's JSON paths cannot name a key holding a double quote. */
const readable = (field: RunField | undefined): boolean => !field || 'column' in field || field.paths.every((keys) => keys.every((k) => !k.includes('"')));

function leaf(field: RunField | undefined, condition: Json): RunCondition | undefined {
  if (!readable(field)) return undefined;
  const equal = (operand: Json): RunCondition | undefined => (!isScalar(operand) ? undefined : field ? { field, equals: operand } : NEVER);
  if (!isOperatorObject(condition)) return equal(condition);
  const parts: RunCondition[] = [];
  for (const [op, operand] of Object.entries(condition)) {
    let part: RunCondition | undefined;
    switch (op) {
      case '$eq': part = equal(operand); break;
      case '$ne': part = not(equal(operand)); break;
      case '$gt': case '$gte': case '$lt': case '$lte': {
        const comparable = typeof operand === 'number' || typeof operand === 'string';
        part = field && comparable ? { field, compare: op.slice(1) as 'gt' | 'gte' | 'lt' | 'lte', value: operand } : NEVER;
        break;
      }
      case '$in': part = Array.isArray(operand) ? anyOf(operand.map(equal)) : NEVER; break;
      case '$nin': part = Array.isArray(operand) ? not(anyOf(operand.map(equal))) : { all: [] }; break;
      case '$exists': {
        const present: RunCondition = field ? { field, present: true } : NEVER;
        part = operand ? present : { not: present };
        break;
      }
      case '$all': {
        if (!Array.isArray(operand) || !field) part = NEVER;
        else {
          const each = operand.map(equal);
          part = each.some((c) => c === undefined) ? undefined : { all: [{ field, list: true }, ...(each as RunCondition[])] };
        }
        break;
      }
      case '$regex': regex(operand); return undefined;
      default: throw new RequestError(`unknown filter operator ${op}`);
    }
    if (!part) return undefined;
    parts.push(part);
  }
  return parts.length === 1 ? parts[0] : { all: parts };
}

const not = (c: RunCondition | undefined): RunCondition | undefined => c && { not: c };

function anyOf(conditions: Array<RunCondition | undefined>): RunCondition | undefined {
  return conditions.some((c) => c === undefined) ? undefined : { any: conditions as RunCondition[] };
}

/**
 * An order string: "+path" ascending, "-path" or a bare path descending, -created_at by default.
 * A path that reads nothing orders as creation time does (every run lacks it).
 */
export function orderOf(order: unknown): RunOrder {
  const text = typeof order === 'string' && order.trim() !== '' ? order.trim() : '-created_at';
  const field = fieldOf(text.replace(/^[+-]/, ''));
  if (!readable(field)) throw new RequestError(`order ${JSON.stringify(text)}: a key may not contain a double quote`);
  return { field: field ?? { column: 'created_at' }, descending: !text.startsWith('+') };
}

/** A run's sort key under an order, as the store computes it. */
export function sortKey(run: Run, order: RunOrder): RunCursor {
  const value = valueOf(run, order.field);
  const kind = typeof value === 'number' ? 0 : typeof value === 'string' ? 1 : value === undefined || value === null ? 3 : 2;
  return { kind, value: kind < 2 ? (value as number | string) : null, createdAt: run.createdAt, name: run.name };
}

/** The order of two runs' sort keys under an order, as RunOrder in the store describes it. */
export function compareKeys(a: RunCursor, b: RunCursor, order: RunOrder): number {
  const by = (x: string | number | null, y: string | number | null): number => (x === y || x === null || y === null ? 0 : x < y ? -1 : 1);
  const sign = order.descending ? -1 : 1;
  if ('column' in order.field && order.field.column === 'created_at') return sign * (by(a.createdAt, b.createdAt) || by(a.name, b.name));
  return a.kind - b.kind || sign * by(a.value, b.value) || by(a.createdAt, b.createdAt) || by(a.name, b.name);
}

/** Runs sorted as the store sorts them (for tests and filters SQL cannot take). */
export function sortRuns(runs: Run[], order: unknown): Run[] {
  const parsed = orderOf(order);
  return runs.map((run) => ({ run, key: sortKey(run, parsed) })).sort((a, b) => compareKeys(a.key, b.key, parsed)).map((x) => x.run);
}
