// `sextant users create` and `sextant keys create|list|revoke` against a running server's data dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { authHeader, startServerProcess } from '../../server/testing/server-process.ts';

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
