// Hand-written requests in the shapes the Python client (0.16–0.18 legacy) and wandb-core send for
// artifacts (docs/protocol/artifacts.md), against the app with a real SQLite store and data dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { authHeader, TEST_KEY } from '../testing/server-process.ts';
import { OTHER_KEY, testApp } from '../testing/test-app.ts';
import { COMMIT, CREATE, digestOf, FILES, logArtifact, MANIFEST, md5 } from '../testing/artifact-client.ts';


async function setup(options: { artifactFileLimit?: number } = {}) {
  const { app, store, dir } = await testApp(options);
  const gql = async (query: string, variables: Record<string, unknown> = {}, key = TEST_KEY) => {
    const response = await app.inject({ method: 'POST', url: '/graphql', headers: { authorization: authHeader(key) }, payload: { query, variables } });
    return { status: response.statusCode, data: response.json().data, errors: response.json().errors as Array<{ message: string }> | undefined };
  };
  const local = (url: string) => url.replace('http://sextant.test:9000', '');
  // The client sends these PUTs and GETs with no credentials and, for PUTs, no content type.
  const put = (url: string, body: string | Buffer) => app.inject({ method: 'PUT', url: local(url), payload: body });
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: local(url), headers });
  await gql('mutation { upsertBucket(input: {name: "r1", modelName: "proj"}) { bucket { id } } }');
  await gql('mutation { upsertBucket(input: {name: "r2", modelName: "proj"}) { bucket { id } } }');
  return { app, store, gql, put, get, dir };
}

const FRAGMENT = `fragment ArtifactFragment on Artifact { id artifactSequence { project { entityName name } name } versionIndex artifactType { name }
  description metadata ttlDurationSeconds ttlIsInherited aliases { artifactCollection { project { entityName name } name } alias } state commitHash fileCount createdAt updatedAt }`;
const BY_NAME = `query ArtifactByName($entityName: String!, $projectName: String!, $name: String!) {
  project(name: $projectName, entityName: $entityName) { artifact(name: $name) { ...ArtifactFragment currentManifest { file { directUrl } } } } } ${FRAGMENT}`;
const FILE_URLS = `query ArtifactFileURLs($id: ID!, $cursor: String, $perPage: Int) {
  artifact(id: $id) { files(after: $cursor, first: $perPage) { pageInfo { hasNextPage endCursor } edges { node { name directUrl } } } } }`;

