// Every import in packages/server points down the layers of docs/architecture.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forbiddenImports, importGraph, layerViolations, LAYERS, packageImports, unitOf, type ImportGraph } from './testing/layers.ts';

const graph = importGraph(dirname(fileURLToPath(import.meta.url)));

test('no file of the server imports a layer above its own, and faces do not import each other', () => {
  assert.deepEqual(layerViolations(graph), []);
});

test('every folder and top-level file of the server is in a layer, and every layer unit exists', () => {
  const units = new Set([...graph.keys()].map(unitOf));
  assert.deepEqual([...units].filter((unit) => !LAYERS.some((l) => l.units.includes(unit))), []);
  assert.deepEqual(LAYERS.flatMap((l) => l.units).filter((unit) => !units.has(unit)), []);
});

test('the import graph is read from the sources: type-only, multi-line and re-export imports count', () => {
  assert.ok(graph.get('app.ts')?.includes('api/native.ts'));
  assert.ok(graph.get('wandb/operations.ts')?.includes('store/store.ts'), 'an `import type` is an edge');
  assert.ok(![...graph.keys()].some((file) => file.endsWith('.test.ts') || file.startsWith('testing/')));
});

test('the check names a back edge, an import between faces, cycles of services and of files, and a file in no layer', () => {
  const synthetic: ImportGraph = new Map([
    ['store/sqlite.ts', ['store/schema.ts', 'runs/filter.ts']],
    ['api/native.ts', ['wandb/graphql.ts', 'errors.ts']],
    ['runs/filter.ts', ['files/names.ts']],
    ['files/names.ts', ['runs/filter.ts']],
    ['scratch.ts', []],
    ['wandb/a.ts', ['wandb/b.ts']],
    ['wandb/b.ts', ['wandb/a.ts']],
  ]);
  assert.deepEqual(layerViolations(synthetic), [
    'store/sqlite.ts -> runs/filter.ts: storage may not import services, a layer above',
    'api/native.ts -> wandb/graphql.ts: api and wandb are both faces, which do not import each other',
    'scratch.ts: scratch.ts is in no layer',
    'import cycle between units: files -> runs -> files',
    'import cycle between files: files/names.ts -> runs/filter.ts -> files/names.ts',
    'import cycle between files: wandb/a.ts -> wandb/b.ts -> wandb/a.ts',
  ]);
  assert.deepEqual(layerViolations(new Map([['app.ts', ['wandb/graphql.ts', 'errors.ts']], ['wandb/graphql.ts', ['errors.ts']]])), []);
});

test('the server\'s own code never imports @sextant/client (its tests may); the check names an import that does', () => {
  const packages = packageImports(dirname(fileURLToPath(import.meta.url)));
  assert.ok(packages.get('api/contract.ts')?.includes('@sextant/protocol'), 'package imports are read');
  assert.deepEqual(forbiddenImports(packages), []);
  assert.deepEqual(forbiddenImports(new Map([['api/native.ts', ['fastify', '@sextant/client']], ['app.ts', ['@sextant/clientele']]])), ['api/native.ts -> @sextant/client']);
});
