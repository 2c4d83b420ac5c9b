// PATCH and DELETE /api/v1/runs/E/P/R: the dashboard's edits follow the same rules as wandb.Api's
// run.update() (one runs service), a rejected edit changes nothing, and a deleted run is gone with
// its history and files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { authHeader } from '../testing/server-process.ts';
import { OTHER_KEY, testApp } from '../testing/test-app.ts';

async function setup() {
  const { app, store, dir } = await testApp();
  const key = { entity: 'admin', project: 'proj', name: 'r1' };
  await store.upsertRun(key, { displayName: 'first', tags: ['a'], notes: 'old notes' });
  await store.writeLines(key, 'history', 0, [{ content: '{"_step": 0, "loss": 1}', step: 0 }]);
  await app.inject({ method: 'PUT', url: '/storage/admin/proj/r1/model.txt', headers: { authorization: authHeader() }, payload: 'weights' });
  const call = async (method: 'PATCH' | 'DELETE', url: string, payload?: unknown, auth = authHeader()) => {
    const r = await app.inject({ method, url, headers: { authorization: auth }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: r.statusCode, body: r.json() as any };
  };
  const gql = async (query: string, variables: Record<string, unknown> = {}) =>
    (await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: authHeader() }, payload: { query, variables } })).json() as { data?: any; errors?: Array<{ message: string }> };
  return { store, key, call, gql, dir };
}

test('PATCH renames a run and sets its tags, notes, group and job type; the W&B face reads the edit', async () => {
  const { store, key, call, gql } = await setup();
  const edited = await call('PATCH', '/api/v1/runs/admin/proj/r1', { name: '  renamed ', tags: ['b', ' a', 'b'], notes: 'why this run', group: 'g1', jobType: '' });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  assert.deepEqual([edited.body.name, edited.body.tags, edited.body.notes, edited.body.group, edited.body.jobType], ['renamed', ['b', 'a'], 'why this run', 'g1', null]);
  const run = await store.getRun(key);
  assert.deepEqual([run?.displayName, run?.tags, run?.notes], ['renamed', ['b', 'a'], 'why this run']);
  const read = await gql('query { project(name: "proj", entityName: "admin") { run(name: "r1") { displayName tags notes group } } }');
  assert.deepEqual(read.data.project.run, { displayName: 'renamed', tags: ['b', 'a'], notes: 'why this run', group: 'g1' });
  const notesOnly = await call('PATCH', '/api/v1/runs/admin/proj/r1', { notes: null });
  assert.deepEqual([notesOnly.body.name, notesOnly.body.notes, notesOnly.body.tags], ['renamed', null, ['b', 'a']], 'fields not sent stay');
});

test('a rejected edit names the field and changes nothing, on the native and the W&B face alike', async () => {
  const { store, key, call, gql } = await setup();
  const before = await store.getRun(key);
  const cases: Array<[unknown, RegExp]> = [
    [{ name: '   ' }, /a run's name cannot be empty/],
    [{ name: null }, /^body\.name: expected string, got null$/],
    [{ tags: ['ok', 'x'.repeat(65)] }, /tag "x{20}…" is longer than 64 characters/],
    [{ tags: 'a,b' }, /^body\.tags: expected array, got string "a,b"$/],
    [{ tags: ['a', 2] }, /^body\.tags\[1\]: expected string, got number 2$/],
    [{ notes: 'fine', state: 'finished' }, /^body\.state: not a field of a run that can be changed \(name, notes, tags, group, jobType can\)$/],
    [[1], /^body: expected a JSON object with any of name, notes, tags, group, jobType$/],
  ];
  for (const [body, message] of cases) {
    const r = await call('PATCH', '/api/v1/runs/admin/proj/r1', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(r.body.errors[0].message, message);
  }
  const id = (await gql('query { project(name: "proj", entityName: "admin") { run(name: "r1") { id } } }')).data.project.run.id;
  const update = await gql('mutation($id: String, $tags: [String!]) { upsertBucket(input: {id: $id, tags: $tags, displayName: "kept?"}) { bucket { id } } }', { id, tags: [''] });
  assert.match(update.errors![0].message, /a tag cannot be empty/, 'run.update() goes through the same rule');
  assert.deepEqual(await store.getRun(key), before);
  assert.equal((await call('PATCH', '/api/v1/runs/admin/proj/nope', { notes: 'x' })).status, 404);
  assert.equal((await call('PATCH', '/api/v1/runs/admin/proj/r1', { notes: 'x' }, authHeader(OTHER_KEY))).status, 403);
});

test('DELETE removes the run, its history and its files; a second DELETE is a 404', async () => {
  const { store, key, call, dir } = await setup();
  assert.ok(existsSync(join(dir, 'files', 'admin', 'proj', 'r1', 'model.txt')));
  assert.equal((await call('DELETE', '/api/v1/runs/admin/proj/r1', undefined, authHeader(OTHER_KEY))).status, 403);
  const deleted = await call('DELETE', '/api/v1/runs/admin/proj/r1');
  assert.deepEqual(deleted, { status: 200, body: { deleted: { entity: 'admin', project: 'proj', id: 'r1' } } });
  assert.equal(await store.getRun(key), undefined);
  assert.deepEqual(await store.readLines(key, 'history', 0, 10), []);
  assert.equal(existsSync(join(dir, 'files', 'admin', 'proj', 'r1')), false);
  const again = await call('DELETE', '/api/v1/runs/admin/proj/r1');
  assert.deepEqual([again.status, again.body.errors[0].message], [404, 'no run admin/proj/r1']);
});