test('log flow: create, manifest upsert, files with upload URLs, PUTs, manifest, commit; then lookup and byte-identical download', async () => {
  const s = await setup();
  const files = { 'model.pt': 'weights-0', 'dir/config.json': '{"layers": 2}' };
  const log = await logArtifact(s, files, { aliases: ['best'] });
  assert.equal(log.artifact.state, 'PENDING');
  assert.equal(log.artifact.artifactSequence.latestArtifact, null);
  assert.equal(Buffer.from(log.artifact.id, 'base64').toString(), 'Artifact:1', 'IDs are padded base64');
  assert.equal(log.first!.data.createArtifactManifest.artifactManifest.file.uploadUrl, undefined, '@include(if: false) leaves the field out');
  assert.deepEqual(log.edges!.map((n: any) => [n.displayName, n.artifact.id, n.uploadHeaders, n.uploadMultipartUrls]), [['model.pt', log.artifact.id, [], null], ['dir/config.json', log.artifact.id, [], null]]);
  assert.match(log.edges![0].uploadUrl, /^http:\/\/sextant\.test:9000\/artifact-uploads\/1\/[0-9a-f]{32}\?exp=\d+&sig=[0-9a-f]{64}$/);
  assert.deepEqual(log.puts, [200, 200]);
  assert.equal(log.second!.data.createArtifactManifest.artifactManifest.id, log.first!.data.createArtifactManifest.artifactManifest.id, 'one manifest record per version');
  assert.equal(log.manifestPut!.statusCode, 200);
  assert.deepEqual(log.commit!.data.commitArtifact.artifact, { id: log.artifact.id, digest: digestOf(Object.entries(files).map(([p, c]) => [p, md5(c)])) });

  const found = (await s.gql(BY_NAME, { entityName: 'admin', projectName: 'proj', name: 'model:best' })).data.project.artifact;
  assert.deepEqual([found.versionIndex, found.state, found.artifactType.name, found.description, JSON.parse(found.metadata), found.fileCount, found.ttlDurationSeconds],
    [0, 'COMMITTED', 'model', 'a model', { acc: 0.9 }, 2, -2]);
  assert.deepEqual(found.aliases.map((a: any) => a.alias).sort(), ['best', 'latest', 'v0']);
  assert.deepEqual(found.aliases[0].artifactCollection, { project: { entityName: 'admin', name: 'proj' }, name: 'model' });
  const manifest = await s.get(found.currentManifest.file.directUrl);
  assert.equal(manifest.statusCode, 200);
  assert.deepEqual(Object.keys(manifest.json().contents).sort(), ['dir/config.json', 'model.pt']);
  const urls = (await s.gql(FILE_URLS, { id: found.id, perPage: 1 })).data.artifact.files;
  assert.deepEqual([urls.edges.map((e: any) => e.node.name), urls.pageInfo.hasNextPage], [['dir/config.json'], true]);
  const rest = (await s.gql(FILE_URLS, { id: found.id, cursor: urls.pageInfo.endCursor, perPage: 5000 })).data.artifact.files;
  for (const edge of [...urls.edges, ...rest.edges]) {
    const download = await s.get(edge.node.directUrl);
    assert.equal(download.statusCode, 200);
    assert.equal(download.body, files[edge.node.name as keyof typeof files], edge.node.name);
  }
  for (const ref of ['v0', 'latest', found.id && digestOf(Object.entries(files).map(([p, c]) => [p, md5(c)]))]) {
    assert.equal((await s.gql(BY_NAME, { entityName: 'admin', projectName: 'proj', name: `model:${ref}` })).data.project.artifact?.versionIndex, 0, ref);
  }
  assert.equal((await s.gql(BY_NAME, { entityName: 'admin', projectName: 'proj', name: 'model:v1' })).data.project.artifact, null);
  assert.equal((await s.gql(BY_NAME, { entityName: 'admin', projectName: 'proj', name: 'model:latest' }, OTHER_KEY)).status, 403);
});

test('dedup: an identical re-log creates nothing and merges aliases; a changed one uploads only new bytes, keeps birth IDs, and moves aliases', async () => {
  const s = await setup();
  const v0 = await logArtifact(s, { 'a.txt': 'same', 'b.txt': 'old' }, { aliases: ['best'] });
  const again = await logArtifact(s, { 'a.txt': 'same', 'b.txt': 'old' }, { aliases: ['prod'] });
  assert.equal(again.artifact.state, 'COMMITTED', 'the client stops here');
  assert.equal(again.artifact.id, v0.artifact.id);
  assert.equal(again.artifact.artifactSequence.latestArtifact.versionIndex, 0);
  const v1 = await logArtifact(s, { 'a.txt': 'same', 'b.txt': 'new' }, { aliases: ['best'] });
  assert.equal(v1.artifact.artifactSequence.latestArtifact.id, v0.artifact.id, 'latestArtifact is the base version');
  assert.deepEqual(v1.edges!.map((n: any) => [n.displayName, n.uploadUrl === null, n.artifact.id]), [['a.txt', true, v0.artifact.id], ['b.txt', false, v1.artifact.id]]);
  assert.deepEqual(v1.puts, [200]);
  const aliases = async (ref: string) => (await s.gql(BY_NAME, { entityName: 'admin', projectName: 'proj', name: `model:${ref}` })).data.project.artifact.aliases.map((a: any) => a.alias).sort();
  assert.deepEqual(await aliases('v1'), ['best', 'latest', 'v1']);
  assert.deepEqual(await aliases('v0'), ['prod', 'v0']);
  const urls = (await s.gql(FILE_URLS, { id: v1.artifact.id })).data.artifact.files.edges;
  assert.deepEqual(await Promise.all(urls.map(async (e: any) => (await s.get(e.node.directUrl)).body)), ['same', 'new'], 'v1 lists the file v0 uploaded');
});

