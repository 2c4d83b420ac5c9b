// `sextant server` on a fresh data dir: what it prints and the modes of what it writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, TEST_KEY } from '../../server/testing/server-process.ts';

const mode = (path: string): number => statSync(path).mode & 0o777;

test('first start: a bootstrap key from the environment is not printed; data dir 0700, database, WAL and signing key 0600', { timeout: 90_000 }, async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'sextant-modes-')), 'data');
  const server = await startServerProcess(dataDir);
  try {
    const response = await fetch(`${server.url}/api/v1/viewer`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    assert.equal(response.status, 200);
    assert.match(server.output(), /Created user "admin" with the API key given in SEXTANT_BOOTSTRAP_API_KEY/);
    assert.doesNotMatch(server.output(), new RegExp(TEST_KEY));
    assert.equal(mode(dataDir), 0o700);
    for (const file of ['sextant.db', 'sextant.db-wal', 'signing.key']) assert.equal(mode(join(dataDir, file)), 0o600, file);
  } finally {
    await server.stop();
  }
});
