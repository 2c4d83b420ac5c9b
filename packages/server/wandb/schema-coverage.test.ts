// The schema and the resolvers agree: every field an object answers is declared, and every declared
// field of every object type is answered by each object of that type or listed in not-kept.ts.
// Objects are gathered by executing, over seeded data, a query that selects every field (and every
// mutation once), so the check sees the objects the clients see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema, getNamedType, isInterfaceType, isLeafType, isObjectType, isUnionType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { execute, SCHEMA } from './graphql.ts';
import { NOT_KEPT } from './not-kept.ts';
import { roots } from './operations.ts';
import { runDir } from '../files/run-files.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { Blobs } from '../artifacts/blobs.ts';
import { Heartbeats } from '../sweeps/heartbeat.ts';
import type { Context } from '../context.ts';

/** Each object's own keys, by its GraphQL type. */
type Answered = Map<string, Array<Set<string>>>;

/** What disagrees between the schema, the objects answered, and the not-kept list. */
function coverage(schema: GraphQLSchema, answered: Answered, notKept: Record<string, Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const [name, objects] of answered) {
    const type = schema.getType(name);
    const declared = isObjectType(type) ? type.getFields() : {};
    for (const key of new Set(objects.flatMap((o) => [...o]))) {
      if (key !== '__typename' && !Object.hasOwn(declared, key)) problems.push(`${name}.${key} is answered but not declared`);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const objects = answered.get(type.name) ?? [];
    for (const field of Object.keys(type.getFields())) {
      const dropped = Object.hasOwn(notKept[type.name] ?? {}, field);
      const answering = objects.filter((o) => o.has(field)).length;
      if (dropped && answering > 0) problems.push(`${type.name}.${field} is answered but listed as not kept`);
      if (!dropped && answering === 0) problems.push(`${type.name}.${field} has no resolver and is not listed as not kept`);
      else if (!dropped && answering < objects.length) problems.push(`${type.name}.${field} is missing on ${objects.length - answering} of ${objects.length} ${type.name} objects`);
    }
  }
  for (const [name, fields] of Object.entries(notKept)) {
    const type = schema.getType(name);
    for (const field of Object.keys(fields)) if (!isObjectType(type) || !type.getFields()[field]) problems.push(`not-kept ${name}.${field} is not declared`);
  }
  return problems;
}

test('the coverage check fails when a resolver or a declared field is missing on either side (synthetic schema)', () => {
  const schema = buildSchema('type Query { a: String b: T } type T { x: Int y: Int z: Int }');
  const answered: Answered = new Map([['Query', [new Set(['a', 'b'])]], ['T', [new Set(['x', 'y']), new Set(['x'])]]]);
  assert.deepEqual(coverage(schema, answered, { T: { z: 'not kept' } }), ['T.y is missing on 1 of 2 T objects']);
  answered.get('T')!.pop();
  assert.deepEqual(coverage(schema, answered, { T: { z: 'not kept' } }), []);
  assert.deepEqual(coverage(schema, answered, {}), ['T.z has no resolver and is not listed as not kept']);
  answered.get('Query')![0].add('c');
  assert.deepEqual(coverage(schema, answered, { T: { z: 'not kept', w: 'gone' }, Query: { a: 'no' } }),
    ['Query.c is answered but not declared', 'Query.a is answered but listed as not kept', 'not-kept T.w is not declared']);
  assert.deepEqual(coverage(buildSchema('type Query { a: String } type U { v: Int }'), new Map([['Query', [new Set(['a'])]]]), {}),
    ['U.v has no resolver and is not listed as not kept']);
});

/** Arguments for the fields that need them, over the seeded data. */
function argumentsFor(artifactId: string, sweep: string): Record<string, string> {
  const args: Record<string, string> = {
    'Query.project': '(name: "p", entityName: "admin")', 'Query.model': '(name: "p")', 'Query.entity': '(name: "admin")', 'Query.artifact': `(id: "${artifactId}")`,
    'Query.clientIDMapping': '(clientID: "client-1")', 'Query.artifactCollection': `(id: "${Buffer.from('ArtifactSequence:admin/p/data').toString('base64')}")`, 'Project.run': '(name: "r1")', 'Project.bucket': '(name: "r1")', 'Project.sweep': `(sweepName: "${sweep}")`,
    'Project.artifact': '(name: "data:latest")', 'Project.artifactCollectionMembership': '(name: "data:latest")', 'Project.artifactCollection': '(name: "data")',
    'Project.artifactSequence': '(name: "data")', 'Project.artifactType': '(name: "dataset")', 'Run.sampledHistory': '(specs: ["{\\"keys\\": [\\"loss\\"]}"])',
    'Run.parquetHistory': '(liveKeys: ["loss"])', 'ArtifactType.artifact': '(name: "data:v0")', 'ArtifactType.artifactCollection': '(name: "data")',
    'ArtifactType.artifactSequence': '(name: "data")',
  };
  for (const type of ['ArtifactCollection', 'ArtifactSequence']) args[`${type}.artifactMembership`] = '(aliasName: "latest")';
  return args;
}

