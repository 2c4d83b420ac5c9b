// Property-based fuzzing of the GraphQL and file_stream handlers, a few seconds each: whatever is
// sent, the answer is never a 500, the server keeps answering, and file_stream lines it
// acknowledged are read back as sent.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { eachStore, withPostgres } from '../testing/security-target.ts';

withPostgres();

/** A few seconds per property; the number of runs is whatever fits. */
const BUDGET = { numRuns: 100_000, interruptAfterTimeLimit: 3000, markInterruptAsFailure: false };

const json = fc.jsonValue({ maxDepth: 4 });
/** GraphQL-ish text: real tokens in random order, so the parser and validator get past the first character. */
const TOKENS = ['query', 'mutation', 'fragment', 'on', 'User', '{', '}', '(', ')', '[', ']', ':', '$x', '...', 'A', 'viewer', 'id', 'project', 'name:', '"p"',
  'runs', 'first:', '1000000', 'edges', 'node', 'upsertBucket', 'input:', '@include(if: true)', 'a:', 'b:', '#', '"\\u0000"', '__type', 'subscription'];
const graphqlText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((tokens) => tokens.join(' '));
const operations = [
  'query { viewer { id entity } }',
  'mutation($i: UpsertBucketInput) { upsertBucket(input: $i) { bucket { id name config } } }',
  'query($p: String, $f: JSONString, $n: Int, $a: String) { project(name: $p, entityName: "admin") { runs(filters: $f, first: $n, after: $a) { edges { node { name historyKeys sampledHistory(specs: ["{}"]) } } } } }',
  'mutation($c: String, $p: String) { upsertSweep(input: {config: $c, projectName: $p}) { sweep { name } } }',
  'mutation($i: AgentHeartbeatInput) { agentHeartbeat(input: $i) { commands } }',
];

eachStore('GraphQL: random documents and random variables to real operations never get a 500', async (t) => {
  let sent = 0;
  await fc.assert(fc.asyncProperty(fc.oneof(
    graphqlText.map((query) => ({ query })),
    fc.record({ query: fc.constantFrom(...operations), variables: fc.dictionary(fc.constantFrom('i', 'p', 'f', 'n', 'a', 'c'), json) }),
    fc.record({ query: fc.constantFrom(...operations), variables: fc.record({ i: fc.record({ name: fc.string(), modelName: fc.string(), config: json, id: fc.string(), runState: fc.string() }, { requiredKeys: [] }) }) }),
    json.map((body) => body as object),
  ), async (body) => {
    sent++;
    const response = await t.send({ method: 'POST', url: '/graphql', payload: body ?? 'null', headers: { 'content-type': 'application/json' } });
    assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body.slice(0, 300)} for ${JSON.stringify(body).slice(0, 300)}`);
  }), BUDGET);
  assert.ok(sent > 50, `only ${sent} requests in the time`);
  assert.equal((await t.send({ method: 'GET', url: '/healthz' })).statusCode, 200);
}, { timeout: 60_000 });

eachStore('file_stream: random batches never get a 500, and what is acknowledged is read back', async (t) => {
  await t.gql('mutation { upsertBucket(input: {name: "r", modelName: "p"}) { bucket { id } } }');
  const key = { entity: 'admin', project: 'p', name: 'r' };
  const row = fc.oneof(json.map((v) => JSON.stringify(v)), fc.record({ _step: fc.oneof(fc.nat(), fc.double(), fc.string(), fc.constant(null)), loss: fc.double() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)), fc.string());
  const chunk = fc.record({ offset: fc.oneof(fc.nat({ max: 20 }), fc.integer(), fc.double(), fc.string()), content: fc.oneof(fc.array(row, { maxLength: 5 }), json) }, { requiredKeys: [] });
  const files = fc.dictionary(fc.constantFrom('wandb-history.jsonl', 'wandb-events.jsonl', 'output.log', 'wandb-summary.json', 'other.txt'), fc.oneof(chunk, json), { maxKeys: 3 });
  let acknowledged = 0;
  await fc.assert(fc.asyncProperty(fc.oneof(fc.record({ files, complete: fc.boolean(), exitcode: fc.oneof(fc.integer(), json) }, { requiredKeys: [] }), json), async (body) => {
    const response = await t.send({ method: 'POST', url: '/files/admin/p/r/file_stream', payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    assert.ok(response.statusCode < 500, `${response.statusCode} ${response.body.slice(0, 300)} for ${JSON.stringify(body).slice(0, 300)}`);
    if (response.statusCode !== 200) return;
    acknowledged++;
    const history = (body as { files?: Record<string, { offset: number; content: string[] }> }).files?.['wandb-history.jsonl'];
    if (history && history.content.length > 0) assert.deepEqual(await t.store.readLines(key, 'history', history.offset, history.content.length), history.content);
  }), BUDGET);
  assert.ok(acknowledged > 0, 'some random batches were valid');
  assert.equal((await t.send({ method: 'GET', url: '/healthz' })).statusCode, 200);
}, { timeout: 60_000 });
