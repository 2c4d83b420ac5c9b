// Reads sweep config text (YAML 1.2; JSON is a subset) into plain data, remembering where every
// value came from (for line:col in violations) and which numbers were written as floats
// (`min: 1.0` makes a uniform, `min: 1` an int_uniform, docs/protocol/sweeps.md#parameter-forms).
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { Json, Violation } from '../types.ts';

export type JsonPath = Array<string | number>;

export interface Position {
  line: number;
  col: number;
}

/** Where values and keys sit in the source, and how numbers were written. */
export interface SourceInfo {
  isFloat(path: JsonPath): boolean;
  /** Position of the key naming `path` (for unknown keys), else of its value, else of the nearest ancestor. */
  locate(path: JsonPath, at: 'key' | 'value'): Position | undefined;
}

export interface ParsedText {
  /** Absent when the text is not valid YAML. */
  value?: Json;
  source?: SourceInfo;
  /** Syntax errors; or, with `value` still given, duplicate keys (the last one wins) and parser warnings. */
  violations: Violation[];
}

const pathKey = (path: JsonPath): string => path.join('\u0000');
/** YAML 1.2 core-schema integers; any other number literal (1.0, 1e-5, .inf) is a float. */
const INT_LITERAL = /^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;

export function parseConfigText(text: string): ParsedText {
  const lines = new LineCounter();
  // `merge: true` accepts `<<: *anchor` as PyYAML does; duplicate keys are found by the walk
  // below, so they can be reported with their JSON path.
  const doc = parseDocument(text, { version: '1.2', merge: true, uniqueKeys: false, prettyErrors: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    return {
      violations: doc.errors.map((error) => {
        const pos = error.linePos?.[0];
        return { path: '', message: `invalid YAML: ${firstLine(error.message)}`, severity: 'error', line: pos?.line, col: pos?.col };
      }),
    };
  }
  let value: Json;
  try {
    value = (doc.toJS({ maxAliasCount: 100 }) ?? null) as Json;
  } catch (error) {
    return { violations: [{ path: '', message: `invalid YAML: ${firstLine((error as Error).message)}`, severity: 'error', line: 1, col: 1 }] };
  }
  const layout = new Layout(doc, lines);
  layout.walk(doc.contents, []);
  // The parser's warnings, e.g. `!!float 2` (a tag it cannot apply, so the value stays a string).
  const warnings: Violation[] = doc.warnings.map((warning) => {
    const pos = warning.linePos?.[0];
    return { path: '', message: `YAML: ${firstLine(warning.message)}`, severity: 'warning', line: pos?.line, col: pos?.col };
  });
  return { value, source: layout.source(), violations: [...warnings, ...layout.duplicates] };
}

/** One pass over the YAML nodes, recording positions, float literals and duplicate keys by JSON path. */
class Layout {
  readonly duplicates: Violation[] = [];
  readonly #floats = new Set<string>();
  readonly #values = new Map<string, Position>();
  readonly #keys = new Map<string, Position>();
  readonly #doc: Document;
  readonly #lines: LineCounter;
  #depth = 0;

  constructor(doc: Document, lines: LineCounter) {
    this.#doc = doc;
    this.#lines = lines;
  }

  walk(node: unknown, path: JsonPath, at = this.#at(node)): void {
    if (isAlias(node)) node = node.resolve(this.#doc);
    if (!node || this.#depth > 64) return;
    this.#depth++;
    if (at) this.#values.set(pathKey(path), at);
    if (isMap(node)) {
      // Merged mappings first, so keys written in this mapping override them (as YAML merge does).
      for (const pair of node.items.filter(isMerge)) {
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const source of [...sources].reverse()) this.#walkPairs(source, path, at);
      }
      this.#walkPairs(node, path, at, true);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => this.walk(item, [...path, i]));
    } else if (isScalar(node) && typeof node.value === 'number') {
      if (!INT_LITERAL.test(node.source ?? String(node.value))) this.#floats.add(pathKey(path));
      else this.#floats.delete(pathKey(path));
    }
    this.#depth--;
  }

  #walkPairs(map: unknown, path: JsonPath, mapAt: Position | undefined, own = false): void {
    if (isAlias(map)) map = map.resolve(this.#doc);
    if (!isMap(map)) return;
    const seen = new Map<string, Position | undefined>();
    for (const pair of map.items) {
      if (isMerge(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyPos = own ? this.#at(pair.key) : mapAt;
      if (own && seen.has(key)) {
        const first = seen.get(key);
        this.duplicates.push({
          path: [...path, key].join('.'),
          message: `duplicate key '${key}'${first ? ` (first at line ${first.line})` : ''}; YAML readers keep only one of them`,
          severity: 'error',
          ...(keyPos ? { line: keyPos.line, col: keyPos.col } : {}),
        });
      }
      seen.set(key, keyPos);
      const childPath = [...path, key];
      if (keyPos) this.#keys.set(pathKey(childPath), keyPos);
      // A block mapping or list starts on the line after its key; point at the key instead.
      const value = isAlias(pair.value) ? pair.value.resolve(this.#doc) : pair.value;
      const blockish = isMap(value) || isSeq(value) || isAlias(pair.value);
      this.walk(pair.value, childPath, blockish ? keyPos : (this.#at(pair.value) ?? keyPos));
    }
  }

  #at(node: unknown): Position | undefined {
    const offset = (node as Node | undefined)?.range?.[0];
    return offset === undefined ? undefined : this.#lines.linePos(offset);
  }

  source(): SourceInfo {
    return {
      isFloat: (path) => this.#floats.has(pathKey(path)),
      locate: (path, kind) => {
        if (kind === 'key' && this.#keys.has(pathKey(path))) return this.#keys.get(pathKey(path));
        for (let n = path.length; n >= 0; n--) {
          const found = this.#values.get(pathKey(path.slice(0, n)));
          if (found) return found;
        }
        return undefined;
      },
    };
  }
}

function isMerge(pair: Pair): boolean {
  return isScalar(pair.key) && typeof pair.key.value === 'symbol';
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** Source info for a config that arrived as data, not text: a number is a float when it is not integral. */
export function dataSource(value: Json): SourceInfo {
  return {
    isFloat(path) {
      let node: Json | undefined = value;
      for (const key of path) node = node !== null && typeof node === 'object' ? (node as Record<string, Json>)[key] : undefined;
      return typeof node === 'number' && !Number.isInteger(node);
    },
    locate: () => undefined,
  };
}
