// `sextant users create` and `sextant keys create|list|revoke` against a running server's data dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { authHeader, startServerProcess } from '../../server/testing/server-process.ts';
import { startPostgresCluster } from '../../server/testing/postgres-cluster.ts';

const main = join(import.meta.dirname, '..', 'main.ts');
const sextant = (...args: string[]) => {
  const r = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('users and keys: a new user authenticates as their own entity; a revoked key is refused', { timeout: 60_000 }, async () => {
  const server = await startServerProcess(undefined, ['--key-cache', '0']);
  const viewer = async (key: string) => {
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { authorization: authHeader(key), 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { entity } }' }) });
    return { status: response.status, body: (await response.json()) as { data?: { viewer: { entity: string } } } };
  };
  try {
    const created = sextant('users', 'create', 'alice', '--data-dir', server.dataDir);
    assert.equal(created.code, 0, created.err);
    const key = /shown once\): (\S{40})/.exec(created.out)?.[1];
    assert.ok(key);
    assert.equal((await viewer(key)).body.data?.viewer.entity, 'alice');
    assert.equal(sextant('users', 'create', 'alice', '--data-dir', server.dataDir).code, 1);
    const second = sextant('keys', 'create', '--user', 'alice', '--data-dir', server.dataDir).out.trim();
    assert.match(second, /^[a-z0-9]{40}$/);
    const list = sextant('keys', 'list', '--user', 'alice', '--data-dir', server.dataDir).out.trim().split('\n');
    assert.equal(list.length, 2);
    const firstId = list[0].split('\t')[0];
    assert.equal(sextant('keys', 'revoke', firstId, '--user', 'alice', '--data-dir', server.dataDir).code, 0);
    assert.equal((await viewer(key)).status, 401);
    assert.equal((await viewer(second)).status, 200);
    const missing = sextant('keys', 'list', '--data-dir', join(server.dataDir, 'nowhere'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no database at/);
  } finally {
    await server.stop();
  }
});

test('users and keys on PostgreSQL: a server started with --store, the commands with --database', { timeout: 60_000 }, async () => {
  const cluster = startPostgresCluster();
  try {
    const url = await cluster.createDatabase();
    const server = await startServerProcess(undefined, ['--store', url, '--key-cache', '0']);
    try {
      const created = sextant('users', 'create', 'bob', '--database', url);
      assert.equal(created.code, 0, created.err);
      const key = /shown once\): (\S{40})/.exec(created.out)?.[1];
      assert.ok(key);
      const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { authorization: authHeader(key), 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ viewer { entity } }' }) });
      assert.equal(((await response.json()) as { data: { viewer: { entity: string } } }).data.viewer.entity, 'bob');
      const list = sextant('keys', 'list', '--user', 'bob', '--store', url);
      assert.equal(list.out.trim().split('\n').length, 1, list.err);
      assert.equal(sextant('keys', 'revoke', list.out.split('\t')[0], '--user', 'bob', '--database', url).code, 0);
      const refused = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { authorization: authHeader(key), 'content-type': 'application/json' }, body: '{"query": "{ viewer { entity } }"}' });
      assert.equal(refused.status, 401);
      const unreachable = sextant('keys', 'list', '--database', 'postgres://nobody@127.0.0.1:1/none');
      assert.equal(unreachable.code, 2);
      assert.match(unreachable.err, /cannot open the database postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
    } finally {
      await server.stop();
    }
  } finally {
    cluster.stop();
  }
});
