// The runs table's filter expressions, e.g. `lr > 0.01 and state = finished`, compiled into the
// native API's filter JSON (`{"$and": [{"config.lr": {"$gt": 0.01}}, {"state": "finished"}]}`).
//
//   expression := term ("or" term)*          term := factor ("and" factor)*
//   factor     := "not" factor | "(" expression ")" | name op value
//   op         := = == != > >= < <= ~ (regular expression)
//   value      := number | "quoted" | 'quoted' | bare word (true, false, null are JSON)
//
// A bare name is a run field (state, name — the name shown —, id, tags, host, group, sweep, jobType,
// createdAt), else a config key when some run has it, else a summary key; `config.x` and
// `summary.x` say which.
import type { Json } from '../api.ts';

export type Filter = Record<string, Json>;

export class FilterError extends Error {}

/** Run fields by the name the table shows, to the API's path (the API's `name` is the run id). */
const RUN_FIELDS: Record<string, string> = {
  state: 'state', name: 'displayName', id: 'name', tags: 'tags', host: 'host', group: 'group', sweep: 'sweep', jobType: 'jobType', createdAt: 'createdAt', heartbeatAt: 'heartbeatAt',
};
const OPERATORS: Record<string, string | null> = { '=': null, '==': null, '!=': '$ne', '>': '$gt', '>=': '$gte', '<': '$lt', '<=': '$lte', '~': '$regex' };

interface Token {
  kind: 'word' | 'string' | 'op' | 'paren';
  text: string;
  at: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(>=|<=|==|!=|[=<>~])|([()])|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s()=<>!~"']+))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m) throw new FilterError(`unexpected ${JSON.stringify(text.slice(at).trim()[0])} at column ${at + 1 + (text.slice(at).length - text.slice(at).trimStart().length)}`);
    const start = m.index + m[0].length - m[0].trimStart().length;
    if (m[1]) tokens.push({ kind: 'op', text: m[1], at: start });
    else if (m[2]) tokens.push({ kind: 'paren', text: m[2], at: start });
    else if (m[3] !== undefined || m[4] !== undefined) tokens.push({ kind: 'string', text: (m[3] ?? m[4]).replace(/\\(.)/g, '$1'), at: start });
    else tokens.push({ kind: 'word', text: m[5], at: start });
    at = pattern.lastIndex;
  }
  return tokens;
}

/** The filter for an expression; an empty expression filters nothing. Throws FilterError with the column. */
export function parseFilter(text: string, configKeys: ReadonlySet<string>): Filter {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const isWord = (word: string): boolean => peek()?.kind === 'word' && peek()!.text.toLowerCase() === word;
  const where = (): string => (peek() ? `at column ${peek()!.at + 1}` : 'at the end');

  const expression = (): Filter => {
    const parts = [term()];
    while (isWord('or')) {
      i++;
      parts.push(term());
    }
    return parts.length === 1 ? parts[0] : { $or: parts };
  };
  const term = (): Filter => {
    const parts = [factor()];
    while (isWord('and')) {
      i++;
      parts.push(factor());
    }
    return parts.length === 1 ? parts[0] : { $and: parts };
  };
  const factor = (): Filter => {
    const token = peek();
    if (!token) throw new FilterError('expected a condition such as lr > 0.01 at the end');
    if (isWord('not')) {
      i++;
      return { $nor: [factor()] };
    }
    if (token.kind === 'paren' && token.text === '(') {
      i++;
      const inner = expression();
      if (peek()?.text !== ')') throw new FilterError(`expected ) ${where()}`);
      i++;
      return inner;
    }
    if (token.kind !== 'word') throw new FilterError(`expected a column name ${where()}, found ${token.text}`);
    i++;
    const op = peek();
    if (op?.kind !== 'op') throw new FilterError(`expected an operator (= != > >= < <= ~) after ${token.text} ${where()}`);
    i++;
    const value = peek();
    if (!value || value.kind === 'op' || value.kind === 'paren') throw new FilterError(`expected a value after ${op.text} ${where()}`);
    i++;
    return condition(resolve(token.text, configKeys), OPERATORS[op.text], literal(value));
  };

  if (tokens.length === 0) return {};
  const filter = expression();
  if (peek()) throw new FilterError(`expected "and" or "or" ${where()}, found ${peek()!.text}`);
  return filter;
}

function condition(path: string, op: string | null, value: Json): Filter {
  if (op === '$regex') {
    if (typeof value !== 'string') throw new FilterError(`~ takes a regular expression, not ${JSON.stringify(value)}`);
    try {
      new RegExp(value);
    } catch {
      throw new FilterError(`${JSON.stringify(value)} is not a valid regular expression`);
    }
  }
  return { [path]: op === null ? value : { [op]: value } };
}

function literal(token: Token): Json {
  if (token.kind === 'string') return token.text;
  if (token.text === 'true') return true;
  if (token.text === 'false') return false;
  if (token.text === 'null') return null;
  const n = Number(token.text);
  return token.text.trim() !== '' && Number.isFinite(n) ? n : token.text;
}

/** The API path of a name as typed. */
export function resolve(name: string, configKeys: ReadonlySet<string>): string {
  if (Object.hasOwn(RUN_FIELDS, name)) return RUN_FIELDS[name];
  if (name.startsWith('config.')) return name;
  if (name.startsWith('summary.')) return `summary_metrics.${name.slice('summary.'.length)}`;
  if (name.startsWith('summary_metrics.')) return name;
  const top = name.split('.')[0];
  if (configKeys.has(top)) return `config.${name}`;
  return `summary_metrics.${name}`;
}
