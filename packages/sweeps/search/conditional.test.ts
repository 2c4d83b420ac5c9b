// Conditional parameters (`when`) in every search method: an inactive parameter is never in a
// suggestion, an active one always is. Checked against an oracle that reads only the suggestion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Json, JsonObject, SweepConfig, SweepRun } from '../types.ts';
import { checkSweepConfig } from '../config/index.ts';
import { createRng } from '../rng.ts';
import { valueKey } from '../space/identity.ts';
import { gridSize, nextRuns } from './index.ts';
import { sweep, values } from './testing.ts';
import { decode, encodeRun, INACTIVE, searchSpace } from './bayes/encoding.ts';

const optimizers = (method: string): string => `method: ${method}
metric: {name: loss}
parameters:
  optimizer: {values: [sgd, adam]}
  momentum: {values: [0.5, 0.9], when: {optimizer: sgd}}
  nesterov: {value: true, when: {optimizer: sgd}}
  adam:
    when: {optimizer: adam}
    parameters:
      beta1: {values: [0.8, 0.9, 0.99]}
  batch: {values: [32, 64]}`;

test('grid enumerates each distinct combination of the parameters that exist, once', () => {
  const config = sweep(optimizers('grid'));
  // sgd: 2 momenta × 2 batches; adam: 3 beta1 × 2 batches.
  assert.equal(gridSize(config), 10);
  const all = nextRuns(config, [], 20, createRng(1)).map((s) => values(s.config));
  assert.equal(all.length, 10);
  assert.equal(new Set(all.map((v) => valueKey(v as JsonObject))).size, 10);
  for (const v of all) {
    if (v.optimizer === 'sgd') assert.deepEqual(Object.keys(v).sort(), ['batch', 'momentum', 'nesterov', 'optimizer']);
    else assert.deepEqual(Object.keys(v).sort(), ['adam', 'batch', 'optimizer']);
  }
  // A run that has the point already (without the inactive parameters) takes it.
  const done: SweepRun = { id: 'a', state: 'finished', config: nextRuns(config, [], 1, createRng(1))[0].config, summary: {}, history: [] };
  assert.equal(nextRuns(config, [done], 20, createRng(1)).length, 9);
});

test("bayes fixes an inactive parameter's coordinates and never searches it", () => {
  const config = sweep(`method: bayes
metric: {name: loss}
parameters:
  optimizer: {values: [sgd, adam]}
  momentum: {min: 0.0, max: 0.99, when: {optimizer: sgd}}
  beta1: {values: [0.8, 0.9], when: {optimizer: adam}}`);
  const space = searchSpace(config.params);
  const [beta1, momentum] = space.dims.filter((d) => d.param.when);
  const x = encodeRun(space, { optimizer: { value: 'adam' }, beta1: { value: 0.9 } });
  assert.ok(x);
  assert.equal(x[momentum.offset], INACTIVE);
  assert.deepEqual(Array.from(x.subarray(beta1.offset, beta1.offset + 2)), [0, 1]);
  const y = encodeRun(space, { optimizer: { value: 'sgd' }, momentum: { value: 0.5 } });
  assert.deepEqual(Array.from(y!.subarray(beta1.offset, beta1.offset + 2)), [0, 0], 'an inactive categorical is no category');
  assert.equal(encodeRun(space, { optimizer: { value: 'sgd' } }), undefined, 'an active parameter missing makes the run unusable');
  // Quantiles of inactive coordinates do not matter: same values, same model coordinates.
  const order = space.dims.map((d) => d.param.name);
  const u = (m: number, b: number): Float64Array => Float64Array.from(order, (name) => (name === 'optimizer' ? 0.7 : name === 'momentum' ? m : b));
  assert.deepEqual(decode(space, u(0.1, 0.2)), decode(space, u(0.9, 0.2)));
  assert.notDeepEqual(decode(space, u(0.1, 0.2)), decode(space, u(0.1, 0.8)));
});

