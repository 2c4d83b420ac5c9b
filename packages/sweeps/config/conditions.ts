// Our `when:` extension: a parameter (or a nested block of them) that exists only for some values
// of a categorical parameter (docs/sweep-config.md#conditional-parameters). The leaves are read
// first; then each `when` is resolved against them and checked: known parent, categorical parent,
// listed values, no cycles.
import type { Json, JsonObject, Param } from '../types.ts';
import { valueKey } from '../space/identity.ts';
import { closest } from './forms.ts';
import type { JsonPath } from './parse.ts';
import type { Report } from './report.ts';

/** A `when` as written, for the leaf at `path` (a block's `when` is recorded once per leaf inside it). */
export interface WrittenCondition {
  path: string[];
  spec: Json;
  /** Where the `when` was written. */
  at: JsonPath;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const samePath = (a: string[], b: string[]): boolean => a.length === b.length && a.every((k, i) => k === b[i]);

/** Sets `when` on the leaves that have one; problems go to `report`, naming the `when` field. */
export function resolveConditions(params: Param[], written: WrittenCondition[], report: Report): void {
  const reported = new Set<string>();
  for (const { path, spec, at } of written) {
    const param = params.find((p) => samePath(p.path, path));
    if (!param) continue;
    // A block's `when` is checked once, not once per leaf.
    const once = (message: string, where: JsonPath, position: 'key' | 'value' = 'value'): void => {
      const key = `${where.join('\u0000')}\u0001${message}`;
      if (!reported.has(key)) report.error(where, message, position);
      reported.add(key);
    };
    const keys = isObject(spec) ? Object.keys(spec) : [];
    if (!isObject(spec) || keys.length !== 1) {
      once(`when must map one parameter to the value (or list of values) it must take, e.g. when: {optimizer: sgd}${keys.length > 1 ? ` (found ${keys.length} parameters: chain conditions through the parent's own when instead)` : ''}`, at);
      continue;
    }
    const parentName = keys[0];
    const parent = params.find((p) => p.name === parentName);
    if (!parent) {
      const hint = closest(parentName, params.map((p) => p.name));
      once(`when names '${parentName}', which is not a parameter of this sweep${hint ? ` (did you mean '${hint}'?)` : ''}`, [...at, parentName], 'key');
      continue;
    }
    if (parent === param) {
      once(`parameter '${param.name}' cannot exist only when it takes a value itself`, [...at, parentName], 'key');
      continue;
    }
    if (parent.type !== 'categorical' && parent.type !== 'categorical_w_probabilities') {
      once(`when's parent '${parentName}' must be a parameter with values (a categorical), but it is a ${parent.type}`, [...at, parentName], 'key');
      continue;
    }
    const listed = parent.values ?? [];
    const isListed = (v: Json): boolean => listed.some((w) => valueKey(w) === valueKey(v));
    const wanted = spec[parentName];
    const values = isListed(wanted) || !Array.isArray(wanted) ? [wanted] : wanted;
    if (values.length === 0) {
      once(`when: {${parentName}: []} lists no value, so the parameter would never exist`, [...at, parentName]);
      continue;
    }
    const unknown = values.filter((v) => !isListed(v));
    if (unknown.length > 0) {
      once(`${unknown.map((v) => JSON.stringify(v)).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the values of '${parentName}' (${JSON.stringify(listed)})`, [...at, parentName]);
      continue;
    }
    param.when = { parent: parent.path, values };
  }
  reportCycles(params, written, report);
}

/** A chain of `when` parents that comes back to where it started can never be active. */
function reportCycles(params: Param[], written: WrittenCondition[], report: Report): void {
  const parentOf = (p: Param): Param | undefined => p.when && params.find((q) => samePath(q.path, p.when!.parent));
  for (const param of params) {
    const chain = [param];
    for (let next = parentOf(param); next && !chain.includes(next); next = parentOf(next)) chain.push(next);
    const last = parentOf(chain[chain.length - 1]);
    if (last !== param) continue;
    const at = written.find((w) => samePath(w.path, param.path))?.at ?? [];
    report.error([...at, chain[1].name], `when conditions form a cycle (${[...chain, param].map((p) => p.name).join(' → ')}), so none of these parameters could ever exist`, 'key');
  }
}
