// `sextant delete run|sweep` against a real server: without a terminal it needs --yes and deletes
// nothing otherwise; a run goes; a sweep goes with its runs only with --runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authHeader, startServerProcess, TEST_KEY } from '../../server/testing/server-process.ts';
import { cli } from '../testing/cli.ts';

test('sextant delete run and delete sweep [--runs]: --yes needed without a terminal, then deleted', { timeout: 180_000 }, async () => {
  const server = await startServerProcess();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'sextant-delete-'));
    writeFileSync(join(dir, 'sweep.yaml'), 'method: grid\nparameters: {a: {values: [1, 2]}}\n');
    const run = cli({ ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY, WANDB_DIR: dir });
    const sweepId = async () => /ID: ([a-z0-9]{8})/.exec((await run('sweep', 'sweep.yaml', '--project', 'demo')).out)![1];
    const upsert = async (name: string, sweep: string | null) => {
      const r = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { authorization: authHeader(), 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation($name: String, $sweep: String) { upsertBucket(input: {name: $name, modelName: "demo", sweep: $sweep}) { bucket { id } } }', variables: { name, sweep } }) });
      assert.equal(r.status, 200);
    };
    const runIds = async () => ((await (await fetch(`${server.url}/api/v1/runs/admin/demo`, { headers: { authorization: authHeader() } })).json()) as { runs: Array<{ id: string }> }).runs.map((r) => r.id).sort();
    const [keep, drop] = [await sweepId(), await sweepId()];
    for (const [name, sweep] of [['plain', null], ['kept-1', keep], ['dropped-1', drop], ['dropped-2', drop]] as const) await upsert(name, sweep);

    const unconfirmed = await run('delete', 'run', 'demo/plain');
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.out, /not deleting: stdin is not a terminal to ask "delete run admin\/demo\/plain with its history and files\?"; pass --yes/);
    assert.deepEqual(await runIds(), ['dropped-1', 'dropped-2', 'kept-1', 'plain']);
    assert.deepEqual(await run('delete', 'run', 'demo/plain', '--yes'), { code: 0, out: 'deleted run admin/demo/plain\n' });
    const missing = await run('delete', 'run', 'admin/demo/plain', '--yes');
    assert.deepEqual([missing.code, missing.out], [1, 'sextant: no run admin/demo/plain\n']);
    assert.match((await run('delete', 'run', 'plain', '--yes')).out, /expected the run as ENTITY\/PROJECT\/RUN or PROJECT\/RUN \(or RUN with --project\)/);

    assert.deepEqual(await run('delete', 'sweep', `demo/${keep}`, '-y'), { code: 0, out: `deleted sweep admin/demo/${keep}; its runs stay (--runs deletes them too)\n` });
    assert.deepEqual(await run('delete', 'sweep', drop, '--runs', '--yes'), { code: 0, out: `deleted sweep admin/demo/${drop} and its 2 runs\n` });
    assert.deepEqual(await runIds(), ['kept-1']);
  } finally {
    await server.stop();
  }
});
