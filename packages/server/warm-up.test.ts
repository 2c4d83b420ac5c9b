// The warm-up before listening: it plays its crowds on a scratch store that it removes (two at once
// do not meet, as replicas starting together must not), and nothing of it reaches the server's store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { warmUp } from './warm-up.ts';
import { startServerProcess, TEST_KEY } from './testing/server-process.ts';

test('warmUp hands out runs to its crowds in a scratch folder of its own, then removes it', { timeout: 60_000 }, async () => {
  const parent = mkdtempSync(join(tmpdir(), 'sextant-warm-'));
  await Promise.all([warmUp(parent), warmUp(parent)]);
  assert.deepEqual(readdirSync(parent), []);
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
  } finally {
    await server.stop();
  }
});
