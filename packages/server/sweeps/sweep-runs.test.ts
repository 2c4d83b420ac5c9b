// The controller's cached view of a sweep's runs always equals a fresh read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, openSqliteStore } from '../store/sqlite.ts';
import { sweepRuns } from './sweep-runs.ts';

test('cached sweep runs follow new runs, state and summary changes, in creation order', async () => {
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sextant-cache-')), 'db.sqlite'));
  const sweep = { entity: 'e', project: 'p', name: 'swpcache1' };
  await store.createSweep({ ...sweep, displayName: null, config: 'method: grid', state: 'RUNNING' });
  const view = async () => (await sweepRuns(store, sweep)).map((r) => [r.name, r.state, r.summary]);
  const fresh = async () => (await store.sweepRuns(sweep)).map((r) => [r.name, r.state, r.summary]);
  assert.deepEqual(await view(), []);
  const assignment = (name: string) => ({ name, displayName: name, config: {}, agentId: 'a' });
  await store.assignSweepRuns(sweep, 0, [assignment('z1'), assignment('a2')]);
  assert.deepEqual(await view(), await fresh());
  await store.upsertRun({ ...sweep, name: 'z1' }, { summary: { loss: 0.5 } });
  await store.finishRun({ ...sweep, name: 'z1' }, 'finished', 0);
  await store.assignSweepRuns(sweep, 2, [assignment('m3')]);
  await store.requestStop({ ...sweep, name: 'a2' });
  assert.deepEqual(await view(), await fresh());
  assert.deepEqual((await view()).map(([name]) => name), ['z1', 'a2', 'm3']);
  assert.deepEqual((await view())[0], ['z1', 'finished', { loss: 0.5 }]);
  await store.close();
});

test('a handed-out run committed later than the reread window (its change time older than the newest seen) is in the view', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'sextant-cache-')), 'db.sqlite');
  const store = openSqliteStore(path);
  const other = openSqliteDatabase(path);
  const sweep = { entity: 'e', project: 'p', name: 'swpcache2' };
  await store.createSweep({ ...sweep, displayName: null, config: 'method: grid', state: 'RUNNING' });
  const assignment = (name: string) => ({ name, displayName: name, config: {}, agentId: 'a' });
  await store.assignSweepRuns(sweep, 0, [assignment('first')]);
  assert.deepEqual((await sweepRuns(store, sweep, 1)).map((r) => r.name), ['first']);
  await store.assignSweepRuns(sweep, 1, [assignment('late')]);
  await other.run("UPDATE runs SET updated_at = '2000-01-01T00:00:00.000Z' WHERE name = 'late'");
  assert.deepEqual((await sweepRuns(store, sweep, 2)).map((r) => r.name), ['first', 'late']);
  await other.close();
  await store.close();
});
