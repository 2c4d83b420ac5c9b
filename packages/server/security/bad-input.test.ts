// The bad-input battery: over every route (GraphQL, file_stream, run file uploads and downloads,
// artifacts, the native API, its SSE stream), requests that are malformed, oversized, deeply nested,
// path tricks, wrong types and 64-bit edges. Each must get its 4xx and a message naming the
// problem, leave the server answering, and change nothing stored.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { InjectOptions } from 'fastify';
import { eachStore, withPostgres, type Target } from '../testing/security-target.ts';

withPostgres();

interface Case {
  label: string;
  request: InjectOptions & { key?: string | null };
  status: number;
  message: RegExp;
}

const gql = (query: string, variables: unknown = {}): InjectOptions => ({ method: 'POST', url: '/graphql', payload: { query, variables } as object });
const stream = (payload: unknown, run = 'r'): InjectOptions => ({ method: 'POST', url: `/files/admin/p/${run}/file_stream`, payload: payload as object });
const history = (offset: unknown, content: unknown) => stream({ files: { 'wandb-history.jsonl': { offset, content } } });
const deepJson = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);

/**
 * Names that are path tricks, reserved characters, or too long, as they appear in a URL. A bare `..`
 * or `%2e%2e` segment is resolved by every HTTP client before it is sent (and by the test's), so those
 * are sent as GraphQL names below; names.test.ts checks the rule itself.
 */
const BAD_NAMES: Array<[string, RegExp]> = [
  ['..%2F..%2Fetc', /contains "\/"/], ['%2Fetc', /contains "\/"/], ['..%5C..%5Cetc', /contains "\\\\"/], ['..%2f', /contains "\/"/],
  ['a%5Cb', /contains "\\\\"/], ['a%00b', /control character/], ['a%3Ab', /contains ":"/], ['a%23b', /contains "#"/], ['a%3Fb', /contains "\?"/],
  ['a%25b', /contains "%"/], ['x'.repeat(129), /longer than 128/],
];
/** Routes with a project name in the path, and what to send. */
const PROJECT_ROUTES: Array<(name: string) => InjectOptions & { url: string }> = [
  (p) => ({ method: 'GET', url: `/api/v1/runs/admin/${p}` }),
  (p) => ({ method: 'GET', url: `/api/v1/runs/admin/${p}/r/files` }),
  (p) => ({ method: 'GET', url: `/api/v1/histories/admin/${p}?runs=r` }),
  (p) => ({ method: 'GET', url: `/api/v1/live/admin/${p}` }),
  (p) => ({ method: 'GET', url: `/api/v1/artifacts/admin/${p}` }),
  (p) => ({ method: 'GET', url: `/api/v1/sweeps/admin/${p}/s` }),
  (p) => ({ method: 'GET', url: `/storage/admin/${p}/r/f.txt` }),
  (p) => ({ method: 'POST', url: `/files/admin/${p}/r/file_stream`, payload: { files: {} } }),
];
/** Routes with a run id in the path. */
const RUN_ROUTES: Array<(name: string) => InjectOptions & { url: string }> = [
  (r) => ({ method: 'GET', url: `/api/v1/runs/admin/p/${r}/history` }),
  (r) => ({ method: 'GET', url: `/api/v1/runs/admin/p/${r}/console` }),
  (r) => ({ method: 'PUT', url: `/storage/admin/p/${r}/f.txt`, payload: 'x' }),
];
/** Run file names that would leave the run's folder. */
const BAD_FILES: Array<[string, RegExp]> = [
  ['..%2F..%2Fx', /has an empty, '\.' or '\.\.' segment/], ['a%2F..%2F..%2F..%2Fx', /has an empty, '\.' or '\.\.' segment/], ['a%5C..%5Cx', /contains a backslash/],
  ['a%00b', /contains a NUL character/], ['a//b', /has an empty, '\.' or '\.\.' segment/], ['%2Fetc%2Fpasswd', /is absolute/],
];