/** A random conditional space: node 0 is a categorical; each later node may depend on an earlier categorical. */
const spaces = fc.array(fc.record({
  kind: fc.constantFrom('categorical', 'int', 'uniform', 'constant'),
  size: fc.integer({ min: 2, max: 3 }),
  parent: fc.nat(),
  conditional: fc.boolean(),
  pick: fc.nat(),
}), { minLength: 1, maxLength: 7 }).map((nodes) => {
  const parameters: JsonObject = {};
  const categorical: number[] = [];
  nodes.forEach((node, i) => {
    const kind = i === 0 ? 'categorical' : node.kind;
    const spec: JsonObject = kind === 'categorical' ? { values: Array.from({ length: node.size }, (_, k) => `v${k}`) }
      : kind === 'int' ? { min: 0, max: node.size } : kind === 'constant' ? { value: i } : { min: 0.0, max: 1.0 };
    if (node.conditional && categorical.length > 0) {
      const parent = categorical[node.parent % categorical.length];
      const size = (parameters[`p${parent}`] as { values: Json[] }).values.length;
      spec.when = { [`p${parent}`]: node.pick % 2 === 0 ? `v${node.pick % size}` : [`v${node.pick % size}`, `v${(node.pick + 1) % size}`] };
    }
    if (kind === 'categorical') categorical.push(i);
    parameters[`p${i}`] = spec;
  });
  return parameters;
});

/** The oracle: which parameters a suggestion must have, from its own values. */
function expectedKeys(parameters: JsonObject, suggestion: Record<string, Json>): string[] {
  const active = (name: string): boolean => {
    const when = (parameters[name] as JsonObject).when as JsonObject | undefined;
    if (!when) return true;
    const [parent] = Object.keys(when);
    const allowed = Array.isArray(when[parent]) ? (when[parent] as Json[]) : [when[parent]];
    return active(parent) && parent in suggestion && allowed.includes(suggestion[parent]);
  };
  return Object.keys(parameters).filter(active).sort();
}

function configOf(method: string, parameters: JsonObject): SweepConfig {
  const { config, violations } = checkSweepConfig({ method, metric: { name: 'loss' }, parameters });
  assert.ok(config, JSON.stringify(violations));
  return config;
}

function checkSuggestions(method: string, parameters: JsonObject, n: number): Array<Record<string, Json>> {
  const config = configOf(method, parameters);
  const runs: SweepRun[] = [];
  const rng = createRng(7);
  const out: Array<Record<string, Json>> = [];
  for (let i = 0; i < n; i++) {
    const [s] = nextRuns(config, runs, 1, rng);
    if (!s) break;
    const v = values(s.config);
    assert.deepEqual(Object.keys(v).sort(), expectedKeys(parameters, v), `${method} suggestion ${i}: ${JSON.stringify(v)}`);
    out.push(v);
    runs.push({ id: `r${i}`, state: 'finished', config: s.config, summary: { loss: Object.keys(v).length + (i % 3) }, history: [] });
  }
  return out;
}

test('property: random and grid emit exactly the active parameters; grid emits each distinct active combination once', () => {
  fc.assert(fc.property(spaces, (parameters) => {
    checkSuggestions('random', parameters, 20);
    const discrete = Object.fromEntries(Object.entries(parameters).filter(([, spec]) => (spec as JsonObject).max !== 1.0));
    const grid = checkSuggestions('grid', discrete, 10_000);
    // Brute force: every combination of the listed values, with inactive parameters dropped, deduplicated.
    const names = Object.keys(discrete);
    const axes = names.map((name) => {
      const spec = discrete[name] as JsonObject;
      return 'values' in spec ? (spec.values as Json[]) : 'value' in spec ? [spec.value] : Array.from({ length: (spec.max as number) + 1 }, (_, k) => k);
    });
    const distinct = new Set<string>();
    const visit = (d: number, point: Record<string, Json>): void => {
      if (d === names.length) {
        const keep = expectedKeys(discrete, point);
        distinct.add(valueKey(Object.fromEntries(keep.map((k) => [k, point[k]]))));
        return;
      }
      for (const value of axes[d]) visit(d + 1, { ...point, [names[d]]: value });
    };
    visit(0, {});
    assert.equal(grid.length, distinct.size);
    assert.equal(new Set(grid.map((v) => valueKey(v))).size, grid.length);
  }), { numRuns: 60 });
});

test('property: bayes emits exactly the active parameters, in its initial design and from its model', () => {
  fc.assert(fc.property(spaces.filter((p) => Object.values(p).some((s) => !('value' in (s as JsonObject)))), (parameters) => {
    checkSuggestions('bayes', parameters, 14);
  }), { numRuns: 6 });
});
