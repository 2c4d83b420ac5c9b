// A run file is acknowledged only once it is on disk: its bytes are fsynced before the rename, and
// the folders holding the new names after it.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testApp } from '../testing/test-app.ts';
import { authHeader } from '../testing/server-process.ts';

/** Every fsync while `body` runs, each with whether `path` existed at that moment. */
async function syncs(path: string, body: () => Promise<unknown>): Promise<Array<{ kind: 'file' | 'folder'; existed: boolean }>> {
  const probe = await open(mkdtempSync(join(tmpdir(), 'sextant-sync-')), 'r');
  const prototype = Object.getPrototypeOf(probe) as { sync(): Promise<void>; stat(): Promise<{ isDirectory(): boolean }> };
  await probe.close();
  const seen: Array<{ kind: 'file' | 'folder'; existed: boolean }> = [];
  const original = prototype.sync;
  const spy = mock.method(prototype, 'sync', async function (this: typeof prototype) {
    seen.push({ kind: (await this.stat()).isDirectory() ? 'folder' : 'file', existed: existsSync(path) });
    return original.call(this);
  });
  try {
    await body();
  } finally {
    spy.mock.restore();
  }
  return seen;
}

test('PUT /storage fsyncs the file before its rename, then the run folder and every folder it made', async () => {
  const { app, dir } = await testApp();
  const path = join(dir, 'files', 'admin', 'p', 'r', 'media', 'a.txt');
  const seen = await syncs(path, async () => {
    const response = await app.inject({ method: 'PUT', url: '/storage/admin/p/r/media/a.txt', headers: { authorization: authHeader() }, payload: 'bytes' });
    assert.equal(response.statusCode, 200);
  });
  assert.equal(readFileSync(path, 'utf8'), 'bytes');
  // files, admin, p, r and media were all made: each of them and the data folder hold a new name.
  assert.deepEqual(seen, [{ kind: 'file', existed: false }, ...Array.from({ length: 6 }, () => ({ kind: 'folder', existed: true }))]);
  const again = await syncs(path, () => app.inject({ method: 'PUT', url: '/storage/admin/p/r/media/a.txt', headers: { authorization: authHeader() }, payload: 'new' }));
  assert.deepEqual(again, [{ kind: 'file', existed: true }, { kind: 'folder', existed: true }], 'a replaced file: its folder only');
});
