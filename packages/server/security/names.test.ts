// Names that reach the disk: entity, project and run names are checked at the edge (the client's
// own rules), and every storage path is resolved under the data folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkName, nameProblem } from '../files/names.ts';
import { pathUnder } from '../files/paths.ts';
import { eachStore, OTHER_KEY, withPostgres } from '../testing/security-target.ts';

withPostgres();

const UPSERT = 'mutation($n: String, $p: String) { upsertBucket(input: {name: $n, modelName: $p}) { bucket { id } } }';

test('names the wandb clients send are accepted; path tricks and reserved characters are not', () => {
  for (const name of ['uncategorized', 'my project (v2)', 'mnist-cnn_3', 'ünïcödé', 'a'.repeat(128), 'run.1', '..hidden']) assert.equal(checkName('project', name), name);
  for (const id of ['3f9a2kq1', 'run-1_b', 'exp.1']) assert.equal(checkName('run', id), id);
  const problems: Array<[Parameters<typeof nameProblem>[0], unknown, RegExp]> = [
    ['project', '..', /is "\.\."/], ['project', '.', /is "\."/], ['project', '../../etc', /contains "\/"/], ['project', 'a\\b', /contains "\\\\"/],
    ['project', 'a%2Fb', /contains "%"/], ['project', 'a:b', /contains ":"/], ['project', 'a#b?c', /contains "#", "\?"/], ['project', 'a\0b', /control character/],
    ['project', '', /is empty/], ['project', 'a'.repeat(129), /longer than 128/], ['run', 'a;b', /contains ";"/], ['run', ' a', /whitespace/],
    ['run', "it's", /contains "'"/], ['entity', 'adm/in', /contains "\/"/], ['artifact', 'a/b', /contains "\/"/], ['sweep', 42, /must be a string, not number/],
  ];
  for (const [kind, name, problem] of problems) assert.match(nameProblem(kind, name) ?? '', problem, `${kind} ${String(name)}`);
  assert.throws(() => checkName('project', '../x'), /project name "\.\.\/x" contains "\/"/);
});

test('pathUnder keeps every path inside its root', () => {
  const root = join('/srv', 'data');
  assert.equal(pathUnder(root, 'admin', 'p', 'r', 'a.txt'), join(root, 'admin', 'p', 'r', 'a.txt'));
  assert.equal(pathUnder(root, '..hidden'), join(root, '..hidden'));
  for (const parts of [['..'], ['admin', '..', '..', 'etc'], ['/etc/passwd'], ['a', '../../b'], [''], ['a\0b'], ['.']]) {
    assert.throws(() => pathUnder(root, ...parts), /leaves the server's data folder|NUL/, parts.join(','));
  }
});

eachStore('an encoded ../ in a project lists no system folder and reads no file outside the data dir', async (t) => {
  const before = await t.snapshot();
  for (const url of ['/api/v1/runs/admin/..%2F..%2Fetc/ssl/files', '/api/v1/runs/admin/..%2F..%2F..%2F..%2Fetc/ssl', '/api/v1/runs/admin/..', '/storage/admin/..%2F..%2F..%2Fetc/ssl/certs', '/storage/admin/p/..%5C..%5Cx/f.txt']) {
    const response = await t.send({ method: 'GET', url });
    assert.equal(response.statusCode, 400, url);
    assert.match(response.json().errors[0].message, /^(project|run) name ".*" (contains|is)/, url);
  }
  const { status, body } = await t.gql(UPSERT, { n: 'r1', p: '../../../../etc' });
  assert.equal(status, 400);
  assert.match(body.errors![0].message, /project name "\.\.\/\.\.\/\.\.\/\.\.\/etc" contains "\/"/);
  const put = await t.send({ method: 'PUT', url: '/storage/admin/..%2F..%2Fx/r/f.txt', payload: 'x' });
  assert.equal(put.statusCode, 400);
  assert.equal(await t.snapshot(), before, 'nothing was created');
  assert.equal((await t.send({ method: 'GET', url: '/healthz' })).statusCode, 200);
});

eachStore("a second user cannot reach the first user's run files through a project named ../admin/…", async (t) => {
  await t.gql(UPSERT, { n: 'secret', p: 'p' });
  assert.equal((await t.send({ method: 'PUT', url: '/storage/admin/p/secret/weights.txt', payload: 'private' })).statusCode, 200);
  const { status, body } = await t.gql(`mutation { upsertBucket(input: {name: "secret", modelName: "../admin/p"}) { bucket { id } } }`, {}, OTHER_KEY);
  assert.equal(status, 400);
  assert.match(body.errors![0].message, /project name "\.\.\/admin\/p" contains "\/"/);
  const files = await t.gql(`query { project(name: "../admin/p", entityName: "bob") { run(name: "secret") { files { edges { node { name md5 } } } } } }`, {}, OTHER_KEY);
  assert.equal(files.body.data?.project ?? null, null);
  const listing = await t.send({ method: 'GET', url: '/api/v1/runs/bob/..%2Fadmin%2Fp/secret/files', key: OTHER_KEY });
  assert.equal(listing.statusCode, 400);
  assert.doesNotMatch(listing.body, /weights/);
});
