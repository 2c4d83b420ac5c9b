import { test } from 'node:test';
import assert from 'node:assert/strict';
import { href, parseRoute } from './route.ts';

test('the dashboard URLs and back', () => {
  assert.deepEqual(parseRoute('/', ''), { page: 'home' });
  assert.deepEqual(parseRoute('/admin', ''), { page: 'home', entity: 'admin' });
  assert.deepEqual(parseRoute('/authorize', ''), { page: 'authorize' }, 'where wandb login links');
  assert.deepEqual(parseRoute('/admin/my%20project/', ''), { page: 'project', entity: 'admin', project: 'my project' });
  assert.deepEqual(parseRoute('/admin/p/runs/r1', ''), { page: 'run', entity: 'admin', project: 'p', run: 'r1' });
  assert.deepEqual(parseRoute('/admin/p/sweeps/s1', ''), { page: 'sweep', entity: 'admin', project: 'p', sweep: 's1' });
  assert.deepEqual(parseRoute(href.newSweep('admin', 'p'), ''), { page: 'new-sweep', entity: 'admin', project: 'p' });
  assert.deepEqual(parseRoute('/admin/p/compare', '?runs=a,b'), { page: 'compare', entity: 'admin', project: 'p', runs: ['a', 'b'] });
  assert.deepEqual(parseRoute('/admin/p/artifacts', ''), { page: 'artifacts', entity: 'admin', project: 'p' });
  assert.deepEqual(parseRoute('/admin/p/artifacts/model', ''), { page: 'artifact', entity: 'admin', project: 'p', name: 'model' });
  assert.deepEqual(parseRoute('/admin/p/artifacts/model/v3', ''), { page: 'artifact', entity: 'admin', project: 'p', name: 'model', ref: 'v3' });
  assert.deepEqual(parseRoute(href.artifact('admin', 'p', 'run-1-tbl', 'best'), ''), { page: 'artifact', entity: 'admin', project: 'p', name: 'run-1-tbl', ref: 'best' });
  assert.equal(href.artifacts('a', 'b c'), '/a/b%20c/artifacts');
  assert.deepEqual(parseRoute('/admin/p/artifacts/model/v3/x', ''), { page: 'missing', path: '/admin/p/artifacts/model/v3/x' });
  assert.deepEqual(parseRoute('/admin/p/files/x', ''), { page: 'missing', path: '/admin/p/files/x' });
  const url = new URL(href.compare('admin', 'p q', ['a', 'b']), 'http://x');
  assert.deepEqual(parseRoute(url.pathname, url.search), { page: 'compare', entity: 'admin', project: 'p q', runs: ['a', 'b'] });
  assert.equal(href.run('a', 'b/c', 'd'), '/a/b%2Fc/runs/d');
});