test('lineage: createdBy, usedBy, a run\'s output and input artifacts, clientIDMapping', async () => {
  const s = await setup();
  const log = await logArtifact(s, { 'a.txt': 'x' });
  const use = `mutation UseArtifact($entityName: String!, $projectName: String!, $runName: String!, $artifactID: ID!, $usedAs: String) {
    useArtifact(input: {entityName: $entityName, projectName: $projectName, runName: $runName, artifactID: $artifactID, usedAs: $usedAs}) { artifact { id digest state } } }`;
  for (let i = 0; i < 2; i++) assert.equal((await s.gql(use, { entityName: 'admin', projectName: 'proj', runName: 'r2', artifactID: log.artifact.id, usedAs: 'model:latest' })).data.useArtifact.artifact.state, 'COMMITTED');
  const lineage = (await s.gql(`query($id: ID!) { artifact(id: $id) { createdBy { __typename ... on Run { name project { entityName name } } } usedBy { edges { node { name } } } } }`, { id: log.artifact.id })).data.artifact;
  assert.deepEqual(lineage, { createdBy: { __typename: 'Run', name: 'r1', project: { entityName: 'admin', name: 'proj' } }, usedBy: { edges: [{ node: { name: 'r2' } }] } });
  const runs = `query($run: String!) { project(name: "proj", entityName: "admin") { run(name: $run) {
    outputArtifacts(first: 50) { totalCount edges { node { versionIndex } } } inputArtifacts(first: 50) { totalCount edges { node { versionIndex } } } } } }`;
  assert.deepEqual((await s.gql(runs, { run: 'r1' })).data.project.run, { outputArtifacts: { totalCount: 1, edges: [{ node: { versionIndex: 0 } }] }, inputArtifacts: { totalCount: 0, edges: [] } });
  assert.equal((await s.gql(runs, { run: 'r2' })).data.project.run.inputArtifacts.totalCount, 1);
  assert.equal((await s.gql('query { clientIDMapping(clientID: "nope") { serverID } }')).data.clientIDMapping, null);
  const versions = `query { project(name: "proj", entityName: "admin") { artifactType(name: "model") { artifactCollection: artifactCollection(name: "model") { name
    artifacts(first: 50) { totalCount edges { node { versionIndex } version cursor } } } } none: artifactType(name: "dataset") { name } } }`;
  const collections = await s.gql(`query { project(name: "proj", entityName: "admin") { artifactType(name: "model") {
    artifactCollections(after: null) { totalCount edges { node { id name description createdAt } } }
    artifactCollection(name: "model") { name createdAt aliases(first: 1000) { edges { node { alias } } } } } } }`);
  const type = collections.data.project.artifactType;
  assert.deepEqual([type.artifactCollections.totalCount, type.artifactCollections.edges[0].node.name, typeof type.artifactCollection.createdAt], [1, 'model', 'string']);
  assert.deepEqual(type.artifactCollection.aliases.edges.map((e: any) => e.node.alias), ['latest'], 'wandb artifact ls reads these');
  const files = await s.gql(`query($names: [String!]) { project(name: "proj", entityName: "admin") { artifactType(name: "model") { artifact(name: "model:v0") {
    files(names: $names, after: null, first: 50) { edges { node { name: displayName sizeBytes digest md5 storagePath url } } } } other: artifact(name: "nope:v0") { id } } } }`, { names: null });
  assert.deepEqual(files.data.project.artifactType.artifact.files.edges.map((e: any) => [e.node.name, e.node.sizeBytes, e.node.md5]), [['a.txt', 1, md5('x')]]);
  assert.equal(files.data.project.artifactType.other, null);
  // 0.31's api.artifact_collections(), collection.aliases by id, api.artifacts() and artifact.linked_artifacts.
  const collection = (await s.gql(`query { project(name: "proj", entityName: "admin") { artifactCollections(filters: "{}", order: "-createdAt") { totalCount edges { node { id name } } } } }`))
    .data.project.artifactCollections;
  assert.deepEqual([collection.totalCount, collection.edges[0].node.name], [1, 'model']);
  const byId = await s.gql('query($id: ID!) { artifactCollection(id: $id) { name aliases { edges { node { alias } } } } }', { id: collection.edges[0].node.id });
  assert.deepEqual(byId.data.artifactCollection, { name: 'model', aliases: { edges: [{ node: { alias: 'latest' } }] } });
  assert.equal((await s.gql('query($id: ID!) { artifactCollection(id: $id) { name } }', { id: collection.edges[0].node.id }, OTHER_KEY)).data.artifactCollection, null);
  const memberships = await s.gql('query($id: ID!) { artifact(id: $id) { artifactMemberships { edges { node { versionIndex artifactCollection { name } } } } } }', { id: log.artifact.id });
  assert.deepEqual(memberships.data.artifact.artifactMemberships.edges, [{ node: { versionIndex: 0, artifactCollection: { name: 'model' } } }]);
  const filtered = await s.gql(`query { project(name: "proj", entityName: "admin") { artifactType(name: "model") { artifactCollection(name: "model") {
    artifacts(filters: "{}", order: "-createdAt") { edges { version } } } } } }`);
  assert.deepEqual(filtered.data.project.artifactType.artifactCollection.artifacts.edges, [{ version: 'v0' }]);
  assert.deepEqual((await s.gql(versions)).data.project, { artifactType: { artifactCollection: { name: 'model', artifacts: { totalCount: 1, edges: [{ node: { versionIndex: 0 }, version: 'v0', cursor: (await s.gql(versions)).data.project.artifactType.artifactCollection.artifacts.edges[0].cursor }] } } }, none: null });
});

