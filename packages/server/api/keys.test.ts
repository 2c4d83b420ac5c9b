// The caller's own keys through the native API: listed without their text, created once, revoked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OTHER_KEY, testApp } from '../testing/test-app.ts';
import { TEST_KEY } from '../testing/server-process.ts';

test('GET/POST/DELETE /api/v1/keys: a new key works at once, is listed by prefix only, and stops working when revoked', async () => {
  const { app } = await testApp({ authCacheMs: 0 });
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, key = TEST_KEY) => app.inject({ method, url, headers: { authorization: `Bearer ${key}` } });
  const before = (await call('GET', '/api/v1/keys')).json().keys;
  assert.equal(before.length, 1);
  const created = await call('POST', '/api/v1/keys');
  assert.equal(created.statusCode, 201);
  const { id, key, prefix } = created.json();
  assert.match(key, /^[a-z0-9]{40}$/);
  assert.equal(prefix, key.slice(0, 6));
  assert.equal((await call('GET', '/api/v1/viewer', key)).json().username, 'admin', 'the new key signs in as its owner');
  const listed = (await call('GET', '/api/v1/keys')).json().keys;
  assert.deepEqual(listed.map((k: { id: number }) => k.id), [before[0].id, id]);
  assert.ok(listed.every((k: Record<string, unknown>) => !('key' in k)), 'a key\'s text is shown only when created');
  assert.equal((await call('DELETE', `/api/v1/keys/${id}`, OTHER_KEY)).statusCode, 404, 'another user cannot revoke it');
  assert.deepEqual((await call('DELETE', `/api/v1/keys/${id}`)).json(), { id, revoked: true });
  assert.equal((await call('GET', '/api/v1/viewer', key)).statusCode, 401);
  assert.equal((await call('DELETE', `/api/v1/keys/${id}`)).statusCode, 404, 'already revoked');
  assert.equal((await call('GET', '/api/v1/keys', OTHER_KEY)).json().keys.length, 1, 'each user sees only their own keys');
});
