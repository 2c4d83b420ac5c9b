// The warm-up before listening: it plays its crowds on a scratch store that it removes, and nothing
// of it reaches the server's own store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { warmUp } from './warm-up.ts';
import { startServerProcess, TEST_KEY } from './testing/server-process.ts';

test('warmUp hands out runs to its crowds, then removes its scratch folder and a leftover of a killed start', { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sextant-warm-'));
  mkdirSync(join(dataDir, 'warm-up'));
  writeFileSync(join(dataDir, 'warm-up', 'scratch.db'), 'left by a start killed midway');
  await warmUp(dataDir);
  assert.equal(existsSync(join(dataDir, 'warm-up')), false);
});

test('sextant server warms up before listening, and its store holds none of the warm-up: one user, no project', { timeout: 90_000 }, async () => {
  const server = await startServerProcess();
  try {
    const headers = { authorization: `Bearer ${TEST_KEY}` };
    const projects = await (await fetch(`${server.url}/api/v1/projects`, { headers })).json() as { projects: unknown[] };
    assert.deepEqual(projects.projects, []);
    const keys = await (await fetch(`${server.url}/api/v1/keys`, { headers })).json() as { keys: unknown[] };
    assert.equal(keys.keys.length, 1);
    assert.doesNotMatch(server.output(), /warm-up skipped/);
    assert.equal(existsSync(join(server.dataDir, 'warm-up')), false);
  } finally {
    await server.stop();
  }
});
