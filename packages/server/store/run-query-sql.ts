// Run conditions and orders (run-store.ts) as SQL for each dialect. A run's config and summary are
// read from `config_doc` and `summary_doc`, copies written beside the JSON text with non-finite
// numbers made finite (see documentText): a SQLite JSONB blob, a PostgreSQL jsonb. Every condition
// under a NOT is TRUE or FALSE, never NULL, so that NOT turns it around as the JavaScript filter would.
import { createHash } from 'node:crypto';
import type { Dialect, Param } from './sql.ts';
import type { RunColumn, RunCondition, RunCursor, RunField, RunOrder, RunQuery, RunScalar } from './run-store.ts';

/** SQL with its parameters, in order. */
export interface Fragment {
  sql: string;
  params: Param[];
}

const fragment = (sql: string, ...params: Param[]): Fragment => ({ sql, params });
const TRUE: Fragment = fragment('TRUE');
const FALSE: Fragment = fragment('FALSE');

/** Kinds of value, in the order a listing puts them. */
export const KIND = { number: 0, string: 1, other: 2, missing: 3 } as const;

/** The run columns that are never null. */
const REQUIRED: ReadonlySet<RunColumn> = new Set(['name', 'state', 'created_at', 'heartbeat_at', 'entity']);

/** The SQL of a document's JSON, in a run's column, as the dialect reads it. */
export const documentParam = (dialect: Dialect): string => (dialect === 'sqlite' ? 'jsonb(?)' : '?::jsonb');

/**
 * A value as its document copy holds it: NaN becomes null and ±Infinity the largest double, which
 * both databases' JSON can hold; the JavaScript filter reads values the same way (runs/filter.ts).
 */
export function documentText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? finite(v) : v));
}

/** NaN as null, ±Infinity as ±the largest double, other numbers as they are. */
export function finite(value: number): number | null {
  if (Number.isNaN(value)) return null;
  return value === Infinity ? Number.MAX_VALUE : value === -Infinity ? -Number.MAX_VALUE : value;
}

/** What a dialect knows how to write for one field. */
interface FieldSql {
  equals(value: RunScalar): Fragment;
  compare(op: string, value: number | string): Fragment;
  present(): Fragment;
  list(): Fragment;
  /** Sort key parts: kind (0–3), its number (kind 0) and its text (kind 1), each a SQL expression. */
  kind: Fragment;
  number: Fragment;
  text: Fragment;
}

const OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * Condition as a WHERE clause fragment. Outside any NOT, a NULL keeps a run out as FALSE would, so
 * conditions there are left bare (`sweep_name = ?`, not wrapped in COALESCE): the planner then
 * reads them through the runs' indexes.
 */
export function conditionSql(dialect: Dialect, condition: RunCondition, negated = false): Fragment {
  if ('all' in condition) return join(condition.all.map((c) => conditionSql(dialect, c, negated)), 'AND', TRUE);
  if ('any' in condition) return join(condition.any.map((c) => conditionSql(dialect, c, negated)), 'OR', FALSE);
  if ('not' in condition) {
    const inner = conditionSql(dialect, condition.not, true);
    return fragment(`NOT (${inner.sql})`, ...inner.params);
  }
  const field = fieldSql(dialect, condition.field);
  const sql = 'equals' in condition ? field.equals(condition.equals)
    : 'compare' in condition ? field.compare(OPERATORS[condition.compare], condition.value)
      : 'present' in condition ? field.present() : field.list();
  return negated ? definite(sql) : sql;
}

function join(parts: Fragment[], operator: string, empty: Fragment): Fragment {
  if (parts.length === 0) return empty;
  return fragment(parts.map((p) => `(${p.sql})`).join(` ${operator} `), ...parts.flatMap((p) => p.params));
}

/** Never NULL: a comparison with a missing value is FALSE, and so is its NOT. */
const definite = (f: Fragment): Fragment => fragment(`COALESCE((${f.sql}), FALSE)`, ...f.params);

