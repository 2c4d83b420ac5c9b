// The generator of docs/compatibility.md, on literal results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from './report.ts';
import { compareVersions } from './results.ts';

test('the report has one row per feature, one column per version, failures numbered with the request', () => {
  const text = renderReport([
    { version: '0.16.6', rows: { 'log': { ok: true }, 'resume': { ok: false, error: 'client raised X', requests: ['POST /graphql RunResumeStatus -> 200 boom'] } }, operations: { Viewer: ['a'], UpsertBucket: [] } },
    { version: '0.31.0', rows: { 'log': { ok: true } }, operations: { Viewer: [], ServerFeaturesQuery: [] } },
  ], ['log', 'resume', 'a|b'], '## Knowingly unsupported\n\nnothing\n');
  assert.match(text, /\| feature \| wandb 0\.16\.6 \| wandb 0\.31\.0 \|/);
  assert.match(text, /\| log \| pass \| pass \|/);
  assert.match(text, /\| resume \| FAIL \(1\) \| not run \|/);
  assert.match(text, /\| a\\\|b \| not run \| not run \|/);
  assert.match(text, /1\. \*\*resume\*\*, wandb 0\.16\.6: client raised X\n {3}- request: `POST \/graphql RunResumeStatus -> 200 boom`/);
  assert.match(text, /\| `ServerFeaturesQuery` \| – \| yes \|/);
  assert.match(text, /\| `Viewer` \| a \| yes \|/);
  assert.ok(text.trimEnd().endsWith('nothing'));
});

test('versions sort numerically', () => {
  assert.deepEqual(['0.31.0', '0.16.6', '0.18.7', '0.9.1'].sort(compareVersions), ['0.9.1', '0.16.6', '0.18.7', '0.31.0']);
});
