// The second-user matrix: bob, with his own valid key, tries every read and write of admin's
// project — native API, GraphQL, file_stream, run files, artifacts, sweeps and agents, SSE. Each
// is refused (403), or answers as if nothing were there; no answer carries admin's data, and
// nothing of admin's changes.
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { eachStore, OTHER_KEY, withPostgres, type Target } from '../testing/security-target.ts';

withPostgres();

/** What only admin's data contains; no answer to bob may include any of it. */
const SECRETS = ['secret-run', 'secretloss', 'weights-secret', 'secret-model', 'secretsweep-name'];

interface Seeded {
  sweep: string;
  agent: string;
  artifactId: string;
}

async function seed(t: Target): Promise<Seeded> {
  await t.gql('mutation { upsertBucket(input: {name: "secret-run", modelName: "p", config: "{\\"secretloss\\": 1}"}) { bucket { id } } }');
  assert.equal((await t.send({ method: 'POST', url: '/files/admin/p/secret-run/file_stream', payload: { files: { 'wandb-history.jsonl': { offset: 0, content: ['{"_step": 0, "secretloss": 1}'] }, 'output.log': { offset: 0, content: ['secretloss line'] } } } })).statusCode, 200);
  assert.equal((await t.send({ method: 'PUT', url: '/storage/admin/p/secret-run/weights-secret.txt', payload: 'secretloss' })).statusCode, 200);
  const sweep = (await t.gql('mutation($c: String) { upsertSweep(input: {config: $c, projectName: "p", displayName: "secretsweep-name"}) { sweep { name } } }', { c: 'method: grid\nparameters: {secretloss: {values: [1, 2]}}\n' })).body.data.upsertSweep.sweep.name as string;
  const agent = (await t.gql('mutation($s: String!) { createAgent(input: {host: "h", projectName: "p", sweep: $s}) { agent { id } } }', { s: sweep })).body.data.createAgent.agent.id as string;
  const { artifact } = await t.store.createArtifact({ entity: 'admin', project: 'p', name: 'secret-model', type: 'model', digest: 'd41d8cd98f00b204e9800998ecf8427e', description: null, metadata: null, aliases: [], clientId: null, sequenceClientId: null, createdBy: null, historyStep: null });
  await t.store.commitArtifact(artifact.id, []);
  return { sweep, agent, artifactId: Buffer.from(`Artifact:${artifact.id}`).toString('base64') };
}

const gql = (query: string, variables: Record<string, unknown> = {}): InjectOptions => ({ method: 'POST', url: '/graphql', payload: { query, variables } });

