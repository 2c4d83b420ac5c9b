// The MongoDB-like `filters` and the `order` strings of the public API (public-api spec §4).
import type { Json } from '@sextant/sweeps';
import type { Run } from '../store/store.ts';
import { RequestError } from '../errors.ts';
import { checkNesting } from '../json.ts';

const COLUMNS: Record<string, (run: Run) => Json | undefined> = {
  name: (r) => r.name,
  displayName: (r) => r.displayName,
  display_name: (r) => r.displayName,
  state: (r) => r.state,
  createdAt: (r) => r.createdAt,
  created_at: (r) => r.createdAt,
  heartbeatAt: (r) => r.heartbeatAt,
  heartbeat_at: (r) => r.heartbeatAt,
  tags: (r) => r.tags,
  group: (r) => r.groupName,
  jobType: (r) => r.jobType,
  host: (r) => r.host,
  sweep: (r) => r.sweepName,
  username: (r) => r.entity,
};

/** A run's value at a filter or order path; undefined when the run lacks it. */
export function fieldValue(run: Run, path: string): Json | undefined {
  const column = COLUMNS[path];
  if (column) return column(run);
  const [head, ...rest] = path.split('.');
  if (head === 'config') {
    const top = run.config[rest[0]] as { value?: Json } | undefined;
    const wrapped = rest[1] === 'value' ? dig(top?.value, rest.slice(2)) : undefined;
    return wrapped !== undefined ? wrapped : dig(top?.value, rest.slice(1));
  }
  if (head === 'summary_metrics' || head === 'summaryMetrics' || head === 'summary') return dig(run.summary, rest);
  return undefined;
}

function dig(value: Json | undefined, path: string[]): Json | undefined {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = node[key];
  }
  return node;
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
      case '$all': return Array.isArray(operand) && Array.isArray(value) && operand.every((o) => value.some((v) => equals(v, o)));
      case '$regex': {
        if (typeof operand !== 'string') throw new RequestError('$regex takes a string');
        try {
          return typeof value === 'string' && new RegExp(operand).test(value);
        } catch {
          throw new RequestError(`$regex ${JSON.stringify(operand)} is not a valid regular expression`);
        }
      }
      default:
        throw new RequestError(`unknown filter operator ${op}`);
    }
  });
}

/** Equality, with "contains" semantics for array fields such as tags. */
function equals(value: Json | undefined, operand: Json): boolean {
  if (Array.isArray(value) && !Array.isArray(operand)) return value.some((v) => equals(v, operand));
  return value !== undefined && JSON.stringify(value) === JSON.stringify(operand);
}

/** NaN when the two cannot be ordered (missing or of different kinds), so every comparison is false. */
function compare(a: Json | undefined, b: Json): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return NaN;
}

/**
 * Sorts by an order string ("+path", "-path", a bare path meaning descending; default
 * -created_at). Runs lacking the key go last either way; ties break on creation time, then name.
 */
export function sortRuns(runs: Run[], order: unknown): Run[] {
  const text = typeof order === 'string' && order.trim() !== '' ? order.trim() : '-created_at';
  const descending = !text.startsWith('+');
  const path = text.replace(/^[+-]/, '');
  const tie = (a: Run, b: Run): number => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name);
  return [...runs].sort((a, b) => {
    const va = fieldValue(a, path);
    const vb = fieldValue(b, path);
    const missingA = va === undefined || va === null;
    const missingB = vb === undefined || vb === null;
    if (missingA || missingB) return missingA === missingB ? tie(a, b) : missingA ? 1 : -1;
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return (descending ? -c : c) || tie(a, b);
  });
}