/** Every field of `type` (or its field `only`), nested up to `depth` object levels; a type already on the path is not entered again. */
function selectAll(schema: GraphQLSchema, type: GraphQLNamedType, args: Record<string, string>, depth: number, path: string[] = [], only?: string): string {
  if (isUnionType(type)) return `{ __typename ${type.getTypes().map((t) => `... on ${t.name} ${selectAll(schema, t, args, depth, path)}`).join(' ')} }`;
  if (!isObjectType(type) && !isInterfaceType(type)) return '';
  const parts = ['__typename'];
  for (const field of Object.values(type.getFields()).filter((f) => only === undefined || f.name === only)) {
    const named = getNamedType(field.type);
    const given = args[`${type.name}.${field.name}`] ?? '';
    if (!given && field.args.some((a) => a.type.toString().endsWith('!'))) throw new Error(`give arguments for ${type.name}.${field.name}`);
    if (isLeafType(named)) parts.push(field.name + given);
    else if (depth > 0 && !path.includes(named.name)) parts.push(`${field.name}${given} ${selectAll(schema, named, args, depth - 1, [...path, type.name])}`);
  }
  return `{ ${parts.join(' ')} }`;
}

test('every object the resolvers answer matches the schema, and every declared field is answered or not kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-coverage-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  const user = await store.createUser('admin', true);
  const ctx: Context = { store, user, baseUrl: 'http://host.test', filesDir: join(dir, 'files'), sign: () => 'sig', blobs: new Blobs(join(dir, 'artifacts')),
    heartbeats: new Heartbeats(store), log: () => {} };
  const answered: Answered = new Map();
  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const result = await execute({ query, variables }, roots(ctx), (type, object) => {
      answered.set(type, [...(answered.get(type) ?? []), new Set(Object.keys(object))]);
    });
    assert.equal(result.status, 200, `${query.slice(0, 200)}: ${JSON.stringify(result.errors)}`);
    return result.data as Record<string, any>;
  };
  // The first artifact is number 1; the sweep's name is known once it is made.
  let args = argumentsFor(Buffer.from('Artifact:1').toString('base64'), 'none');
  const payload = (mutation: string) => selectAll(SCHEMA, getNamedType(SCHEMA.getMutationType()!.getFields()[mutation].type), args, 3);

  for (const name of ['r1', 'r2']) {
    const key = { entity: 'admin', project: 'p', name };
    await run(`mutation { upsertBucket(input: {name: "${name}", modelName: "p", config: "{\\"lr\\": 0.1}"}) ${payload('upsertBucket')} }`);
    await store.writeLines(key, 'history', 0, [{ content: '{"_step": 0, "loss": 1}', step: 0 }]);
    mkdirSync(runDir(ctx.filesDir, key), { recursive: true });
    writeFileSync(join(runDir(ctx.filesDir, key), 'config.yaml'), 'lr: 0.1');
  }
  const { artifact } = await store.createArtifact({ entity: 'admin', project: 'p', name: 'data', type: 'dataset', digest: 'd'.repeat(32), description: 'd', metadata: '{}',
    aliases: ['latest'], clientId: 'client-1', sequenceClientId: 'seq-1', createdBy: 'r1', historyStep: 0 });
  await store.setArtifactManifest(artifact.id, 'XrY7u+Ae7tCTyyK7j1rNww==');
  await store.markManifestUploaded(artifact.id);
  await store.addArtifactObject('admin', { digest: 'XrY7u+Ae7tCTyyK7j1rNww==', size: 1, birthArtifactId: artifact.id });
  await store.commitArtifact(artifact.id, [{ path: 'a.txt', digest: 'XrY7u+Ae7tCTyyK7j1rNww==', size: 1, birthArtifactId: artifact.id, ref: null }]);
  await store.useArtifact(artifact.id, { entity: 'admin', project: 'p', name: 'r2' });
  const artifactId = Buffer.from(`Artifact:${artifact.id}`).toString('base64');

  const sweep = (await run(`mutation { upsertSweep(input: {projectName: "p", config: "method: grid\\nparameters:\\n  lr:\\n    values: [1, 2]\\n"}) ${payload('upsertSweep')} }`)).upsertSweep.sweep.name;
  const agent = (await run(`mutation { createAgent(input: {host: "h", projectName: "p", sweep: "${sweep}"}) ${payload('createAgent')} }`)).createAgent.agent.id;
  await run(`mutation { agentHeartbeat(input: {id: "${agent}", runState: "{}"}) ${payload('agentHeartbeat')} }`);
  await run(`mutation { createRunFiles(input: {entityName: "admin", projectName: "p", runName: "r1", files: ["out.txt"]}) ${payload('createRunFiles')} }`);
  await run(`mutation { notifyScriptableRunAlert(input: {projectName: "p", runName: "r1", title: "t"}) ${payload('notifyScriptableRunAlert')} }`);
  await run(`mutation { useArtifact(input: {projectName: "p", runName: "r1", artifactID: "${artifactId}"}) ${payload('useArtifact')} }`);
  await run(`mutation { commitArtifact(input: {artifactID: "${artifactId}"}) ${payload('commitArtifact')} }`);
  await run(`mutation { addAliases(input: {artifactID: "${artifactId}", aliases: [{alias: "best", artifactCollectionName: "data"}]}) ${payload('addAliases')} }`);
  await run(`mutation { deleteAliases(input: {artifactID: "${artifactId}", aliases: [{alias: "best", artifactCollectionName: "data"}]}) ${payload('deleteAliases')} }`);
  await run(`mutation { updateArtifact(input: {artifactID: "${artifactId}", description: "e"}) ${payload('updateArtifact')} }`);
  const pending = (await run(`mutation { createArtifact(input: {entityName: "admin", projectName: "p", runName: "r1", artifactTypeName: "dataset", artifactCollectionName: "other",
    digest: "${'e'.repeat(32)}", digestAlgorithm: MANIFEST_MD5}) ${payload('createArtifact')} }`)).createArtifact.artifact.id;
  const manifest = (await run(`mutation { createArtifactManifest(input: {artifactID: "${pending}", digest: "1B2M2Y8AsgTpgAmY7PhCfg=="}) ${payload('createArtifactManifest')} }`));
  await run(`mutation { updateArtifactManifest(input: {artifactManifestID: "${manifest.createArtifactManifest.artifactManifest.id}", digest: "1B2M2Y8AsgTpgAmY7PhCfg=="})
    ${payload('updateArtifactManifest')} }`);
  await run(`mutation { createArtifactFiles(input: {artifactFiles: [{artifactID: "${pending}", name: "b.txt", md5: "XrY7u+Ae7tCTyyK7j1rNww=="},
    {artifactID: "${pending}", name: "c.txt", md5: "1B2M2Y8AsgTpgAmY7PhCfg=="}]}) ${payload('createArtifactFiles')} }`);
  await run(`mutation { deleteArtifact(input: {artifactID: "${pending}"}) ${payload('deleteArtifact')} }`);

  args = argumentsFor(artifactId, sweep);
  // One query per field of each root field's type, to stay within the limits on a document's size.
  for (const field of Object.values(SCHEMA.getQueryType()!.getFields())) {
    const type = getNamedType(field.type);
    for (const only of isObjectType(type) || isInterfaceType(type) ? Object.keys(type.getFields()) : [undefined]) {
      await run(`query { ${field.name}${args[`Query.${field.name}`] ?? ''} ${selectAll(SCHEMA, type, args, 5, ['Query'], only)} }`);
    }
  }
  await run(`query { project(name: null) { sweep(sweepName: "${sweep}") { name } } }`);
  await run(`mutation { deleteRun(input: {id: "${Buffer.from('Run:v1:r2:p:admin').toString('base64')}"}) ${payload('deleteRun')} }`);
  assert.deepEqual(coverage(SCHEMA, answered, NOT_KEPT), []);
});
