import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite.ts';
import { artifactId } from './ids.ts';
import { resolveReference } from './references.ts';

test('media references: client IDs, sequence client IDs (latest), hex and _id forms; anything else resolves to nothing', async () => {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sextant-refs-')), 'db.sqlite'));
  const log = async (digest: string, clientId: string) => {
    const { artifact } = await store.createArtifact({ entity: 'alice', project: 'p', name: 'run-x-tbl', type: 'run_table', digest, description: null, metadata: null,
      aliases: [], clientId, sequenceClientId: 'seq', createdBy: null, historyStep: null });
    await store.addArtifactObject('alice', { digest: `${digest}==`, size: 2, birthArtifactId: artifact.id });
    return store.commitArtifact(artifact.id, [{ path: 'tbl.table.json', digest: `${digest}==`, size: 2, birthArtifactId: artifact.id, ref: null }]);
  };
  const v0 = await log('aa', 'client0');
  const v1 = await log('bb', 'client1');
  const resolved = async (uri: string, entity = 'alice') => (await resolveReference(store, entity, uri))?.version.versionIndex;
  assert.equal(await resolved('wandb-client-artifact://client0/tbl.table.json'), 0);
  assert.equal(await resolved('wandb-client-artifact://seq:latest/tbl.table.json'), 1);
  assert.equal(await resolved(`wandb-artifact://${Buffer.from(artifactId(v0.id), 'base64').toString('hex')}/tbl.table.json`), 0);
  assert.equal(await resolved(`wandb-artifact://_id/${encodeURIComponent(artifactId(v1.id))}/tbl.table.json`), 1);
  for (const uri of ['wandb-client-artifact://client0/other.json', 'wandb-client-artifact://nobody/tbl.table.json', 'wandb-artifact://_id/%E0%A4%A/x', 'https://x/y', 'wandb-artifact://zz/tbl.table.json']) {
    assert.equal(await resolved(uri), undefined, uri);
  }
  assert.equal(await resolved('wandb-client-artifact://client0/tbl.table.json', 'bob'), undefined, "another entity's artifact");
  await store.close();
});
