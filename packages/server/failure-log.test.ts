// Every 4xx/5xx answer is logged with its operation and reason; a signature in the URL is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authHeader } from './testing/server-process.ts';
import { testApp } from './testing/test-app.ts';

test('failed requests are logged one line each with status, path, GraphQL operation and reason', async () => {
  const lines: string[] = [];
  const { app } = await testApp({ log: (line) => lines.push(line) });
  const gql = (query: string) => app.inject({ method: 'POST', url: '/graphql', headers: { authorization: authHeader() }, payload: { query } });
  assert.equal((await gql('query Viewer { viewer { id } }')).statusCode, 200);
  assert.equal((await gql('mutation CreateTeam { createTeam(input: {teamName: "t"}) { entity { id } } }')).statusCode, 400);
  assert.equal((await gql('mutation CreateRunFiles { createRunFiles(input: {entityName: "admin", projectName: "p", runName: "r", files: []}) { runID } }')).statusCode, 400);
  assert.equal((await app.inject({ method: 'GET', url: '/storage/admin/p/r/x.txt?sig=secret' })).statusCode, 403);
  assert.equal(lines.length, 3, lines.join('\n'));
  assert.match(lines[0], /^\S+Z 400 POST \/graphql CreateTeam: mutation createTeam is not implemented by this server$/);
  assert.match(lines[1], / 400 POST \/graphql CreateRunFiles: run admin\/p\/r does not exist$/);
  assert.match(lines[2], / 403 GET \/storage\/admin\/p\/r\/x\.txt: the signature \(sig\) of this URL is not valid/);
  assert.ok(!lines[2].includes('secret'), 'the query string (a signature) is left out');
});

test("the wandb client's own telemetry (/sdk/otel) is refused with its reason each time and logged once", async () => {
  const lines: string[] = [];
  const { app } = await testApp({ log: (line) => lines.push(line) });
  for (let i = 0; i < 3; i++) {
    const answer = await app.inject({ method: 'POST', url: '/sdk/otel/v1/metrics', payload: Buffer.from([1, 2, 3]), headers: { 'content-type': 'application/x-protobuf' } });
    assert.equal(answer.statusCode, 404);
    assert.match(answer.json().errors[0].message, /does not collect the wandb client's own telemetry/);
  }
  assert.equal(lines.length, 1, lines.join('\n'));
  assert.match(lines[0], / 404 POST \/sdk\/otel\/v1\/metrics: Sextant does not collect/);
});
