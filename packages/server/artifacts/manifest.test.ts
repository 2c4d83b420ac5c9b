import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { artifactDigest, parseManifest } from './manifest.ts';

test('manifest: legacy and wandb-core forms parse alike; unknown keys ignored; entries sorted by path', () => {
  const legacy = JSON.stringify({ version: 1, storagePolicy: 'wandb-storage-policy-v1', storagePolicyConfig: { storageLayout: 'V2' },
    contents: { 'b.txt': { digest: 'YmJiYmJiYmJiYmJiYmJiYg==', birthArtifactID: 'QXJ0aWZhY3Q6Mw==', size: 8 }, 'a.txt': { digest: 'YWFhYWFhYWFhYWFhYWFhYQ==', size: 2, extra: {} } } }, null, 4);
  const core = JSON.stringify({ version: 1, storagePolicy: 'wandb-storage-policy-v1', storagePolicyConfig: { storageLayout: 'V2', storageRegion: 'eu' },
    contents: { 'a.txt': { digest: 'YWFhYWFhYWFhYWFhYWFhYQ==', size: 2, skip_cache: false, local_path: '/home/x/a.txt' }, 'b.txt': { digest: 'YmJiYmJiYmJiYmJiYmJiYg==', size: 8, birthArtifactID: 'QXJ0aWZhY3Q6Mw==' } } });
  const [a, b] = [parseManifest(legacy, 'm'), parseManifest(core, 'm')];
  assert.deepEqual(a.entries, b.entries);
  assert.deepEqual(a.entries.map((e) => [e.path, e.birthArtifactID]), [['a.txt', null], ['b.txt', 'QXJ0aWZhY3Q6Mw==']]);
  assert.equal(b.storageRegion, 'eu');
  const expected = createHash('md5').update('wandb-artifact-manifest-v1\na.txt:YWFhYWFhYWFhYWFhYWFhYQ==\nb.txt:YmJiYmJiYmJiYmJiYmJiYg==\n').digest('hex');
  assert.equal(artifactDigest(a.entries), expected);
  assert.equal(artifactDigest([...a.entries].reverse()), expected, 'order does not matter');
});

test('manifest: clear errors for what cannot be stored', () => {
  const bad = (contents: unknown, extra: Record<string, unknown> = {}) => () => parseManifest(JSON.stringify({ version: 1, contents, ...extra }), 'model');
  assert.throws(() => parseManifest('{', 'model'), /the manifest of model is not valid JSON/);
  assert.throws(bad({}, { version: 2 }), /version 2; only version 1/);
  assert.throws(bad([]), /no "contents" object/);
  assert.throws(bad({ '../x': { digest: 'd' } }), /bad entry: file name "\.\.\/x"/);
  assert.throws(bad({ x: { size: 1 } }), /entry "x" has no digest/);
  assert.throws(bad({ x: { digest: 'd', size: -1 } }), /entry "x" has a bad size/);
  assert.equal(parseManifest(JSON.stringify({ version: 1, contents: { r: { digest: 'etag', ref: 's3://b/r' } } }), 'm').entries[0].ref, 's3://b/r');
});