test('wandb-core shapes: one $input with artifactCollectionName and nulls, membership lookups and membership files', async () => {
  const s = await setup();
  const digest = digestOf([['w.bin', md5('core')]]);
  const input = { entityName: 'admin', projectName: 'proj', runName: 'r1', artifactTypeName: 'dataset', artifactCollectionName: 'data', artifactCollectionNames: null,
    digest, digestAlgorithm: 'MANIFEST_MD5', description: null, metadata: null, aliases: [{ artifactCollectionName: 'data', alias: 'latest' }], clientID: 'c', sequenceClientID: 's',
    enableDigestDeduplication: true, historyStep: null, ttlDurationSeconds: null, distributedID: null, storageRegion: null, labels: null, clientMutationId: null };
  const created = await s.gql('mutation CreateArtifact($input: CreateArtifactInput!) { createArtifact(input: $input) { artifact { id state } } }', { input });
  const id = created.data.createArtifact.artifact.id;
  const spec = { artifactID: id, artifactManifestID: null, name: 'w.bin', md5: md5('core'), mimetype: null, uploadPartsInput: null };
  const node = (await s.gql(FILES, { storageLayout: 'V2', artifactFiles: [spec] })).data.createArtifactFiles.files.edges[0].node;
  assert.equal((await s.put(node.uploadUrl, 'core')).statusCode, 200);
  const text = JSON.stringify({ version: 1, storagePolicy: 'wandb-storage-policy-v1', storagePolicyConfig: { storageLayout: 'V2' }, contents: { 'w.bin': { digest: md5('core'), birthArtifactID: node.artifact.id, size: 4, skip_cache: false, local_path: '/tmp/w.bin' } } });
  const manifest = await s.gql(MANIFEST, { name: 'wandb_manifest.json', digest: md5(text), artifactID: id, entityName: 'admin', projectName: 'proj', runName: 'r1', includeUpload: true });
  assert.equal((await s.put(manifest.data.createArtifactManifest.artifactManifest.file.uploadUrl, text)).statusCode, 200);
  assert.equal((await s.gql(COMMIT, { artifactID: id })).status, 200);
  const membership = (await s.gql(`query { project(name: "proj", entityName: "admin") {
    artifactCollectionMembership(name: "data:v0") { __typename versionIndex createdAt aliases { __typename alias } artifactCollection { __typename name } artifact { id size digest fileCount tags { name } } }
    artifactCollection(name: "data") { __typename artifactMembership(aliasName: "v0") { files(first: 10) { edges { node { __typename name directUrl } } } } } } }`)).data.project;
  assert.deepEqual([membership.artifactCollectionMembership.__typename, membership.artifactCollectionMembership.artifactCollection, membership.artifactCollectionMembership.artifact.size],
    ['ArtifactCollectionMembership', { __typename: 'ArtifactSequence', name: 'data' }, 4]);
  // wandb 0.31 parses the membership with pydantic: a null createdAt fails use_artifact("name:alias").
  assert.equal(typeof membership.artifactCollectionMembership.createdAt, 'string');
  const files = membership.artifactCollection.artifactMembership.files.edges;
  assert.equal((await s.get(files[0].node.directUrl)).body, 'core');
  assert.equal((await s.gql('query($c: ID!) { clientIDMapping(clientID: $c) { serverID } }', { c: 'c' })).data.clientIDMapping.serverID, id);
  // The newest clients parse the full fragment strictly (pydantic): non-null fields and exact __typename.
  const strict = (await s.gql(`query { project(name: "proj", entityName: "admin") { artifactCollectionMembership(name: "data:latest") { artifact {
    __typename id versionIndex description metadata ttlDurationSeconds ttlIsInherited tags { __typename id name } historyStep state size digest commitHash fileCount createdAt updatedAt
    artifactType { name } artifactSequence { __typename name project { id internalId name entity { name } } }
    aliases { __typename id alias artifactCollection { __typename name project { id internalId name entity { name } } } } } } } }`)).data.project.artifactCollectionMembership.artifact;
  assert.deepEqual([strict.__typename, strict.ttlDurationSeconds, strict.ttlIsInherited, strict.tags, strict.state, typeof strict.size, typeof strict.fileCount, typeof strict.createdAt, strict.metadata],
    ['Artifact', -2, true, [], 'COMMITTED', 'number', 'number', 'string', '{}']);
  assert.deepEqual(strict.artifactSequence.project.entity, { name: 'admin' });
  assert.equal(typeof strict.artifactSequence.project.internalId, 'string');
  assert.deepEqual(strict.aliases.map((a: any) => [a.__typename, a.alias, a.artifactCollection.__typename]), [['ArtifactAlias', 'latest', 'ArtifactSequence'], ['ArtifactAlias', 'v0', 'ArtifactSequence']]);
});

