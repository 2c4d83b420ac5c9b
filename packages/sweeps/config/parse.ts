// Reads sweep config text (YAML 1.2; JSON is a subset) into plain data, remembering where every
// value came from (for line:col in violations) and which numbers were written as floats
// (`min: 1.0` makes a uniform, `min: 1` an int_uniform, spec §1.3.1).
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
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
  value?: Json;
  source?: SourceInfo;
  violations: Violation[];
}

const pathKey = (path: JsonPath): string => path.join('\u0000');

export function parseConfigText(text: string): ParsedText {
  const lines = new LineCounter();
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: true, prettyErrors: true, lineCounter: lines });
  const violations: Violation[] = doc.errors.map((error) => {
    const pos = error.linePos?.[0];
    return { path: '', message: `invalid YAML: ${firstLine(error.message)}`, severity: 'error', line: pos?.line, col: pos?.col };
  });
  if (violations.length > 0) return { violations };

  const floats = new Set<string>();
  const values = new Map<string, Position>();
  const keys = new Map<string, Position>();
  const at = (offset: number | undefined): Position | undefined => (offset === undefined ? undefined : lines.linePos(offset));

  const walk = (node: unknown, path: JsonPath): void => {
    if (isAlias(node) || !node) return;
    const pos = at((node as Node).range?.[0]);
    if (pos) values.set(pathKey(path), pos);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const keyPos = isScalar(pair.key) ? at(pair.key.range?.[0]) : undefined;
        if (keyPos) keys.set(pathKey([...path, key]), keyPos);
        walk(pair.value, [...path, key]);
        // A block mapping or list starts on the line after its key; point at the key instead.
        if (keyPos && (isMap(pair.value) || isSeq(pair.value))) values.set(pathKey([...path, key]), keyPos);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    } else if (isScalar(node) && typeof node.value === 'number') {
      const raw = node.source ?? String(node.value);
      if (node.tag === 'tag:yaml.org,2002:float' || /[.eE]|inf|nan/i.test(raw)) floats.add(pathKey(path));
    }
  };
  walk(doc.contents, []);

  let value: Json;
  try {
    value = (doc.toJS({ maxAliasCount: 100 }) ?? null) as Json;
  } catch (error) {
    return { violations: [{ path: '', message: `invalid YAML: ${firstLine((error as Error).message)}`, severity: 'error', line: 1, col: 1 }] };
  }
  const source: SourceInfo = {
    isFloat: (path) => floats.has(pathKey(path)),
    locate(path, kind) {
      if (kind === 'key' && keys.has(pathKey(path))) return keys.get(pathKey(path));
      for (let n = path.length; n >= 0; n--) {
        const found = values.get(pathKey(path.slice(0, n)));
        if (found) return found;
      }
      return undefined;
    },
  };
  return { value, source, violations: [] };
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
