// `sextant stop --project` and `sextant cancel --all` against a real server with agents running:
// stop lets the running runs finish, cancel kills them, and both say what they stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, TEST_KEY } from '../../server/testing/server-process.ts';
import { cli, startCli, waitFor } from '../testing/cli.ts';

// A run that goes on until the file `release` appears in its folder, then exits 0.
const WAIT_FOR_RELEASE = `import { existsSync } from 'node:fs';
console.log('loss=1');
const timer = setInterval(() => existsSync('release') && (clearInterval(timer), console.log('released')), 50);
`;

test('stop --project drains that project\'s sweeps only; cancel --all kills the rest; both report what they stopped', { timeout: 180_000 }, async () => {
  const server = await startServerProcess();
  const dir = mkdtempSync(join(tmpdir(), 'sextant-stop-'));
  try {
    writeFileSync(join(dir, 'wait.mjs'), WAIT_FOR_RELEASE);
    writeFileSync(join(dir, 'forever.mjs'), "console.log('loss=1'); setInterval(() => {}, 1000);\n");
    for (const program of ['wait', 'forever']) {
      writeFileSync(join(dir, `${program}.yaml`), `method: grid\nparameters: {x: {values: [1, 2, 3]}}\ncommand: [${JSON.stringify(process.execPath)}, ${program}.mjs, "\${args}"]\n`);
    }
    const env = { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY, WANDB_DIR: dir };
    const run = cli(env);
    const create = async (project: string, program: string) => /ID: ([a-z0-9]{8})/.exec((await run('sweep', `${program}.yaml`, '--project', project)).out)![1];
    const sweeps = [['a', await create('a', 'wait')], ['a', await create('a', 'wait')], ['b', await create('b', 'forever')]];
    const agents = sweeps.map(([project, id]) => startCli(env, ['agent', `${project}/${id}`, '--poll', '0.2', '--metrics-from-stdout']));
    const runs = async (project: string) => ((await (await fetch(`${server.url}/api/v1/runs/admin/${project}`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).json()) as { runs: Array<{ state: string }> }).runs;
    await waitFor('a running run in each sweep', async () => ((await runs('a')).length === 2 && (await runs('b')).length === 1 ? true : undefined));

    const none = await run('stop', '--project', 'nothing-here');
    assert.equal(none.out, 'no active sweeps in project nothing-here\n');
    const stopped = await run('stop', '--project', 'a');
    assert.equal(stopped.code, 0, stopped.out);
    const lines = stopped.out.trim().split('\n');
    assert.deepEqual(lines.slice(0, 2).sort(), [sweeps[0][1], sweeps[1][1]].map((id) => `stopped admin/a/${id}: 1 running run finish, then 1 agent exits`).sort());
    assert.equal(lines[2], '2 sweeps stopped');

    writeFileSync(join(dir, 'release'), '');
    for (const agent of agents.slice(0, 2)) {
      const ended = await agent.done;
      assert.equal(ended.code, 0, ended.out);
      assert.match(ended.out, /released/);
    }
    assert.deepEqual((await runs('a')).map((r) => r.state), ['finished', 'finished']);

    const canceled = await run('cancel', '--all');
    assert.equal(canceled.out, `canceled admin/b/${sweeps[2][1]}: 1 running run killed, 1 agent exits\n`);
    const ended = await agents[2].done;
    assert.equal(ended.code, 0, ended.out);
    const bRuns = await runs('b');
    assert.equal(bRuns.length, 1);
    assert.ok(!['running', 'finished'].includes(bRuns[0].state), bRuns[0].state);
    assert.equal((await run('cancel', '--all')).out, 'no active sweeps\n');
  } finally {
    await server.stop();
  }
});