test('a commit of an incomplete version fails clearly and leaves no visible version', async () => {
  const s = await setup();
  await logArtifact(s, { 'a.txt': 'one' });
  const partial = await logArtifact(s, { 'a.txt': 'two', 'b.txt': 'never sent' }, { skipUpload: ['b.txt'] });
  assert.equal(partial.commit!.status, 400);
  assert.match(partial.commit!.errors![0].message, /cannot commit model: 1 file\(s\) of its manifest were never uploaded: b\.txt/);
  assert.equal((await s.gql(BY_NAME, { entityName: 'admin', projectName: 'proj', name: 'model:v1' })).data.project.artifact, null);
  assert.equal((await s.gql(BY_NAME, { entityName: 'admin', projectName: 'proj', name: 'model:latest' })).data.project.artifact.versionIndex, 0);
  const noManifest = await s.gql(CREATE, { artifactTypeName: 'model', artifactCollectionNames: ['model'], entityName: 'admin', projectName: 'proj', digest: 'f'.repeat(32), aliases: [] });
  const commit = await s.gql(COMMIT, { artifactID: noManifest.data.createArtifact.artifact.id });
  assert.match(commit.errors![0].message, /its manifest was never uploaded/);
  // The version retried with every file gets the next number: no gap for the failed attempt.
  const retried = await logArtifact(s, { 'a.txt': 'two', 'b.txt': 'never sent' });
  assert.equal(retried.commit!.status, 200);
  assert.equal((await s.gql(BY_NAME, { entityName: 'admin', projectName: 'proj', name: 'model:latest' })).data.project.artifact.versionIndex, 1);
});

