// The executor's rules that the real clients depend on, over plain roots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execute, type Roots } from './graphql.ts';

const roots: Roots = { query: { viewer: { id: 'u1', entity: 'admin' } }, mutation: { upsertBucket: () => ({ bucket: { id: 'b' } }) } };

test('an empty operationName (wandb-core 0.31) runs the document\'s only operation', async () => {
  const result = await execute({ query: 'query GetDefaultEntity { viewer { id entity } }', operationName: '' }, roots);
  assert.deepEqual(result, { data: { viewer: { id: 'u1', entity: 'admin' } }, status: 200, operation: 'GetDefaultEntity' });
});

test('a mutation the server does not implement is an error naming it, never a silent null', async () => {
  const result = await execute({ query: 'mutation DeleteRun($id: ID!) { deleteRun(input: {id: $id}) { clientMutationId } }', variables: { id: 'x' } }, roots);
  assert.equal(result.status, 400);
  assert.deepEqual(result.errors, [{ message: 'mutation deleteRun is not implemented by this server' }]);
  assert.equal(result.operation, 'DeleteRun');
});

test('an unknown query field is null and reported with its path; an anonymous operation is labelled by its root fields', async () => {
  const seen: string[] = [];
  const result = await execute({ query: '{ viewer { id nope } }' }, roots, (operation) => (path) => seen.push(`${operation} ${path}`));
  assert.deepEqual(result.data, { viewer: { id: 'u1', nope: null } });
  assert.deepEqual(seen, ['viewer query.viewer.nope']);
});
