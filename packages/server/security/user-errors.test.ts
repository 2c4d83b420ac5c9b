// Mistakes in a request are 4xx answers that name them, never a 500, and change nothing.
import assert from 'node:assert/strict';
import { eachStore, withPostgres, type Target } from '../testing/security-target.ts';

withPostgres();

const UPSERT = 'mutation($n: String, $p: String, $c: JSONString) { upsertBucket(input: {name: $n, modelName: $p, config: $c}) { bucket { id } } }';
const deep = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

async function refused(t: Target, response: Promise<{ statusCode: number; json(): any }>, status: number, message: RegExp): Promise<void> {
  const answer = await response;
  assert.equal(answer.statusCode, status);
  assert.match(answer.json().errors[0].message, message);
  assert.equal((await t.send({ method: 'GET', url: '/healthz' })).statusCode, 200);
}

eachStore('a non-hex, non-ASCII or wrong-length sig on /storage and /artifacts is a 403 or 401, not a 500', async (t) => {
  await t.gql(UPSERT, { n: 'r', p: 'p' });
  const before = await t.snapshot();
  for (const sig of ['é'.repeat(64), 'é'.repeat(32), 'ab', '0'.repeat(63), 'g'.repeat(64), `${'0'.repeat(64)}00`]) {
    const query = `sig=${encodeURIComponent(sig)}`;
    await refused(t, t.send({ method: 'PUT', url: `/storage/admin/p/r/f.txt?${query}`, key: null, payload: 'x' }), 403, /signature \(sig\) of this URL is not valid/);
    await refused(t, t.send({ method: 'GET', url: `/storage/admin/p/r/f.txt?${query}`, key: null }), 403, /signature \(sig\) of this URL is not valid/);
    await refused(t, t.send({ method: 'GET', url: `/artifactsV2/default/admin/QXJ0aWZhY3Q6MQ==/${'a'.repeat(32)}?exp=9999999999&${query}`, key: null }), 401, /signature \(sig, exp\) is not valid/);
    await refused(t, t.send({ method: 'PUT', url: `/artifact-uploads/1/${'a'.repeat(32)}?exp=9999999999&${query}`, key: null, payload: 'x' }), 403, /not valid or has expired/);
  }
  assert.equal(await t.snapshot(), before);
});

eachStore('uploading d/x when d is a run file, or d when d/ holds files, is a 400 naming the clash', async (t) => {
  await t.gql(UPSERT, { n: 'r', p: 'p' });
  assert.equal((await t.send({ method: 'PUT', url: '/storage/admin/p/r/d', payload: 'file' })).statusCode, 200);
  assert.equal((await t.send({ method: 'PUT', url: '/storage/admin/p/r/e/x', payload: 'file' })).statusCode, 200);
  const before = await t.snapshot();
  await refused(t, t.send({ method: 'PUT', url: '/storage/admin/p/r/d/x', payload: 'x' }), 400, /run file d\/x cannot be stored: a part of its path is already a run file/);
  await refused(t, t.send({ method: 'PUT', url: '/storage/admin/p/r/d/x/y', payload: 'x' }), 400, /run file d\/x\/y cannot be stored/);
  await refused(t, t.send({ method: 'PUT', url: '/storage/admin/p/r/e', payload: 'x' }), 400, /run file e cannot be stored: the run already has files under e\//);
  assert.equal(await t.snapshot(), before);
});

eachStore('a config nested 1,000,000 deep, as a JSON value or as a JSON string, is a 400 naming where', async (t) => {
  const before = await t.snapshot();
  const query = UPSERT.replace(/\n/g, ' ');
  await refused(t, t.send({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: `{"query": ${JSON.stringify(query)}, "variables": {"n": "r", "p": "p", "c": ${deep(1_000_000)}}}` }),
    400, /the JSON body nests objects and arrays more than 100 levels deep/);
  await refused(t, t.send({ method: 'POST', url: '/graphql', payload: { query, variables: { n: 'r', p: 'p', c: deep(1_000_000) } } }), 400, /config nests objects and arrays more than 100 levels deep/);
  await refused(t, t.send({ method: 'POST', url: '/graphql', payload: { query, variables: { n: 'r', p: 'p', c: deep(101) } } }), 400, /config nests/);
  assert.equal(await t.snapshot(), before);
  assert.equal((await t.gql(UPSERT, { n: 'r', p: 'p', c: deep(99) })).status, 200, '100 levels are fine');
  await refused(t, t.send({ method: 'POST', url: '/files/admin/p/r/file_stream', payload: { files: { 'wandb-history.jsonl': { offset: 0, content: [deep(5000)] } } } }),
    400, /files\.wandb-history\.jsonl: a line nests objects and arrays more than 100 levels deep/);
  await refused(t, t.send({ method: 'GET', url: `/api/v1/runs/admin/p?filter=${encodeURIComponent(deep(5000))}` }), 400, /filters nests objects and arrays more than 100 levels deep/);
});
