// GraphQL documents are validated and bounded before execution; what the clients send passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkedDocument, GRAPHQL_LIMITS } from './graphql-limits.ts';
import { execute, type Roots } from './graphql.ts';

const refused = (query: string, variables: Record<string, unknown> = {}): string => {
  const result = checkedDocument(query, variables);
  assert.equal(typeof result, 'string', `expected a refusal of ${query.slice(0, 80)}`);
  return result as string;
};

/** `fragment F0 { ...F1 ...F1 } … F(n) { id }`: 2^n fields from a document of n lines. */
const doubling = (n: number): string =>
  `query { viewer { ...F0 } }\n${Array.from({ length: n }, (_, i) => `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }`).join('\n')}\nfragment F${n} on User { id }`;

const nested = (depth: number): string => `query { ${'a { '.repeat(depth - 1)}b${' }'.repeat(depth - 1)} }`;

test('a self-referencing fragment and a fragment cycle are refused by name, and the executor never runs them', async () => {
  assert.match(refused('query { viewer { ...A } } fragment A on User { id ...A }'), /Cannot spread fragment "A" within itself/);
  assert.match(refused('query { viewer { ...A } } fragment A on User { ...B } fragment B on User { ...A }'), /within itself via "B"/);
  const roots: Roots = { query: { viewer: { id: 'u' } }, mutation: {} };
  const answer = await execute({ query: 'query { viewer { ...A } } fragment A on User { id ...A }' }, roots);
  assert.equal(answer.status, 400);
  assert.match(answer.errors![0].message, /invalid GraphQL: Cannot spread fragment "A"/);
});

test('fragment doubling is measured without expanding it, and refused by its expanded size', () => {
  assert.match(refused(doubling(60)), /fields 1152921504606847000, at most 10000 \(fragments expanded\)/);
  assert.equal(typeof checkedDocument(doubling(10), {}), 'object', '1024 fields pass');
  assert.match(refused(doubling(14)), /fields 16385, at most 10000/);
});

test('depth, aliases, cost, bytes and tokens each have a limit named in the refusal', () => {
  assert.equal(typeof checkedDocument(nested(GRAPHQL_LIMITS.depth), {}), 'object');
  assert.match(refused(nested(GRAPHQL_LIMITS.depth + 1)), /depth 33, at most 32/);
  assert.match(refused(nested(20_000)), /nested too deeply: 20000 brackets open at once, at most 64/);
  assert.match(refused(`query { a(x: ${'['.repeat(30_000)}${']'.repeat(30_000)}) }`), /nested too deeply: 30002 brackets/);
  assert.equal(typeof checkedDocument(`query { a(x: "${'{'.repeat(1000)}") # ${'('.repeat(1000)}\n }`, {}), 'object', 'brackets in strings and comments do not count');
  assert.match(refused(`query { ${'a '.repeat(60_000)} }`), /malformed GraphQL: Syntax Error: Document contains more that 50000 tokens/);
  const aliases = (n: number) => `query { ${Array.from({ length: n }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
  assert.equal(typeof checkedDocument(aliases(GRAPHQL_LIMITS.aliases), {}), 'object');
  assert.match(refused(aliases(GRAPHQL_LIMITS.aliases + 1)), /aliases 201, at most 200/);
  const pages = 'query Q($n: Int) { a(first: $n) { edges { node { b(first: $n) { edges { node { id name } } } } } } }';
  assert.equal(typeof checkedDocument(pages, { n: 100 }), 'object', '100 × 100 pages');
  assert.match(refused(pages, { n: 1000 }), /GraphQL operation Q too large: cost 4003001, at most 1000000/);
  assert.match(refused(`query { viewer { id } } # ${'x'.repeat(GRAPHQL_LIMITS.bytes)}`), /too large: 262\d+ bytes, at most 262144/);
});

test('unknown fragments, duplicate names, undefined and unused variables are refused as invalid', () => {
  assert.match(refused('query { viewer { ...Nope } }'), /Unknown fragment "Nope"/);
  assert.match(refused('query A { viewer { id } } query A { viewer { id } }'), /only one operation named "A"/);
  assert.match(refused('query($a: Int) { viewer(x: $b) { id } }'), /Variable "\$b" is not defined/);
  assert.match(refused('query { viewer(x: 1, x: 2) { id } }'), /only one argument named "x"/);
  assert.match(refused('query { viewer { id } } fragment F on User { id }'), /Fragment "F" is never used/);
  assert.match(refused('type T { a: Int } query { viewer { id } }'), /The "T" definition is not executable/);
});

test('the shapes the wandb clients send pass: introspection probes, fragments, @include, paged runs', () => {
  const documents = [
    `query ProbeServerCapabilities { QueryType: __type(name: "Query") { ...fieldData } MutationType: __type(name: "Mutation") { ...fieldData }
      ServerInfoType: __type(name: "ServerInfo") { ...fieldData } } fragment fieldData on __Type { fields { name } }`,
    `query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {
      project(name: $project, entityName: $entity) { runCount(filters: $filters) readOnly runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {
        edges { node { ...RunFragment } cursor } pageInfo { endCursor hasNextPage } } } }
      fragment RunFragment on Run { id tags name displayName sweepName state config group jobType commit readOnly createdAt heartbeatAt description notes
        systemMetrics summaryMetrics historyLineCount user { name username } historyKeys }`,
    `mutation UpsertBucket($id: String, $name: String, $project: String, $entity: String, $config: JSONString, $withTags: Boolean!) {
      upsertBucket(input: {id: $id, name: $name, modelName: $project, entityName: $entity, config: $config}) {
        bucket { id name displayName tags @include(if: $withTags) project { id name entity { id name } } } inserted } }`,
  ];
  for (const query of documents) {
    const result = checkedDocument(query, { perPage: 1000 });
    assert.equal(typeof result, 'object', typeof result === 'string' ? result : '');
  }
});