/**
 * A field's SQL; with `literal`, a document's keys are written into the text instead of being
 * parameters when they are plain (PLAIN_KEY: nothing to quote): an index on an expression serves a
 * query only when the query writes the expression exactly as the index does.
 */
function fieldSql(dialect: Dialect, field: RunField, literal = false): FieldSql {
  if ('column' in field) return field.column === 'tags' ? tagsSql(dialect) : columnSql(dialect, field.column);
  const written = literal && plainKeys(field)
    ? (value: string): Fragment => fragment(`'${value}'`)
    : (value: string): Fragment => fragment('?', value);
  return dialect === 'sqlite' ? sqliteDocumentSql(field, written) : postgresDocumentSql(field, written);
}

/** Keys written as they are: no quote, no `?` (a parameter), no `$` or braces (replacement patterns, the clock marker). */
const PLAIN_KEY = /^[\p{L}\p{N}_ \-./:@#%+=,|~!^*<>()[\]]*$/u;
const plainKeys = (field: { paths: string[][] }): boolean => field.paths.every((keys) => keys.every((k) => PLAIN_KEY.test(k)));

const collate = (dialect: Dialect): string => (dialect === 'postgres' ? ' COLLATE "C"' : '');

function columnSql(dialect: Dialect, column: RunColumn): FieldSql {
  const required = REQUIRED.has(column);
  return {
    equals: (value) => (value === null ? fragment(`${column} IS NULL`) : typeof value === 'string' ? fragment(`${column} = ?`, value) : FALSE),
    compare: (op, value) => (typeof value === 'string' ? fragment(`${column}${collate(dialect)} ${op} ?`, value) : FALSE),
    present: () => (required ? TRUE : fragment(`${column} IS NOT NULL`)),
    list: () => FALSE,
    kind: required ? fragment(String(KIND.string)) : fragment(`CASE WHEN ${column} IS NULL THEN ${KIND.missing} ELSE ${KIND.string} END`),
    number: fragment('NULL'),
    text: fragment(`${column}${collate(dialect)}`),
  };
}

/** Tags: a JSON list of strings in a text column. */
function tagsSql(dialect: Dialect): FieldSql {
  return {
    equals: (value) => {
      if (typeof value !== 'string') return FALSE;
      return dialect === 'sqlite'
        ? fragment('EXISTS (SELECT 1 FROM json_each(tags) WHERE atom = ?)', value)
        : fragment('tags::jsonb @> ?::jsonb', JSON.stringify(value));
    },
    compare: () => FALSE,
    present: () => TRUE,
    list: () => TRUE,
    kind: fragment(String(KIND.other)),
    number: fragment('NULL'),
    text: fragment('NULL'),
  };
}

/** `$."a"."b"` as SQLite's JSON functions take a path (run filters refuse keys holding `"`). */
const sqlitePath = (keys: string[]): string => `$${keys.map((k) => `."${k}"`).join('')}`;

/** How a document field's keys and paths are written: as parameters or as literals. */
type TextSql = (value: string) => Fragment;

function sqliteDocumentSql(field: { document: 'config' | 'summary'; paths: string[][] }, written: TextSql): FieldSql {
  const doc = `${field.document}_doc`;
  // The first path present: each earlier path's type tested, the last taken otherwise.
  const path = field.paths.slice(0, -1).reduceRight<Fragment>((rest, keys) => {
    const here = written(sqlitePath(keys));
    return fragment(`CASE WHEN json_type(${doc}, ${here.sql}) IS NOT NULL THEN ${here.sql} ELSE ${rest.sql} END`, ...here.params, ...here.params, ...rest.params);
  }, written(sqlitePath(field.paths[field.paths.length - 1])));
  const type = fragment(`json_type(${doc}, ${path.sql})`, ...path.params);
  const value = fragment(`json_extract(${doc}, ${path.sql})`, ...path.params);
  const types = (value: RunScalar): string => {
    if (value === null) return "('null')";
    if (typeof value === 'boolean') return value ? "('true')" : "('false')";
    return typeof value === 'number' ? "('integer', 'real')" : "('text')";
  };
  const compareValue = (op: string, operand: RunScalar): Fragment =>
    typeof operand === 'boolean' || operand === null ? fragment('TRUE') : fragment(`${value.sql} ${op} ?`, ...value.params, operand);
  return {
    equals: (operand) => {
      const atom = typeof operand === 'boolean' || operand === null ? '' : ' AND atom = ?';
      const atomParams = atom ? [operand as Param] : [];
      const self = compareValue('=', operand);
      return fragment(
        `(${type.sql} IN ${types(operand)} AND ${self.sql}) OR (${type.sql} = 'array' AND EXISTS (SELECT 1 FROM json_each(${doc}, ${path.sql}) WHERE type IN ${types(operand)}${atom}))`,
        ...type.params, ...self.params, ...type.params, ...path.params, ...atomParams,
      );
    },
    compare: (op, operand) => fragment(`${type.sql} IN ${types(operand)} AND ${value.sql} ${op} ?`, ...type.params, ...value.params, operand),
    present: () => fragment(`${type.sql} <> 'null'`, ...type.params),
    list: () => fragment(`${type.sql} = 'array'`, ...type.params),
    kind: fragment(`CASE WHEN ${type.sql} IN ('integer', 'real') THEN ${KIND.number} WHEN ${type.sql} = 'text' THEN ${KIND.string}
        WHEN ${type.sql} IS NULL OR ${type.sql} = 'null' THEN ${KIND.missing} ELSE ${KIND.other} END`, ...type.params, ...type.params, ...type.params, ...type.params),
    // As a double: SQLite refuses to read an integer beyond 2^53 into a JavaScript number.
    number: fragment(`CASE WHEN ${type.sql} IN ('integer', 'real') THEN CAST(${value.sql} AS REAL) END`, ...type.params, ...value.params),
    text: fragment(`CASE WHEN ${type.sql} = 'text' THEN ${value.sql} END`, ...type.params, ...value.params),
  };
}

function postgresDocumentSql(field: { document: 'config' | 'summary'; paths: string[][] }, written: TextSql): FieldSql {
  const doc = `${field.document}_doc`;
  // Key by key with ->, which never indexes into a list (#> would read `a.0` as a list's first item).
  const paths = field.paths.map((keys) => {
    const each = keys.map(written);
    return fragment([doc, ...each.map((k) => `${k.sql}::text`)].join(' -> '), ...each.flatMap((k) => k.params));
  });
  const node = paths.length === 1 ? paths[0] : fragment(`COALESCE(${paths.map((p) => p.sql).join(', ')})`, ...paths.flatMap((p) => p.params));
  const typed = (type: string, then: string): Fragment => fragment(`CASE WHEN jsonb_typeof(${node.sql}) = '${type}' THEN ${then.replaceAll('$', node.sql)} END`,
    ...node.params, ...Array.from({ length: then.split('$').length - 1 }, () => node.params).flat());
  const number = typed('number', '($)::float8');
  const text = typed('string', `($ #>> '{}') COLLATE "C"`);
  return {
    equals: (operand) => fragment(`${node.sql} @> ?::jsonb`, ...node.params, JSON.stringify(operand)),
    compare: (op, operand) => typeof operand === 'number' ? fragment(`${number.sql} ${op} ?`, ...number.params, operand) : fragment(`${text.sql} ${op} ?`, ...text.params, operand),
    present: () => fragment(`jsonb_typeof(${node.sql}) <> 'null'`, ...node.params),
    list: () => fragment(`jsonb_typeof(${node.sql}) = 'array'`, ...node.params),
    kind: fragment(`CASE jsonb_typeof(${node.sql}) WHEN 'number' THEN ${KIND.number} WHEN 'string' THEN ${KIND.string} WHEN 'null' THEN ${KIND.missing}
        ELSE CASE WHEN ${node.sql} IS NULL THEN ${KIND.missing} ELSE ${KIND.other} END END`, ...node.params, ...node.params),
    number,
    text,
  };
}

/** The sort key columns a listing selects (`sort_kind`, `sort_number`, `sort_text`), its ORDER BY, and the WHERE that continues after a cursor. */
export function orderSql(dialect: Dialect, order: RunOrder, after: RunCursor | undefined): { select: Fragment; orderBy: string; after: Fragment } {
  const field = fieldSql(dialect, order.field, true);
  const direction = order.descending ? 'DESC' : 'ASC';
  const beyond = order.descending ? '<' : '>';
  const c = collate(dialect);
  const select = fragment(`${field.kind.sql} AS sort_kind, ${field.number.sql} AS sort_number, ${field.text.sql} AS sort_text`,
    ...field.kind.params, ...field.number.params, ...field.text.params);
  // Ordered by creation time, runs created at once go by name in the same direction; every other
  // order breaks ties by creation time, then name, ascending.
  if ('column' in order.field && order.field.column === 'created_at') {
    const orderBy = `created_at${c} ${direction}, name${c} ${direction}`;
    return { select, orderBy, after: after ? fragment(`(created_at${c}, name${c}) ${beyond} (?, ?)`, after.createdAt, after.name) : TRUE };
  }
  const tie = `(created_at${c}, name${c}) > (?, ?)`;
  const orderBy = `sort_kind ASC, sort_number ${direction}, sort_text ${direction}, created_at${c} ASC, name${c} ASC`;
  if (!after) return { select, orderBy, after: TRUE };
  const value = after.kind === KIND.number ? field.number : after.kind === KIND.string ? field.text : undefined;
  const within = value
    ? fragment(`(${value.sql}) ${beyond} ? OR ((${value.sql}) = ? AND ${tie})`, ...value.params, after.value, ...value.params, after.value, after.createdAt, after.name)
    : fragment(tie, after.createdAt, after.name);
  return {
    select,
    orderBy,
    after: fragment(`(${field.kind.sql}) > ? OR ((${field.kind.sql}) = ? AND (${within.sql}))`,
      ...field.kind.params, after.kind, ...field.kind.params, after.kind, ...within.params),
  };
}

/** The query of a page of a project's runs: `columns` and the sort key columns (see toCursor). */
export function listingSql(dialect: Dialect, columns: string, entity: string, project: string, { where, order, after, limit }: RunQuery): Fragment {
  const condition = conditionSql(dialect, where);
  const sorted = orderSql(dialect, order, after);
  const indexed = sortIndexCondition(dialect, order);
  return fragment(`SELECT ${columns}, ${sorted.select.sql} FROM runs
      WHERE entity = ? AND project = ? AND (${indexed.sql}) AND (${condition.sql}) AND (${sorted.after.sql}) ORDER BY ${sorted.orderBy}${limit === undefined ? '' : ' LIMIT ?'}`,
  ...sorted.select.params, entity, project, ...indexed.params, ...condition.params, ...sorted.after.params, ...(limit === undefined ? [] : [limit]));
}

/**
 * How many of a project's runs the condition keeps. Beside the condition, each condition on a
 * document field the runs must match (outside any NOT or OR) is written again with the field's
 * sort key as its ascending sort index holds it (`indexTerm`), with the index's own condition: the
 * planner can then read the runs through that index rather than every run of the project. The
 * terms written again keep every run the condition keeps, so the count is the condition's.
 */
export function countSql(dialect: Dialect, entity: string, project: string, where: RunCondition): Fragment {
  const terms = indexTerms(where).flatMap(({ field, term }) => [sortIndexCondition(dialect, { field, descending: false }), term(fieldSql(dialect, field, true))]);
  const condition = conditionSql(dialect, where);
  return fragment(`SELECT COUNT(*) AS n FROM runs WHERE entity = ? AND project = ? AND ${[condition, ...terms].map((f) => `(${f.sql})`).join(' AND ')}`,
    entity, project, ...condition.params, ...terms.flatMap((f) => f.params));
}

/** The document fields whose index a count under the condition may read (see countSql). */
export const filterIndexFields = (where: RunCondition): RunField[] => [...new Map(indexTerms(where).map(({ field }) => [JSON.stringify(field), field])).values()];

interface IndexTerm {
  field: RunField;
  /** A condition on the field's sort key that every run the condition keeps meets. */
  term(sortKey: FieldSql): Fragment;
}

/** The conditions on document fields (with plain keys) that every run the condition keeps must meet, as sort key conditions. */
function indexTerms(condition: RunCondition): IndexTerm[] {
  if ('all' in condition) return condition.all.flatMap(indexTerms);
  if (!('field' in condition) || !('document' in condition.field) || !plainKeys(condition.field)) return [];
  const term = sortKeyTerm(condition);
  return term ? [{ field: condition.field, term }] : [];
}

function sortKeyTerm(condition: RunCondition): IndexTerm['term'] | undefined {
  const ranged = (op: string, operand: number | string) => ({ kind, number, text }: FieldSql): Fragment => (typeof operand === 'number'
    ? fragment(`(${kind.sql}) = ${KIND.number} AND (${number.sql}) ${op} ?`, operand)
    : fragment(`(${kind.sql}) = ${KIND.string} AND (${number.sql}) IS NULL AND (${text.sql}) ${op} ?`, operand));
  if ('compare' in condition) return ranged(OPERATORS[condition.compare], condition.value);
  if ('present' in condition) return ({ kind }) => fragment(`(${kind.sql}) < ${KIND.missing}`);
  if ('equals' in condition && (typeof condition.equals === 'number' || typeof condition.equals === 'string')) {
    // The value itself, or any other kind of value: a list may hold it.
    const same = ranged('=', condition.equals);
    return (key) => {
      const value = same(key);
      return fragment(`(${value.sql}) OR (${key.kind.sql}) = ${KIND.other}`, ...value.params);
    };
  }
  return undefined;
}

/**
 * Always true (a sort key's kind is never NULL), and the condition of the order's sort index
 * (partial on it): only a listing that states it reads the index, which other queries of a
 * project's runs (a count, the project's version) would otherwise walk in its random order.
 */
function sortIndexCondition(dialect: Dialect, order: RunOrder): Fragment {
  if ('column' in order.field) return TRUE;
  const { kind } = fieldSql(dialect, order.field, true);
  return fragment(`(${kind.sql}) IS NOT NULL`, ...kind.params);
}

/**
 * The index that serves a listing in this order straight from its first rows, for an order on a
 * document's field (one with plain keys): its name (from the field and direction) and its SQL.
 * Columns have indexes of their own (schema.ts).
 */
export function sortIndexSql(dialect: Dialect, order: RunOrder): { name: string; sql: string } | undefined {
  if ('column' in order.field) return undefined;
  const { kind, number, text } = fieldSql(dialect, order.field, true);
  if (kind.params.length + number.params.length + text.params.length > 0) return undefined;
  const direction = order.descending ? 'DESC' : 'ASC';
  const c = collate(dialect);
  const definition = `ON runs (entity, project, (${kind.sql}), (${number.sql}) ${direction}, (${text.sql}) ${direction}, created_at${c}, name${c})
      WHERE ${sortIndexCondition(dialect, order).sql}`;
  // Named after its definition: an index written differently by another version is another index.
  const name = `runs_sort_${createHash('sha256').update(definition).digest('hex').slice(0, 16)}`;
  return { name, sql: `CREATE INDEX IF NOT EXISTS ${name} ${definition}` };
}
