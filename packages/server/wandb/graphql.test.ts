// The executor's rules that the real clients depend on, over plain roots and the schema we serve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execute, MissingResolver, type Roots } from './graphql.ts';
import { AccessError, RequestError } from '../errors.ts';

const roots: Roots = {
  query: {
    viewer: { id: 'u1', entity: 'admin', username: 'admin' },
    project: ({ name }: Record<string, unknown>) => {
      if (name === 'secret') throw new AccessError('permission denied: user admin cannot use entity bob');
      if (name === 'bad') throw new RequestError('a project name is required');
      return { id: 'p1', name };
    },
  },
  mutation: { upsertBucket: () => ({ bucket: { id: 'b' } }) },
};

test('an empty operationName (wandb-core 0.31) runs the document\'s only operation', async () => {
  const result = await execute({ query: 'query GetDefaultEntity { viewer { id entity } }', operationName: '' }, roots);
  assert.deepEqual(JSON.parse(JSON.stringify(result)), { data: { viewer: { id: 'u1', entity: 'admin' } }, status: 200, operation: 'GetDefaultEntity' });
});

test('a mutation the server does not implement is an error naming it, never a silent null', async () => {
  const result = await execute({ query: 'mutation DeleteRun($id: ID!) { rewindRun(input: {id: $id}) { clientMutationId } }', variables: { id: 'x' } }, roots);
  assert.equal(result.status, 400);
  assert.deepEqual(result.errors, [{ message: 'mutation rewindRun is not implemented by this server' }]);
  assert.equal(result.operation, 'DeleteRun');
});

test('a field the schema lacks is a 400 naming the field, its type and where it is; an anonymous operation is labelled by its root fields', async () => {
  const result = await execute({ query: '{ viewer { id nope } }' }, roots);
  assert.equal(result.status, 400);
  assert.deepEqual(result.errors, [{ message: 'Cannot query field "nope" on type "User". Did you mean "name"? (at 1:15)', locations: [{ line: 1, column: 15 }] }]);
  assert.equal(result.operation, 'viewer');
});

test('a wrong argument, a variable of the wrong type, and a value that does not fit its variable are 400s naming them', async () => {
  const argument = await execute({ query: 'query P { project(nom: "p") { id } }' }, roots);
  assert.equal(argument.status, 400);
  assert.match(argument.errors![0].message, /^Unknown argument "nom" on field "Query\.project"\. Did you mean "name"\? \(at 1:19\)$/);
  const variable = await execute({ query: 'query P($n: Int) { project(name: $n) { id } }', variables: { n: 1 } }, roots);
  assert.equal(variable.status, 400);
  assert.match(variable.errors![0].message, /^Variable "\$n" of type "Int" used in position expecting type "String"\. \(at 1:9, 1:34\)$/);
  const value = await execute({ query: 'query P($n: String) { project(name: $n) { id } }', variables: { n: { a: 1 } } }, roots);
  assert.equal(value.status, 400);
  assert.match(value.errors![0].message, /^Variable "\$n" got invalid value \{ a: 1 \}; String cannot represent a non string value/);
  const input = await execute({ query: 'mutation U($i: UpsertBucketInput!) { upsertBucket(input: $i) { inserted } }', variables: { i: { name: 'r', nope: 1 } } }, roots);
  assert.match(input.errors![0].message, /Field "nope" is not defined by type "UpsertBucketInput"/);
});

test('a RequestError from a resolver is a 400 with its message; an AccessError a 403', async () => {
  const bad = await execute({ query: '{ project(name: "bad") { id } }' }, roots);
  assert.deepEqual([bad.status, bad.errors], [400, [{ message: 'a project name is required' }]]);
  const denied = await execute({ query: '{ project(name: "secret") { id } }' }, roots);
  assert.deepEqual([denied.status, denied.errors], [403, [{ message: 'permission denied: user admin cannot use entity bob' }]]);
});

test('a declared field answers null only when not-kept.ts lists it; any other missing resolver is a bug, not a null', async () => {
  const notKept = await execute({ query: '{ entity(name: "admin") { name } viewer { email } }' }, roots);
  assert.deepEqual(JSON.parse(JSON.stringify(notKept.data)), { entity: null, viewer: { email: null } });
  await assert.rejects(execute({ query: '{ viewer { admin } }' }, roots), (error) => error instanceof MissingResolver && /User\.admin/.test(error.message));
});

test('introspection is graphql-js\'s over the schema: declared types answer, others are null', async () => {
  const result = await execute({ query: '{ __schema { queryType { name } } run: __type(name: "Run") { name } launch: __type(name: "LaunchAgent") { name } }' }, roots);
  assert.deepEqual(JSON.parse(JSON.stringify(result.data)), { __schema: { queryType: { name: 'Query' } }, run: { name: 'Run' }, launch: null });
});
