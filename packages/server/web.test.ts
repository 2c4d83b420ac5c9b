// The dashboard's files: index.html for its deep links, hashed assets, and a clear answer when the
// dashboard was not built; API paths are left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { dashboard } from './web.ts';

function app(dist: string) {
  const server = Fastify();
  server.get('/api/v1/viewer', async () => ({ username: 'admin' }));
  dashboard(server, dist);
  return server;
}

test('deep links get index.html, assets their type and a long cache, unknown assets 404', async () => {
  const dist = mkdtempSync(join(tmpdir(), 'sextant-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  const server = app(dist);
  for (const url of ['/', '/admin', '/admin/mnist', '/admin/mnist/runs/r1', '/admin/mnist/sweeps/s1', '/admin/mnist/compare?runs=a,b', '/admin/mnist/artifacts', '/admin/mnist/artifacts/model', '/admin/mnist/artifacts/model/best']) {
    const r = await server.inject({ method: 'GET', url });
    assert.deepEqual([r.statusCode, r.headers['content-type'], r.body], [200, 'text/html; charset=utf-8', '<!doctype html><div id="root"></div>'], url);
  }
  const js = await server.inject({ method: 'GET', url: '/assets/index-abc123.js' });
  assert.deepEqual([js.statusCode, js.headers['content-type'], js.headers['cache-control']], [200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable']);
  assert.equal((await server.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode, 404);
  assert.equal((await server.inject({ method: 'GET', url: '/assets/..%2Findex.html' })).statusCode, 404);
  assert.equal((await server.inject({ method: 'GET', url: '/api/v1/viewer' })).json().username, 'admin');
  assert.equal((await server.inject({ method: 'GET', url: '/a/b/c/d/e' })).statusCode, 404);
  for (const url of ['/graphql', '/api/v1/nothing', '/files/admin/p', '/storage/admin/p/runs/r']) assert.equal((await server.inject({ method: 'GET', url })).statusCode, 404, url);
});

test('a browser asking for no route at all gets the dashboard with a 404 (its not-found page); API paths and other callers get the JSON error', async () => {
  const dist = mkdtempSync(join(tmpdir(), 'sextant-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  const server = app(dist);
  const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
  const page = await server.inject({ method: 'GET', url: '/admin/mnist/nonsense/a/b', headers: html });
  assert.deepEqual([page.statusCode, page.headers['content-type'], page.body], [404, 'text/html; charset=utf-8', '<!doctype html><div id="root"></div>']);
  for (const url of ['/api/v1/nothing', '/graphql/x', '/files/a/b/c/d/e']) {
    const r = await server.inject({ method: 'GET', url, headers: html });
    assert.deepEqual([r.statusCode, r.json()], [404, { errors: [{ message: `no route GET ${url}` }] }], url);
  }
  const json = await server.inject({ method: 'GET', url: '/admin/mnist/nonsense/a/b' });
  assert.deepEqual([json.statusCode, json.headers['content-type']?.split(';')[0]], [404, 'application/json']);
  assert.equal((await server.inject({ method: 'POST', url: '/admin/mnist/nonsense/a/b', headers: html })).statusCode, 404);
});

test('without a build the pages say how to build it, with 503 rather than a 500', async () => {
  const r = await app(join(tmpdir(), 'sextant-no-such-dist')).inject({ method: 'GET', url: '/admin/p' });
  assert.equal(r.statusCode, 503);
  assert.match(r.body, /scripts\/install\.sh/);
});
