import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openSqliteStore } from '../store/sqlite.ts';
import { Blobs } from './blobs.ts';
import { dropAbandonedUploads } from './cleanup.ts';

test('abandoned uploads: stale pending versions go with the bytes only they uploaded, and stale temporary files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-cleanup-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  const blobs = new Blobs(join(dir, 'artifacts'));
  const pending = (await store.createArtifact({ entity: 'alice', project: 'p', name: 'd', type: 'dataset', digest: 'd1', description: null, metadata: null,
    aliases: [], clientId: null, sequenceClientId: null, createdBy: null, historyStep: null })).artifact;
  const hex = createHash('md5').update('bytes').digest('hex');
  await blobs.write('alice', hex, Readable.from([Buffer.from('bytes')]), 100);
  await store.addArtifactObject('alice', { digest: Buffer.from(hex, 'hex').toString('base64'), size: 5, birthArtifactId: pending.id });
  mkdirSync(join(blobs.root, 'incoming'), { recursive: true });
  writeFileSync(join(blobs.root, 'incoming', 'left-by-a-crash'), 'x');

  assert.equal(await dropAbandonedUploads(store, blobs, new Date(Date.now() - 60_000)), 0, 'a recent upload is left alone');
  assert.equal(existsSync(blobs.path('alice', hex)), true);
  assert.equal(existsSync(join(blobs.root, 'incoming', 'left-by-a-crash')), true);

  assert.equal(await dropAbandonedUploads(store, blobs, new Date(Date.now() + 60_000)), 1);
  assert.equal((await store.getArtifact(pending.id))?.state, 'DELETED');
  assert.equal(existsSync(blobs.path('alice', hex)), false);
  assert.equal(existsSync(join(blobs.root, 'incoming', 'left-by-a-crash')), false);
  await store.close();
});