function attempts({ sweep, agent, artifactId }: Seeded): Array<[string, InjectOptions]> {
  return [
    // Native API reads.
    ['projects', { method: 'GET', url: '/api/v1/projects?entity=admin' }],
    ['runs', { method: 'GET', url: '/api/v1/runs/admin/p' }],
    ['run', { method: 'GET', url: '/api/v1/runs/admin/p/secret-run' }],
    ['history', { method: 'GET', url: '/api/v1/runs/admin/p/secret-run/history' }],
    ['histories', { method: 'GET', url: '/api/v1/histories/admin/p?runs=secret-run' }],
    ['system', { method: 'GET', url: '/api/v1/runs/admin/p/secret-run/system' }],
    ['console', { method: 'GET', url: '/api/v1/runs/admin/p/secret-run/console' }],
    ['files', { method: 'GET', url: '/api/v1/runs/admin/p/secret-run/files' }],
    ['media', { method: 'GET', url: '/api/v1/runs/admin/p/secret-run/media' }],
    ['run artifacts', { method: 'GET', url: '/api/v1/runs/admin/p/secret-run/artifacts' }],
    ['sweeps', { method: 'GET', url: '/api/v1/sweeps?entity=admin' }],
    ['sweep', { method: 'GET', url: `/api/v1/sweeps/admin/p/${sweep}` }],
    ['artifacts', { method: 'GET', url: '/api/v1/artifacts/admin/p' }],
    ['artifact', { method: 'GET', url: '/api/v1/artifacts/admin/p/secret-model' }],
    ['artifact version', { method: 'GET', url: '/api/v1/artifacts/admin/p/secret-model/v0' }],
    ['live (SSE)', { method: 'GET', url: '/api/v1/live/admin/p' }],
    // Native API writes.
    ['sweep state', { method: 'POST', url: `/api/v1/sweeps/admin/p/${sweep}/state`, payload: { state: 'CANCELED' } }],
    // Run files.
    ['file download', { method: 'GET', url: '/storage/admin/p/secret-run/weights-secret.txt' }],
    ['file upload', { method: 'PUT', url: '/storage/admin/p/secret-run/weights-secret.txt', payload: 'overwritten' }],
    ['file_stream', { method: 'POST', url: '/files/admin/p/secret-run/file_stream', payload: { files: { 'wandb-history.jsonl': { offset: 1, content: ['{"_step": 1}'] } }, complete: true, exitcode: 1 } }],
    ['artifact object', { method: 'GET', url: '/artifacts/admin/d41d8cd98f00b204e9800998ecf8427e' }],
    // GraphQL reads.
    ['GraphQL project', gql('{ project(name: "p", entityName: "admin") { id runCount } }')],
    ['GraphQL runs', gql('{ project(name: "p", entityName: "admin") { runs { edges { node { name config } } } } }')],
    ['GraphQL run', gql('{ project(name: "p", entityName: "admin") { run(name: "secret-run") { name config historyTail } } }')],
    ['GraphQL run files', gql('{ project(name: "p", entityName: "admin") { run(name: "secret-run") { files { edges { node { name md5 url } } } } } }')],
    ['GraphQL models', gql('{ models(entityName: "admin") { edges { node { name } } } }')],
    ['GraphQL sweep', gql(`{ project(name: "p", entityName: "admin") { sweep(sweepName: "${sweep}") { name displayName config } } }`)],
    ['GraphQL artifact by id', gql(`{ artifact(id: "${artifactId}") { id digest } }`)],
    ['GraphQL artifact by name', gql('{ project(name: "p", entityName: "admin") { artifact(name: "secret-model:v0") { id } } }')],
    ['GraphQL artifact types', gql('{ project(name: "p", entityName: "admin") { artifactTypes { edges { node { name artifactCollections { edges { node { name } } } } } } } }')],
    // GraphQL writes.
    ['GraphQL upsert run', gql('mutation { upsertBucket(input: {name: "secret-run", modelName: "p", entityName: "admin", config: "{}"}) { bucket { id } } }')],
    ['GraphQL create run files', gql('mutation { createRunFiles(input: {entityName: "admin", projectName: "p", runName: "secret-run", files: ["weights-secret.txt"]}) { files { uploadUrl } } }')],
    ['GraphQL sweep state', gql('mutation($id: ID) { upsertSweep(input: {id: $id, entityName: "admin", projectName: "p", state: "CANCELED"}) { sweep { name } } }', { id: sweep })],
    ['GraphQL new sweep', gql('mutation($c: String) { upsertSweep(input: {config: $c, entityName: "admin", projectName: "p"}) { sweep { name } } }', { c: 'method: grid\nparameters: {a: {values: [1]}}\n' })],
    ['GraphQL create agent', gql('mutation($s: String!) { createAgent(input: {host: "h", entityName: "admin", projectName: "p", sweep: $s}) { agent { id } } }', { s: sweep })],
    ['GraphQL heartbeat', gql('mutation($id: ID!) { agentHeartbeat(input: {id: $id, runState: "{}"}) { commands } }', { id: agent })],
    ['GraphQL create artifact', gql('mutation { createArtifact(input: {entityName: "admin", projectName: "p", artifactTypeName: "model", artifactCollectionName: "secret-model", digest: "x"}) { artifact { id } } }')],
    ['GraphQL update artifact', gql(`mutation { updateArtifact(input: {artifactID: "${artifactId}", description: "mine"}) { artifact { id } } }`)],
    ['GraphQL delete artifact', gql(`mutation { deleteArtifact(input: {artifactID: "${artifactId}"}) { artifact { id } } }`)],
    ['GraphQL use artifact', gql(`mutation { useArtifact(input: {artifactID: "${artifactId}", entityName: "bob", projectName: "p", runName: "mine"}) { artifact { id } } }`)],
  ];
}

eachStore("a second user can neither read nor change anything of the first user's, over every route", async (t) => {
  const seeded = await seed(t);
  const before = await t.snapshot();
  const leaks: string[] = [];
  for (const [label, request] of attempts(seeded)) {
    const response = await t.send({ ...request, key: OTHER_KEY });
    const body = response.body;
    const refused = response.statusCode === 403 || response.statusCode === 404 || (response.statusCode === 200 && label.startsWith('GraphQL') && !/"data":\{"[^"]+":\{/.test(body));
    if (!refused) leaks.push(`${label}: ${response.statusCode} ${body.slice(0, 200)}`);
    for (const secret of SECRETS) if (body.includes(secret)) leaks.push(`${label}: the answer names ${secret}`);
  }
  assert.deepEqual(leaks, []);
  assert.equal(await t.snapshot(), before, "nothing of admin's changed");
}, { timeout: 120_000 });