const CASES: Case[] = [
  // Path tricks in names, on every route that takes one.
  ...BAD_NAMES.flatMap(([name, message]) => PROJECT_ROUTES.map((route) => ({ label: `project ${name.slice(0, 20)} ${route(name).url.split('?')[0].replace(name, 'P')}`, request: route(name), status: 400, message: new RegExp(`^project name .*${message.source}`) }))),
  ...BAD_NAMES.slice(0, 7).flatMap(([name, message]) => RUN_ROUTES.map((route) => ({ label: `run ${name} ${route(name).method} ${route(name).url.replace(name, 'R')}`, request: route(name), status: 400, message: new RegExp(`^run name .*${message.source}`) }))),
  ...BAD_FILES.flatMap(([name, message]) => (['GET', 'PUT'] as const).map((method) => ({ label: `file ${name} ${method}`, request: { method, url: `/storage/admin/p/r/${name}`, payload: method === 'PUT' ? 'x' : undefined }, status: 400, message }))),
  { label: 'artifact download for entity ..', request: { method: 'GET', url: `/artifacts/..%2F..%2Fetc/${'a'.repeat(32)}` }, status: 400, message: /entity name .* contains "\/"/ },
  { label: 'artifact download of a non-MD5', request: { method: 'GET', url: '/artifacts/admin/..%2Fpasswd' }, status: 404, message: /names no hex MD5/ },
  { label: 'GraphQL upsert into project ../..', request: gql('mutation($p: String) { upsertBucket(input: {name: "r2", modelName: $p}) { bucket { id } } }', { p: '../../etc' }), status: 400, message: /project name "\.\.\/\.\.\/etc" contains "\/"/ },
  ...['..', '.', ' ..', '．．/x'].map((p) => ({ label: `GraphQL upsert into project ${p}`, request: gql('mutation($p: String) { upsertBucket(input: {name: "r2", modelName: $p}) { bucket { id } } }', { p }), status: 400, message: /^project name ".*" (is|starts|contains)/ })),
  ...['..', '.', 'a\\b', 'a\u0000b'].map((r) => ({ label: `GraphQL upsert of run ${JSON.stringify(r)}`, request: gql('mutation($r: String) { upsertBucket(input: {name: $r, modelName: "p"}) { bucket { id } } }', { r }), status: 400, message: /^run name ".*" (is|contains)/ })),
  { label: 'GraphQL upsert of run a/b', request: gql('mutation { upsertBucket(input: {name: "a/b", modelName: "p"}) { bucket { id } } }'), status: 400, message: /run name "a\/b" contains "\/"/ },
  { label: 'GraphQL createRunFiles ../x', request: gql('mutation { createRunFiles(input: {entityName: "admin", projectName: "p", runName: "r", files: ["../x"]}) { files { uploadUrl } } }'), status: 400, message: /file name "\.\.\/x" has an empty/ },
  { label: 'GraphQL sweep in project a:b', request: gql('mutation($c: String) { upsertSweep(input: {config: $c, projectName: "a:b"}) { sweep { name } } }', { c: 'method: grid\nparameters: {x: {values: [1]}}\n' }), status: 400, message: /project name "a:b" contains ":"/ },
  // GraphQL: malformed, oversized, nested, invalid, wrong types.
  { label: 'GraphQL not JSON', request: { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": ' }, status: 400, message: /JSON/ },
  { label: 'GraphQL body an array', request: { method: 'POST', url: '/graphql', payload: [1] as unknown as object }, status: 400, message: /expected a JSON body/ },
  { label: 'GraphQL query a number', request: { method: 'POST', url: '/graphql', payload: { query: 5 } }, status: 400, message: /expected a JSON body/ },
  { label: 'GraphQL syntax error', request: gql('query { viewer { '), status: 400, message: /malformed GraphQL: Syntax Error/ },
  { label: 'GraphQL self-referencing fragment', request: gql('query { viewer { ...A } } fragment A on User { id ...A }'), status: 400, message: /Cannot spread fragment "A" within itself/ },
  { label: 'GraphQL fragment doubling 2^40', request: gql(`query { viewer { ...F0 } } ${Array.from({ length: 40 }, (_, i) => `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F40 on User { id }`), status: 400, message: /fields 1099511627777, at most 10000/ },
  { label: 'GraphQL 40 levels deep', request: gql(`query { ${'a { '.repeat(39)}b${' }'.repeat(39)} }`), status: 400, message: /depth 40, at most 32/ },
  { label: 'GraphQL 100,000 brackets', request: gql(`query { a(x: ${deepJson(100_000)}) }`), status: 400, message: /nested too deeply: 100002 brackets/ },
  { label: 'GraphQL 300 aliases', request: gql(`query { ${Array.from({ length: 300 }, (_, i) => `v${i}: viewer { id }`).join(' ')} }`), status: 400, message: /aliases 300, at most 200/ },
  { label: 'GraphQL 300 KB document', request: gql(`query { viewer { id } } #${'x'.repeat(300_000)}`), status: 400, message: /too large: 300\d+ bytes/ },
  { label: 'GraphQL 60,000 tokens', request: gql(`query { viewer { ${'id '.repeat(60_000)} } }`), status: 400, message: /more that 50000 tokens/ },
  { label: 'GraphQL unknown fragment', request: gql('query { viewer { ...Nope } }'), status: 400, message: /Unknown fragment "Nope"/ },
  { label: 'GraphQL undefined variable', request: gql('query { viewer(x: $y) { id } }'), status: 400, message: /Variable "\$y" is not defined/ },
  { label: 'GraphQL two anonymous operations', request: gql('query { viewer { id } } query { viewer { id } }'), status: 400, message: /must be the only defined operation/ },
  { label: 'GraphQL subscription', request: gql('subscription { runs { id } }'), status: 400, message: /subscriptions are not supported/ },
  { label: 'GraphQL unknown mutation', request: gql('mutation { frobnicateRun(input: {}) { ok } }'), status: 400, message: /mutation frobnicateRun is not implemented/ },
  { label: 'GraphQL config a number', request: gql('mutation($c: JSONString) { upsertBucket(input: {name: "r", modelName: "p", config: $c}) { bucket { id } } }', { c: 5 }), status: 400, message: /config must be a JSON object/ },
  { label: 'GraphQL config not JSON', request: gql('mutation($c: JSONString) { upsertBucket(input: {name: "r", modelName: "p", config: $c}) { bucket { id } } }', { c: '{nope' }), status: 400, message: /config must be a JSON object \(a JSON string\)/ },
  { label: 'GraphQL config nested 1000 deep', request: gql('mutation($c: JSONString) { upsertBucket(input: {name: "r", modelName: "p", config: $c}) { bucket { id } } }', { c: `{"a": ${deepJson(1000)}}` }), status: 400, message: /config nests objects and arrays more than 100 levels/ },
  { label: 'GraphQL variables nested 1000 deep', request: gql('query($v: JSON) { viewer { id } }', JSON.parse(`{"v": ${deepJson(1000)}}`)), status: 400, message: /the JSON body nests/ },
  { label: 'GraphQL summary an array', request: gql('mutation($s: JSONString) { upsertBucket(input: {name: "r", modelName: "p", summaryMetrics: $s}) { bucket { id } } }', { s: '[1]' }), status: 400, message: /summaryMetrics must be a JSON object/ },
  { label: 'GraphQL run name a number', request: gql('mutation { upsertBucket(input: {name: 5, modelName: "p"}) { bucket { id } } }'), status: 400, message: /String cannot represent a non string value: 5 \(at 1:39\)/ },
  { label: 'GraphQL invalid cursor', request: gql('query { project(name: "p", entityName: "admin") { runs(after: "bm9wZQ==") { edges { node { id } } } } }'), status: 400, message: /invalid cursor/ },
  { label: 'GraphQL filters not JSON', request: gql('query { project(name: "p", entityName: "admin") { runs(filters: "{") { edges { node { id } } } } }'), status: 400, message: /filters must be a JSON object/ },
  { label: 'GraphQL sweep config invalid', request: gql('mutation($c: String) { upsertSweep(input: {config: $c, projectName: "p"}) { sweep { name } } }', { c: 'method: nope\n' }), status: 400, message: /invalid sweep config/ },
  { label: 'GraphQL sweep config YAML nested 10,000 deep', request: gql('mutation($c: String) { upsertSweep(input: {config: $c, projectName: "p"}) { sweep { name } } }', { c: `method: grid\nparameters: ${deepJson(10_000)}\n` }), status: 400, message: /invalid sweep config/ },
  { label: 'GraphQL agent for no sweep', request: gql('mutation { createAgent(input: {host: "h", projectName: "p", sweep: "nope"}) { agent { id } } }'), status: 400, message: /sweep admin\/p\/nope does not exist/ },
  { label: 'GraphQL heartbeat of no agent', request: gql('mutation { agentHeartbeat(input: {id: "nope", runState: "{}"}) { commands } }'), status: 400, message: /no agent nope/ },
  { label: 'GraphQL another entity', request: gql('mutation { upsertBucket(input: {name: "r", modelName: "p", entityName: "bob"}) { bucket { id } } }'), status: 403, message: /cannot use entity bob/ },
  // 64-bit edges.
  { label: 'file_stream offset 2^63', request: history(9223372036854775807, ['{"_step": 2}']), status: 400, message: /must be \{"offset": <integer from 0 to 9007199254740991>/ },
  { label: 'file_stream offset 2^53', request: history(2 ** 53, ['{"_step": 2}']), status: 400, message: /must be \{"offset"/ },
  { label: 'file_stream _step 2^63', request: history(2, ['{"_step": 9223372036854775807}']), status: 400, message: /has _step 9223372036854776000; it must be an integer/ },
  { label: 'file_stream exitcode 2^63', request: stream({ complete: true, exitcode: 9223372036854775807 }), status: 400, message: /exitcode must be an integer from -2147483648 to 2147483647/ },
  { label: 'file_stream exitcode "1"', request: stream({ complete: true, exitcode: '1' }), status: 400, message: /exitcode must be an integer/ },
  { label: 'native limit 2^53+2', request: { method: 'GET', url: '/api/v1/runs/admin/p?limit=9007199254740994' }, status: 400, message: /query\.limit: expected an integer from 1 to 10000/ },
  { label: 'native console from 1e20', request: { method: 'GET', url: '/api/v1/runs/admin/p/r/console?from=1e20' }, status: 400, message: /query\.from: expected an integer from 0 to 9007199254740991/ },
  { label: 'native cursor 2^64', request: { method: 'GET', url: '/api/v1/runs/admin/p?cursor=18446744073709551616' }, status: 400, message: /invalid cursor: pass back a cursor this server returned/ },
  // file_stream: malformed, oversized, nested.
  { label: 'file_stream body an array', request: stream([1]), status: 400, message: /file_stream body must be a JSON object/ },
  { label: 'file_stream files an array', request: stream({ files: [] }), status: 400, message: /files must be an object/ },
  { label: 'file_stream offset a string', request: history('0', ['{}']), status: 400, message: /must be \{"offset"/ },
  { label: 'file_stream content a string', request: history(2, '{"_step": 2}'), status: 400, message: /must be \{"offset"/ },
  { label: 'file_stream content numbers', request: history(2, [1, 2]), status: 400, message: /must be \{"offset"/ },
  { label: 'file_stream line not JSON', request: history(2, ['{nope']), status: 400, message: /each line must be a JSON object, got "\{nope"/ },
  { label: 'file_stream line an array', request: history(2, ['[1]']), status: 400, message: /each line must be a JSON object/ },
  { label: 'file_stream line nested 200 deep', request: history(2, [`{"a": ${deepJson(200)}}`]), status: 400, message: /a line nests objects and arrays more than 100 levels/ },
  // A "__proto__" key, however its letters are escaped, would set a prototype wherever the object is copied.
  ...['"__proto__"', '"\\u005f_proto__"', '"__pr\\u006Fto__"'].map((key) => ({ label: `file_stream body with a ${key} key`, request: { ...stream({}), headers: { 'content-type': 'application/json' }, payload: `{"files": {"wandb-history.jsonl": {"offset": 2, "content": [], ${key}: {"x": 1}}}}` }, status: 400, message: /^Body is not valid JSON/ })),
  { label: 'GraphQL variables with a __proto__ key in an array', request: { method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": "{ viewer { id } }", "variables": {"v": [1, {"__proto__": {"admin": true}}]}}' }, status: 400, message: /^Body is not valid JSON/ },
  { label: 'file_stream summary not JSON', request: stream({ files: { 'wandb-summary.json': { offset: 0, content: ['nope'] } } }), status: 400, message: /wandb-summary\.json: each line must be a JSON object/ },
  { label: 'file_stream _step a string', request: history(2, ['{"_step": "2"}']), status: 400, message: /has _step "2"/ },
  { label: 'file_stream gap', request: history(50, ['{"_step": 50}']), status: 400, message: /offset 50 is past the lines stored/ },
  { label: 'file_stream of no run', request: stream({ files: {} }, 'ghost'), status: 400, message: /run admin\/p\/ghost does not exist/ },
  { label: 'file_stream gzip that is not', request: { ...stream({}), headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' }, payload: 'not gzip' }, status: 400, message: /./ },
  { label: 'file_stream over the 8 MB body limit once gunzipped', request: { ...stream({}), headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' }, payload: gzipSync(JSON.stringify({ files: { 'output.log': { offset: 1, content: ['x'.repeat(9 * 1024 * 1024)] } } })) }, status: 413, message: /too large/i },
  // Run file uploads and downloads.
  { label: 'upload d/x where d is a file', request: { method: 'PUT', url: '/storage/admin/p/r/d/x', payload: 'x' }, status: 400, message: /run file d\/x cannot be stored: a part of its path is already a run file/ },
  { label: 'upload with a non-ASCII sig', request: { method: 'PUT', url: `/storage/admin/p/r/f.txt?sig=${encodeURIComponent('é'.repeat(64))}`, key: null, payload: 'x' }, status: 403, message: /signature \(sig\) of this URL is not valid/ },
  { label: 'download with a short sig', request: { method: 'GET', url: '/storage/admin/p/r/d?sig=abc', key: null }, status: 403, message: /signature \(sig\) of this URL is not valid/ },
  { label: 'download without a key', request: { method: 'GET', url: '/storage/admin/p/r/d', key: null }, status: 401, message: /invalid or missing API key/ },
  { label: "download of another user's file", request: { method: 'GET', url: '/storage/bob/p/r/d' }, status: 403, message: /cannot use entity bob/ },
  { label: 'download of a missing file', request: { method: 'GET', url: '/storage/admin/p/r/missing.txt' }, status: 404, message: /no file missing\.txt/ },
  // Artifacts.
  { label: 'artifact upload with a non-ASCII sig', request: { method: 'PUT', url: `/artifact-uploads/1/${'a'.repeat(32)}?exp=9999999999&sig=${encodeURIComponent('é'.repeat(64))}`, key: null, payload: 'x' }, status: 403, message: /not valid or has expired/ },
  { label: 'artifact upload with an expired sig', request: { method: 'PUT', url: `/artifact-uploads/1/${'a'.repeat(32)}?exp=1&sig=${'0'.repeat(64)}`, key: null, payload: 'x' }, status: 403, message: /not valid or has expired/ },
  { label: 'artifact download with a bad sig', request: { method: 'GET', url: `/artifactsV2/default/admin/QXJ0aWZhY3Q6MQ==/${'a'.repeat(32)}?exp=9999999999&sig=zz`, key: null }, status: 401, message: /signature \(sig, exp\) is not valid/ },
  { label: "artifact download of another user's", request: { method: 'GET', url: `/artifacts/bob/${'a'.repeat(32)}` }, status: 403, message: /cannot read entity bob/ },
  { label: 'GraphQL artifact metadata nested 1000 deep', request: gql('mutation($m: JSONString) { updateArtifact(input: {artifactID: "QXJ0aWZhY3Q6MQ==", metadata: $m}) { artifact { id } } }', { m: `{"a": ${deepJson(1000)}}` }), status: 403, message: /no artifact QXJ0aWZhY3Q6MQ== for user admin/ },
  // Native API parameters.
  { label: 'native limit abc', request: { method: 'GET', url: '/api/v1/runs/admin/p?limit=abc' }, status: 400, message: /query\.limit: expected an integer/ },
  { label: 'native limit 0', request: { method: 'GET', url: '/api/v1/runs/admin/p?limit=0' }, status: 400, message: /query\.limit: expected an integer from 1/ },
  { label: 'native points 3', request: { method: 'GET', url: '/api/v1/runs/admin/p/r/history?points=3' }, status: 400, message: /query\.points: expected an integer from 4/ },
  { label: 'native cursor -1', request: { method: 'GET', url: '/api/v1/runs/admin/p?cursor=-1' }, status: 400, message: /invalid cursor: pass back a cursor this server returned/ },
  { label: 'native filter not JSON', request: { method: 'GET', url: '/api/v1/runs/admin/p?filter=%7B' }, status: 400, message: /filters must be a JSON object/ },
  { label: 'native filter nested 5000 deep', request: { method: 'GET', url: `/api/v1/runs/admin/p?filter=${encodeURIComponent(`{"$and": ${deepJson(5000)}}`)}` }, status: 400, message: /filters nests/ },
  { label: 'native histories without runs', request: { method: 'GET', url: '/api/v1/histories/admin/p' }, status: 400, message: /runs: give 1 to 100 run ids/ },
  { label: 'native histories of 101 runs', request: { method: 'GET', url: `/api/v1/histories/admin/p?runs=${Array.from({ length: 101 }, (_, i) => `r${i}`).join(',')}` }, status: 400, message: /runs: give 1 to 100 run ids/ },
  { label: 'native console from -1', request: { method: 'GET', url: '/api/v1/runs/admin/p/r/console?from=-1' }, status: 400, message: /query\.from: expected an integer/ },
  { label: "native another user's runs", request: { method: 'GET', url: '/api/v1/runs/bob/p' }, status: 403, message: /cannot use entity bob/ },
  { label: 'native no key', request: { method: 'GET', url: '/api/v1/runs/admin/p', key: null }, status: 401, message: /invalid or missing API key/ },
  { label: 'native sweep state bogus', request: { method: 'POST', url: '/api/v1/sweeps/admin/p/s/state', payload: { state: 'BOGUS' } }, status: 400, message: /^body\.state: expected one of RUNNING\|PAUSED/ },
  { label: 'native sweep state body nested', request: { method: 'POST', url: '/api/v1/sweeps/admin/p/s/state', headers: { 'content-type': 'application/json' }, payload: `{"state": ${deepJson(1000)}}` }, status: 400, message: /the JSON body nests/ },
  { label: 'SSE of another user', request: { method: 'GET', url: '/api/v1/live/bob/p' }, status: 403, message: /cannot use entity bob/ },
  { label: 'SSE without a key', request: { method: 'GET', url: '/api/v1/live/admin/p', key: null }, status: 401, message: /invalid or missing API key/ },
];

async function seed(t: Target): Promise<void> {
  await t.gql('mutation { upsertBucket(input: {name: "r", modelName: "p"}) { bucket { id } } }');
  const streamed = await t.send(history(0, ['{"_step": 0, "loss": 1}', '{"_step": 1, "loss": 0.5}']));
  assert.equal(streamed.statusCode, 200);
  assert.equal((await t.send({ method: 'PUT', url: '/storage/admin/p/r/d', payload: 'file' })).statusCode, 200);
}

eachStore(`${CASES.length} bad requests over every route: each its 4xx and message, the server still answers, nothing changed`, async (t) => {
  assert.ok(CASES.length >= 100, `${CASES.length} cases`);
  await seed(t);
  const before = await t.snapshot();
  const failures: string[] = [];
  for (const { label, request, status, message } of CASES) {
    const response = await t.send(request);
    const text = response.statusCode >= 400 ? String((response.json() as { errors?: Array<{ message: string }> }).errors?.[0]?.message) : response.body.slice(0, 100);
    if (response.statusCode !== status || !message.test(text)) failures.push(`${label}: ${response.statusCode} ${text.slice(0, 200)}`);
    if ((await t.send({ method: 'GET', url: '/healthz' })).statusCode !== 200) failures.push(`${label}: the server stopped answering`);
  }
  assert.deepEqual(failures, []);
  assert.equal(await t.snapshot(), before, 'no rejected request changed anything');
}, { timeout: 300_000 });
