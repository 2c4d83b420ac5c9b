import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite.ts';
import { cachedAuthorization, newApiKey, registerKey } from './keys.ts';

test('cachedAuthorization: requests arriving together with one key make one lookup; a failed lookup is not kept', async () => {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sextant-keys-')), 'db.sqlite'));
  const user = await store.createUser('alice', false);
  const key = newApiKey();
  await registerKey(store, user, key);
  let lookups = 0;
  let failing = true;
  const lookup = store.userForKeyHash.bind(store);
  store.userForKeyHash = async (hash) => {
    lookups++;
    if (failing) throw new Error('database unreachable');
    return lookup(hash);
  };
  const authorize = cachedAuthorization(store, 60_000);
  const header = `Bearer ${key}`;
  await assert.rejects(authorize(header), /unreachable/);
  failing = false;
  const users = await Promise.all(Array.from({ length: 20 }, () => authorize(header)));
  assert.deepEqual(users.map((u) => u?.username), Array(20).fill('alice'));
  assert.equal(lookups, 2, 'one failed lookup, then one for the 20 requests');
  await store.close();
});

test('cachedAuthorization.known: the user once a lookup has found it, nothing while it is pending, expired or found no one', async () => {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sextant-keys-')), 'db.sqlite'));
  const user = await store.createUser('alice', false);
  const key = newApiKey();
  await registerKey(store, user, key);
  const authorize = cachedAuthorization(store, 60_000);
  const header = `Bearer ${key}`;
  const pending = authorize(header);
  assert.equal(authorize.known(header), undefined, 'not while the lookup is pending');
  assert.equal((await pending)?.username, 'alice');
  assert.equal(authorize.known(header)?.username, 'alice');
  assert.equal(authorize.known(`Bearer ${newApiKey()}`), undefined, 'a key never looked up');
  const unknown = `Bearer ${newApiKey()}`;
  assert.equal(await authorize(unknown), undefined);
  assert.equal(authorize.known(unknown), undefined, 'a key that names no one');
  assert.equal(authorize.known(undefined), undefined);
  const uncached = cachedAuthorization(store, 0);
  assert.equal((await uncached(header))?.username, 'alice');
  assert.equal(uncached.known(header), undefined, 'an answer older than the cache time');
  await store.close();
});
