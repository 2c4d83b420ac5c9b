// The contract's own rules: one declaration per method and path, and query values parsed as the server reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROUTES, routes } from './index.ts';

test('each method and path is declared once, every path under /api/v1', () => {
  const seen = ROUTES.map((r) => `${r.method} ${r.path}`);
  assert.equal(new Set(seen).size, seen.length);
  assert.deepEqual(ROUTES.filter((r) => !r.path.startsWith('/api/v1/')), []);
});

test('integer query values get their default, are parsed from text and refused outside their range', () => {
  const query = routes.runConsole.query;
  assert.deepEqual(query.parse({}), { from: 0, limit: 1000 });
  assert.deepEqual(query.parse({ from: '5', limit: '10' }), { from: 5, limit: 10 });
  assert.deepEqual(query.safeParse({ limit: '0' }).error?.issues.map((i) => [i.path, i.message]), [[['limit'], 'expected an integer from 1 to 100000']]);
  assert.equal(query.safeParse({ limit: 'ten' }).success, false);
});

test('a sweep state is taken in any case; a run edit refuses fields it cannot change', () => {
  assert.deepEqual(routes.setSweepState.body.parse({ state: 'paused' }), { state: 'PAUSED' });
  assert.deepEqual(routes.editRun.body.safeParse({ state: 'finished' }).error?.issues.map((i) => i.message), ['not a field of a run that can be changed (name, notes, tags, group, jobType can)']);
});

test('histories takes 1 to 100 distinct run ids', () => {
  assert.deepEqual(routes.histories.query.parse({ runs: 'a,b,a,' }).runs, ['a', 'b']);
  assert.equal(routes.histories.query.safeParse({ runs: ',' }).success, false);
  assert.equal(routes.histories.query.safeParse({ runs: Array.from({ length: 101 }, (_, i) => `r${i}`).join(',') }).success, false);
});
