// The native API serves what @sextant/protocol declares: every route and only those, each checking its request against the declaration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROUTES, routes } from '@sextant/protocol';
import { testApp } from '../testing/test-app.ts';
import { authHeader } from '../testing/server-process.ts';
import { contractGaps, type RegisteredRoute } from '../testing/contracts.ts';
import type { ContractConfig } from './contract.ts';

test('every /api/v1 route the server registers is declared in @sextant/protocol and served through it, and every declared route is served', async () => {
  const { app } = await testApp();
  const registered: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => void registered.push({ method: route.method, url: route.url ?? route.path, contract: (route.config as Partial<ContractConfig> | undefined)?.contract }));
  await app.ready();
  assert.ok(registered.length >= ROUTES.length, `saw ${registered.length} routes`);
  assert.deepEqual(contractGaps(registered, ROUTES), []);
  assert.deepEqual(contractGaps(registered, ROUTES.filter((r) => r !== routes.viewer)), ['GET /api/v1/viewer: served but declared nowhere in @sextant/protocol']);
  await app.close();
});

test('the check names a route served without a declaration, one served past its declaration, and a declaration not served', () => {
  const [viewer, projects] = [routes.viewer, routes.listProjects];
  assert.deepEqual(contractGaps([
    { method: ['GET', 'HEAD'], url: '/api/v1/viewer', contract: viewer },
    { method: 'GET', url: '/api/v1/projects' },
    { method: 'GET', url: '/api/v1/extra', contract: viewer },
    { method: 'POST', url: '/graphql' },
  ], [viewer, projects, routes.listKeys]), [
    'GET /api/v1/projects: served without its declaration (use serve() of api/contract.ts)',
    'GET /api/v1/extra: served but declared nowhere in @sextant/protocol',
    'GET /api/v1/keys: declared but not served',
  ]);
});

test('a request that breaks the declaration is a 400 naming the JSON path and field, logged, and changes nothing', async () => {
  const logged: string[] = [];
  const { app, store } = await testApp({ log: (line) => logged.push(line) });
  const call = async (method: 'GET' | 'POST', url: string, payload?: string, type = 'application/json') => {
    const r = await app.inject({ method, url, headers: { authorization: authHeader(), ...(payload === undefined ? {} : { 'content-type': type }) }, payload });
    return [r.statusCode, r.json().errors?.[0]?.message];
  };
  assert.deepEqual(await call('GET', '/api/v1/runs/admin/p?limit=0'), [400, 'query.limit: expected an integer from 1 to 10000']);
  assert.deepEqual(await call('GET', '/api/v1/runs/admin/p?limit=&cursor='), [200, undefined], 'an empty query value counts as absent');
  assert.deepEqual(await call('GET', '/api/v1/runs/admin/p/r1/console?from=x&limit=5'), [400, 'query.from: expected an integer from 0 to 9007199254740991']);
  assert.deepEqual(await call('POST', '/api/v1/keys', '{"a": 1}'), [400, 'body: this request takes no body']);
  assert.deepEqual(await call('POST', '/api/v1/sweeps/admin/p', '{"config": "method: grid", "name": ["x"]}'), [400, 'body.name: expected string, got an array']);
  assert.equal((await call('POST', '/api/v1/sweeps/admin/p', 'method: random\nparameters: {x: {values: [1, 2]}}\n', 'text/yaml'))[0], 201, 'a text body stands for {"config": text}');
  assert.deepEqual((await store.listApiKeys(1)).length, 1);
  assert.deepEqual((await store.listSweeps('admin')).length, 1);
  assert.ok(logged.some((line) => line.includes('400 GET /api/v1/runs/admin/p: query.limit: expected an integer from 1 to 10000')), logged.join('\n'));
  await app.close();
});