test('bad input answers 4xx and keeps nothing: digest mismatch, path tricks, oversize, bad signature, wrong type, bad names', async () => {
  const s = await setup({ artifactFileLimit: 1000 });
  const created = await s.gql(CREATE, { artifactTypeName: 'model', artifactCollectionNames: ['model'], entityName: 'admin', projectName: 'proj', digest: 'f'.repeat(32), aliases: [] });
  const id = created.data.createArtifact.artifact.id;
  const spec = (name: string, content: string) => ({ artifactID: id, name, md5: md5(content) });
  const files = await s.gql(FILES, { storageLayout: 'V2', artifactFiles: [spec('ok.txt', 'expected'), spec('big.bin', 'x'.repeat(2000))] });
  const [ok, big] = files.data.createArtifactFiles.files.edges.map((e: any) => e.node.uploadUrl);
  const mismatch = await s.put(ok, "something else");
  assert.equal(mismatch.statusCode, 400);
  assert.match(mismatch.json().errors[0].message, /MD5 .* not the .* this URL was issued for/);
  assert.equal((await s.put(big, 'x'.repeat(2000))).statusCode, 413);
  assert.equal((await s.put(ok.replace(/sig=([0-9a-f])/, (_: string, c: string) => `sig=${c === '0' ? '1' : '0'}`), 'expected')).statusCode, 403);
  assert.equal((await s.put(ok.replace(/exp=\d+/, 'exp=1'), 'expected')).statusCode, 403, 'an altered expiry breaks the signature');
  assert.equal(await s.store.findArtifactObject('admin', md5('expected')), undefined);
  assert.deepEqual(readdirSync(join(s.dir, 'artifacts', 'incoming')), [], 'no partial upload left behind');
  for (const name of ['../escape.txt', 'a/../../b', '/abs', 'a\\b', '']) {
    const answer = await s.gql(FILES, { storageLayout: 'V2', artifactFiles: [spec(name, 'x')] });
    assert.equal(answer.status, 400, name);
  }
  assert.equal((await s.gql(FILES, { storageLayout: 'V2', artifactFiles: [{ artifactID: id, name: 'x', md5: 'not-md5' }] })).status, 400);
  // A manifest naming ../ is refused at commit.
  const evil = JSON.stringify({ version: 1, contents: { '../../etc/passwd': { digest: md5('expected'), size: 8 } } });
  const manifest = await s.gql(MANIFEST, { name: 'wandb_manifest.json', digest: md5(evil), artifactID: id, entityName: 'admin', projectName: 'proj', runName: 'r1', includeUpload: true });
  assert.equal((await s.put(manifest.data.createArtifactManifest.artifactManifest.file.uploadUrl, evil)).statusCode, 200);
  const commit = await s.gql(COMMIT, { artifactID: id });
  assert.equal(commit.status, 400);
  assert.match(commit.errors![0].message, /manifest of model has a bad entry/);
  assert.equal((await s.gql(BY_NAME, { entityName: 'admin', projectName: 'proj', name: 'model:latest' })).data.project.artifact, null, 'no version of any kind is visible');
  assert.equal((await s.store.getArtifact(1))?.state, 'PENDING');
  const wrongType = await logArtifact(s, { 'a.txt': 'a' }, { type: 'dataset' });
  assert.match(wrongType.created.errors![0].message, /artifact model is of type model; it cannot take a version of type dataset/);
  for (const bad of [{ artifactCollectionNames: ['bad/name'] }, { artifactTypeName: '' }, { digest: 'xyz' }, { aliases: [{ artifactCollectionName: 'model', alias: 'v3' }] }, { metadata: '[1]' }, { runName: 'nope' }]) {
    const answer = await s.gql(CREATE, { artifactTypeName: 'model', artifactCollectionNames: ['model'], entityName: 'admin', projectName: 'proj', digest: 'e'.repeat(32), aliases: [], ...bad });
    assert.equal(answer.status, 400, JSON.stringify(bad));
  }
  assert.equal((await s.gql(COMMIT, { artifactID: 'QXJ0aWZhY3Q6OTk5' })).status, 403, 'an unknown artifact');
  assert.equal((await s.gql(COMMIT, { artifactID: Buffer.from('Artifact:99999999999999999999').toString('base64') })).status, 400, 'an ID no store could hold');
  assert.equal((await s.gql(FILES, { storageLayout: 'V2', artifactFiles: [null] })).status, 400);
  assert.equal((await s.gql(COMMIT, { artifactID: id }, OTHER_KEY)).status, 403, "another user's artifact");
});

test('fallback object URLs need HTTP Basic auth of the owner; deleting versions frees their bytes', async () => {
  const s = await setup();
  const v0 = await logArtifact(s, { 'keep.txt': 'shared', 'gone.txt': 'only v0' }, { aliases: ['best'] });
  const v1 = await logArtifact(s, { 'keep.txt': 'shared' });
  const birth = encodeURIComponent(v0.artifact.id);
  const path = `/artifactsV2/default/admin/${birth}/${md5('only v0', 'hex')}`;
  assert.equal((await s.get(path)).statusCode, 401);
  assert.equal((await s.get(path, { authorization: authHeader(OTHER_KEY) })).statusCode, 403);
  assert.equal((await s.get(path, { authorization: authHeader() })).body, 'only v0');
  assert.equal((await s.get(`/artifacts/admin/${md5('only v0', 'hex')}`, { authorization: authHeader() })).body, 'only v0');
  assert.equal((await s.get(`/artifactsV2/default/admin/proj/model/${birth}/${md5('only v0', 'hex')}/gone.txt`, { authorization: authHeader() })).body, 'only v0');
  const del = 'mutation DeleteArtifact($artifactID: ID!, $deleteAliases: Boolean) { deleteArtifact(input: {artifactID: $artifactID, deleteAliases: $deleteAliases}) { artifact { id } } }';
  assert.match((await s.gql(del, { artifactID: v0.artifact.id })).errors![0].message, /still has aliases best/);
  assert.equal((await s.gql(del, { artifactID: v0.artifact.id, deleteAliases: true })).status, 200);
  assert.equal((await s.get(path, { authorization: authHeader() })).statusCode, 404);
  const blobs = (hex: string) => readdirSync(join(s.dir, 'artifacts', 'admin', hex.slice(0, 2))).includes(hex);
  assert.equal(blobs(md5('only v0', 'hex')), false, 'bytes only v0 held are removed');
  assert.equal(blobs(md5('shared', 'hex')), true, 'bytes v1 lists stay');
  assert.equal((await s.gql(BY_NAME, { entityName: 'admin', projectName: 'proj', name: 'model:v0' })).data.project.artifact, null);
  assert.equal((await s.gql(BY_NAME, { entityName: 'admin', projectName: 'proj', name: 'model:latest' })).data.project.artifact.id, v1.artifact.id);
});

