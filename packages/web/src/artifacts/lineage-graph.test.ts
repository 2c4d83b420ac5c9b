import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArtifactVersion, RunRef } from '../api.ts';
import { lineageGraph, MAX_NODES, type RunArtifacts } from './lineage-graph.ts';

const run = (id: string): RunRef => ({ entity: 'e', project: 'p', id, name: `name-${id}` });
const art = (name: string, version = 'v0', type = 'model') => ({ entity: 'e', project: 'p', name, version, type }) as ArtifactVersion;
const ids = (graph: ReturnType<typeof lineageGraph>) => graph.columns.map((c) => c.nodes.map((n) => n.id));

test('inputs of the logging run → the run → the version → the runs that used it → what they logged', () => {
  const version = { ...art('model', 'v1'), lineage: { loggedBy: run('train'), usedBy: [run('eval-a'), run('eval-b')] } };
  const runs = new Map<string, RunArtifacts>([
    ['run:e/p/train', { used: [art('dataset', 'v2', 'dataset')], logged: [art('model', 'v1')] }],
    ['run:e/p/eval-a', { used: [art('model', 'v1')], logged: [art('report', 'v0', 'report'), art('model', 'v1')] }],
    ['run:e/p/eval-b', { used: [art('model', 'v1')], logged: [art('report', 'v1', 'report')] }],
  ]);
  const graph = lineageGraph(version, runs);
  assert.deepEqual(ids(graph), [
    ['artifact:e/p/dataset:v2'], ['run:e/p/train'], ['artifact:e/p/model:v1'], ['run:e/p/eval-a', 'run:e/p/eval-b'], ['artifact:e/p/report:v0', 'artifact:e/p/report:v1'],
  ]);
  assert.deepEqual(graph.edges, [
    ['artifact:e/p/dataset:v2', 'run:e/p/train'], ['run:e/p/train', 'artifact:e/p/model:v1'],
    ['artifact:e/p/model:v1', 'run:e/p/eval-a'], ['artifact:e/p/model:v1', 'run:e/p/eval-b'],
    ['run:e/p/eval-a', 'artifact:e/p/report:v0'], ['run:e/p/eval-b', 'artifact:e/p/report:v1'],
  ]);
  assert.equal(graph.columns[2].nodes[0].kind === 'artifact' && graph.columns[2].nodes[0].current, true);
});

test('a version no run logged or used is alone; a crowded column keeps its first nodes, counts the rest, and draws no edge to a hidden node', () => {
  assert.deepEqual(ids(lineageGraph({ ...art('lonely'), lineage: { loggedBy: null, usedBy: [] } }, new Map())), [['artifact:e/p/lonely:v0']]);
  const users = Array.from({ length: MAX_NODES + 3 }, (_, i) => run(`u${i}`));
  const graph = lineageGraph({ ...art('popular'), lineage: { loggedBy: null, usedBy: users } }, new Map());
  assert.equal(graph.columns[1].nodes.length, MAX_NODES);
  assert.equal(graph.columns[1].more, 3);
  assert.equal(graph.edges.length, MAX_NODES);
});