test('legacy probes answer objects listing the input fields the client then sends', async () => {
  const s = await setup();
  const probe = await s.gql(`query { create: __type(name: "CreateArtifactInput") { inputFields { name } } use: __type(name: "UseArtifactInput") { name inputFields { name } }
    files: __type(name: "CreateArtifactFileSpecInput") { inputFields { name } } artifact: __type(name: "Artifact") { fields { name } }
    project: __type(name: "Project") { fields { name args { name } } } }`);
  const names = (list: Array<{ name: string }>) => list.map((f) => f.name);
  for (const field of ['clientID', 'sequenceClientID', 'enableDigestDeduplication', 'ttlDurationSeconds', 'historyStep']) assert.ok(names(probe.data.create.inputFields).includes(field), field);
  assert.ok(!names(probe.data.create.inputFields).includes('tags'), 'artifact tags are not kept: the client must not send them');
  assert.ok(names(probe.data.use.inputFields).includes('usedAs'));
  assert.ok(names(probe.data.artifact.fields).includes('ttlIsInherited'));
  assert.deepEqual(probe.data.project.fields.find((f: { name: string }) => f.name === 'artifact'), { name: 'artifact', args: [{ name: 'name' }] },
    'no enableTracking: 0.18 reads it (ProbeServerProjectInfo) to decide whether to send it');
  // wandb-core 0.31 sends uploadPartsInput (null) in every file spec, so it is declared; the Python
  // clients that probe for it then send parts for a file of 2 GiB or more and, answered no
  // multipart URLs, PUT it whole.
  assert.ok(names(probe.data.files.inputFields).includes('uploadPartsInput'));
  const pending = await s.gql(CREATE, { artifactTypeName: 'model', artifactCollectionNames: ['big'], entityName: 'admin', projectName: 'proj', digest: 'e'.repeat(32), aliases: [] });
  const spec = { artifactID: pending.data.createArtifact.artifact.id, name: 'big.bin', md5: md5('big'), uploadPartsInput: [{ partNumber: 1, hexMD5: md5('big', 'hex') }] };
  const multipart = await s.gql(`mutation($files: [CreateArtifactFileSpecInput!]!) { createArtifactFiles(input: {artifactFiles: $files, storageLayout: V2}) {
    files { edges { node { uploadUrl uploadMultipartUrls { uploadID uploadUrlParts { partNumber uploadUrl } } } } } } }`, { files: [spec] });
  const node = multipart.data.createArtifactFiles.files.edges[0].node;
  assert.equal(node.uploadMultipartUrls, null);
  assert.equal((await s.put(node.uploadUrl, 'big')).statusCode, 200, 'one PUT of the whole file');
  const type = await s.gql('query ArtifactType($p: String!, $e: String!, $n: String!) { project(name: $p, entityName: $e) { artifact(name: $n) { artifactType { name } } } }', { p: 'proj', e: 'admin', n: 'model:latest' });
  assert.deepEqual(type.data, { project: { artifact: null } });
});

test('editing a logged version (art.save()): addAliases moves an alias, deleteAliases drops one, updateArtifact sets description and metadata', async () => {
  const s = await setup();
  const v0 = await logArtifact(s, { 'a.txt': '0' }, { aliases: ['best'] });
  const v1 = await logArtifact(s, { 'a.txt': '1' });
  const aliasInput = (alias: string) => [{ entityName: 'admin', projectName: 'proj', artifactCollectionName: 'model', alias }];
  const add = 'mutation addAliases($artifactID: ID!, $aliases: [ArtifactCollectionAliasInput!]!) { addAliases(input: {artifactID: $artifactID, aliases: $aliases}) { success } }';
  const remove = 'mutation deleteAliases($artifactID: ID!, $aliases: [ArtifactCollectionAliasInput!]!) { deleteAliases(input: {artifactID: $artifactID, aliases: $aliases}) { success } }';
  assert.deepEqual((await s.gql(add, { artifactID: v1.artifact.id, aliases: aliasInput('best') })).data, { addAliases: { success: true } });
  const aliases = async (ref: string) => (await s.gql(BY_NAME, { entityName: 'admin', projectName: 'proj', name: `model:${ref}` })).data.project.artifact.aliases.map((a: any) => a.alias).sort();
  assert.deepEqual([await aliases('v0'), await aliases('v1')], [['v0'], ['best', 'latest', 'v1']]);
  await s.gql(remove, { artifactID: v1.artifact.id, aliases: aliasInput('best') });
  assert.deepEqual(await aliases('v1'), ['latest', 'v1']);
  const latest = await s.gql(remove, { artifactID: v1.artifact.id, aliases: aliasInput('latest') });
  assert.match(latest.errors![0].message, /latest moves only when a new version is committed/);
  const update = `mutation updateArtifact($artifactID: ID!, $description: String, $metadata: JSONString, $aliases: [ArtifactAliasInput!]) {
    updateArtifact(input: {artifactID: $artifactID, description: $description, metadata: $metadata, aliases: $aliases}) { artifact { id description metadata } } }`;
  const updated = await s.gql(update, { artifactID: v0.artifact.id, description: 'the first', metadata: '{"epochs": 3}', aliases: null });
  assert.deepEqual(updated.data.updateArtifact.artifact, { id: v0.artifact.id, description: 'the first', metadata: '{"epochs": 3}' });
  await s.gql(update, { artifactID: v0.artifact.id, aliases: [{ artifactCollectionName: 'model', alias: 'prod' }] });
  assert.deepEqual(await aliases('v0'), ['prod', 'v0'], 'a whole alias set (servers before addAliases)');
  assert.equal((await s.gql(update, { artifactID: v0.artifact.id, metadata: '"text"' })).status, 400);
});

test('run.delete(delete_artifacts=True): the versions only that run logged and used go with their bytes; one another run used stays', async () => {
  const s = await setup();
  await logArtifact(s, { 'solo.txt': 'only r1 has this' }, { name: 'solo' });
  const shared = await logArtifact(s, { 'shared.txt': 'r2 uses this' }, { name: 'shared' });
  const use = `mutation UseArtifact($entityName: String!, $projectName: String!, $runName: String!, $artifactID: ID!) {
    useArtifact(input: {entityName: $entityName, projectName: $projectName, runName: $runName, artifactID: $artifactID}) { artifact { id } } }`;
  await s.gql(use, { entityName: 'admin', projectName: 'proj', runName: 'r2', artifactID: shared.artifact.id });
  const id = (await s.gql('query { project(name: "proj", entityName: "admin") { run(name: "r1") { id } } }')).data.project.run.id;
  const deleted = await s.gql('mutation DeleteRun($id: ID!, $deleteArtifacts: Boolean) { deleteRun(input: {id: $id, deleteArtifacts: $deleteArtifacts}) { clientMutationId } }', { id, deleteArtifacts: true });
  assert.equal(deleted.errors, undefined);
  const lookup = async (name: string) => (await s.gql(BY_NAME, { entityName: 'admin', projectName: 'proj', name: `${name}:latest` })).data.project.artifact;
  assert.equal(await lookup('solo'), null);
  assert.equal((await lookup('shared')).state, 'COMMITTED');
  assert.equal(await s.store.findArtifactObject('admin', md5('only r1 has this')), undefined);
  assert.ok(await s.store.findArtifactObject('admin', md5('r2 uses this')));
  assert.equal(await s.store.getRun({ entity: 'admin', project: 'proj', name: 'r1' }), undefined);
});
