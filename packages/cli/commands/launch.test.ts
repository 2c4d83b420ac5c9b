// `sextant launch` end to end: a real server, real agents, real training programs: a Node script
// that logs with the @wandb/sdk npm client and a Python script that only prints its metrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServerProcess, TEST_KEY, type ServerProcess } from '../../server/testing/server-process.ts';
import { cli, freePort, startCli, waitFor } from '../testing/cli.ts';

interface ApiRun {
  id: string;
  state: string;
  sweep: string | null;
  config: Record<string, number>;
  summary: Record<string, number>;
  historyLineCount: number;
}

async function sweepRuns(server: ServerProcess, project: string): Promise<ApiRun[]> {
  const response = await fetch(`${server.url}/api/v1/runs/admin/${project}?order=%2BcreatedAt&limit=1000`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
  return ((await response.json()) as { runs: ApiRun[] }).runs;
}

function setup(server: ServerProcess) {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-launch-'));
  const env = { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY, WANDB_DIR: dir };
  return { dir, env, run: cli(env) };
}

const SDK_TRAIN = `
import wandb from ${JSON.stringify(fileURLToPath(import.meta.resolve('@wandb/sdk')))};
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, Number(v)]));
await wandb.init({ id: process.env.WANDB_RUN_ID, project: process.env.WANDB_PROJECT, config: args });
for (let epoch = 0; epoch < 3; epoch++) wandb.log({ loss: (args.lr - 0.01) ** 2 + args.layers / 10 + 1 / (epoch + 1), epoch });
await wandb.finish();
`;

test('launch FILE --jobs 3: a grid over a @wandb/sdk script runs every point exactly once, linked to the sweep', { timeout: 120_000 }, async () => {
  const server = await startServerProcess();
  try {
    const { dir, run } = setup(server);
    writeFileSync(join(dir, 'train.mjs'), SDK_TRAIN);
    writeFileSync(join(dir, 'sweep.yaml'), `method: grid
metric: {name: loss, goal: minimize}
parameters:
  lr: {values: [0.001, 0.01, 0.1]}
  layers: {values: [1, 2]}
command: [${JSON.stringify(process.execPath)}, train.mjs, "\${args}"]
`);
    const launched = await run('launch', 'sweep.yaml', '--project', 'sdk-grid', '--jobs', '3', '--poll', '0.5');
    assert.equal(launched.code, 0, launched.out);
    const id = /Creating sweep with ID: ([a-z0-9]{8})/.exec(launched.out)?.[1];
    assert.ok(id, launched.out);
    const runs = await sweepRuns(server, 'sdk-grid');
    assert.equal(runs.length, 6, launched.out);
    const points = runs.map((r) => `${r.config.lr},${r.config.layers}`).sort();
    assert.deepEqual(points, ['0.001,1', '0.001,2', '0.01,1', '0.01,2', '0.1,1', '0.1,2']);
    assert.deepEqual(runs.map((r) => [r.state, r.sweep, r.historyLineCount]), runs.map(() => ['finished', id, 3]));
    const best = runs.find((r) => r.config.lr === 0.01 && r.config.layers === 1)!;
    assert.equal(best.summary.loss, 0.1 + 1 / 3);
    assert.match(launched.out, new RegExp(`sweep admin/sdk-grid/${id} FINISHED \\| 6/6 runs: 6 finished \\| agents: 0 running \\| best loss 0\\.4333 \\(\\S+: layers=1 lr=0\\.01\\)`));
  } finally {
    await server.stop();
  }
});

test('launch --metrics-from-stdout --gpus: a Python script that only prints metrics; each run logged to a file and to the server console; each agent on its own GPU', { timeout: 120_000 }, async () => {
  const server = await startServerProcess();
  try {
    const { dir, run } = setup(server);
    writeFileSync(join(dir, 'train.py'), `import os, sys
args = dict(a[2:].split('=') for a in sys.argv[1:])
x = float(args['x'])
for epoch in range(4):
    print(f"epoch={epoch} accuracy={1 - (x - 0.5) ** 2 - 0.1 / (epoch + 1)} gpu={os.environ['CUDA_VISIBLE_DEVICES']}")
print("training done")
`);
    writeFileSync(join(dir, 'sweep.yaml'), 'method: grid\nmetric: {name: accuracy, goal: maximize}\nparameters: {x: {values: [0.25, 0.5, 0.75, 1.0]}}\ncommand: [python3, train.py, "${args}"]\n');
    const launched = await run('launch', 'sweep.yaml', '--project', 'py-grid', '--jobs', '2', '--poll', '0.5', '--metrics-from-stdout', '--gpus', '3,5');
    assert.equal(launched.code, 0, launched.out);
    const id = /Creating sweep with ID: ([a-z0-9]{8})/.exec(launched.out)![1];
    const runs = await sweepRuns(server, 'py-grid');
    assert.deepEqual(runs.map((r) => r.config.x).sort(), [0.25, 0.5, 0.75, 1.0]);
    assert.deepEqual(runs.map((r) => [r.state, r.sweep, r.historyLineCount, r.summary.epoch]), runs.map(() => ['finished', id, 4, 3]));
    assert.equal(runs.find((r) => r.config.x === 0.5)!.summary.accuracy, 1 - 0.1 / 4);
    assert.match(launched.out, /\[agent [12]\] epoch=3 accuracy=/);
    const gpuOf = [...launched.out.matchAll(/\[agent ([12])\] epoch=\d accuracy=\S+ gpu=(\d+)/g)].map((m) => `${m[1]}:${m[2]}`);
    assert.equal(gpuOf.length, 16, launched.out);
    assert.ok(gpuOf.every((pair) => pair === '1:3' || pair === '2:5'), JSON.stringify(gpuOf));
    const logs = readdirSync(join(dir, 'sextant-data', 'logs', id)).sort();
    assert.deepEqual(logs, runs.map((r) => `${r.id}.log`).sort());
    assert.match(readFileSync(join(dir, 'sextant-data', 'logs', id, logs[0]), 'utf8'), /^epoch=0 accuracy=[^]*training done\n$/);
    const consoleResponse = await fetch(`${server.url}/api/v1/runs/admin/py-grid/${runs[0].id}/console`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    const { lines } = (await consoleResponse.json()) as { lines: string[] };
    assert.equal(lines.length, 5);
    assert.match(lines[4], /training done$/);
  } finally {
    await server.stop();
  }
});

test('launch passes the API key to its agents by environment: it is not in any agent\'s argv (what ps shows)', { timeout: 60_000 }, async () => {
  const server = await startServerProcess();
  try {
    const { dir, run } = setup(server);
    // Each run records its agent's command line (the run's parent process) as /proc shows it.
    writeFileSync(join(dir, 'argv.mjs'), `import { readFileSync, writeFileSync } from 'node:fs';
writeFileSync(process.env.WANDB_RUN_ID + '.agent-argv', readFileSync('/proc/' + process.ppid + '/cmdline'));
console.log('loss=1');
`);
    writeFileSync(join(dir, 'sweep.yaml'), `method: grid\nparameters: {x: {values: [1, 2]}}\ncommand: [${JSON.stringify(process.execPath)}, argv.mjs, "\${args}"]\n`);
    const launched = await run('launch', 'sweep.yaml', '--project', 'argv', '--jobs', '2', '--poll', '0.3', '--metrics-from-stdout');
    assert.equal(launched.code, 0, launched.out);
    const id = /Creating sweep with ID: ([a-z0-9]{8})/.exec(launched.out)![1];
    const argvs = readdirSync(dir).filter((f) => f.endsWith('.agent-argv')).map((f) => readFileSync(join(dir, f), 'utf8').split('\0'));
    assert.equal(argvs.length, 2);
    for (const argv of argvs) {
      assert.ok(argv.includes('agent') && argv.some((a) => a.endsWith(`/${id}`)), argv.join(' '));
      assert.ok(!argv.some((a) => a.includes(TEST_KEY)), argv.join(' '));
    }
  } finally {
    await server.stop();
  }
});

test('launch from another folder finds program: beside the sweep file; failed runs make it exit 1 with their error lines; late agents on a completed sweep exit 0', { timeout: 120_000 }, async () => {
  const server = await startServerProcess();
  try {
    const { dir, run } = setup(server);
    mkdirSync(join(dir, 'project'));
    writeFileSync(join(dir, 'project', 'train.mjs'), `const x = Number(process.argv[2].split('=')[1]);
console.log('loss=' + x);
if (x === 2) { console.error('  at somewhere'); console.error('Error: x=2 is not allowed'); process.exit(1); }
`);
    const sweep = (values: number[]) => `method: grid\nprogram: train.mjs\nparameters: {x: {values: [${values}]}}\ncommand: [${JSON.stringify(process.execPath)}, "\${program}", "\${args}"]\n`;
    writeFileSync(join(dir, 'project', 'failing.yaml'), sweep([1, 2, 3]));
    writeFileSync(join(dir, 'project', 'passing.yaml'), sweep([1, 3]));
    const failing = await run('launch', 'project/failing.yaml', '--project', 'outcome', '--jobs', '1', '--poll', '0.3', '--metrics-from-stdout');
    assert.equal(failing.code, 1, failing.out);
    const failed = /1 of 3 runs failed or crashed \(2 finished, 1 failed\):\n {2}run (\w+) failed: Error: x=2 is not allowed {2}\(log: (\S+)\)/.exec(failing.out);
    assert.ok(failed, failing.out);
    assert.equal((await sweepRuns(server, 'outcome')).find((r) => r.config.x === 2)?.id, failed[1]);
    assert.match(readFileSync(failed[2], 'utf8'), /^loss=2\n/);

    const passing = await run('launch', 'project/passing.yaml', '--project', 'outcome', '--jobs', '2', '--poll', '0.3', '--metrics-from-stdout');
    assert.equal(passing.code, 0, passing.out);
    assert.doesNotMatch(passing.out, /failed or crashed/);
    const id = /Creating sweep with ID: ([a-z0-9]{8})/.exec(passing.out)![1];
    const late = await run('launch', '--sweep', `outcome/${id}`, '--jobs', '2', '--poll', '0.3');
    assert.equal(late.code, 0, late.out);
    assert.match(late.out, /FINISHED \| 2\/2 runs: 2 finished/);
  } finally {
    await server.stop();
  }
});

test('Ctrl-C once lets the running run finish and starts no new one; twice stops it', { timeout: 120_000 }, async () => {
  const server = await startServerProcess();
  try {
    const { dir, env } = setup(server);
    writeFileSync(join(dir, 'slow.mjs'), "console.log('loss=1'); setTimeout(() => console.log('finished work'), 2500);\n");
    writeFileSync(join(dir, 'sweep.yaml'), `method: grid\nparameters: {x: {values: [1, 2, 3]}}\ncommand: [${JSON.stringify(process.execPath)}, slow.mjs, "\${args}"]\n`);
    const running = async (project: string) => ((await sweepRuns(server, project)).some((r) => r.state === 'running') ? true : undefined);

    const once = startCli(env, ['launch', 'sweep.yaml', '--project', 'once', '--jobs', '1', '--poll', '0.3', '--metrics-from-stdout']);
    await waitFor('a running run', () => running('once'));
    once.child.kill('SIGINT');
    const drained = await once.done;
    assert.equal(drained.code, 0, drained.out);
    assert.match(drained.out, /Ctrl-C: no new runs; the running ones finish/);
    assert.match(drained.out, /finished work/);
    assert.deepEqual((await sweepRuns(server, 'once')).map((r) => r.state), ['finished']);

    const twice = startCli(env, ['launch', 'sweep.yaml', '--project', 'twice', '--jobs', '1', '--poll', '0.3', '--metrics-from-stdout']);
    await waitFor('a running run', () => running('twice'));
    twice.child.kill('SIGINT');
    await waitFor('the first Ctrl-C to arrive', async () => (twice.output().includes('finishing 1 running run') ? true : undefined));
    twice.child.kill('SIGINT');
    const stopped = await twice.done;
    assert.match(stopped.out, /stopping 1 running run/);
    assert.doesNotMatch(stopped.out, /finished work/);
    const runs = await sweepRuns(server, 'twice');
    assert.equal(runs.length, 1);
    assert.notEqual(runs[0].state, 'finished');
  } finally {
    await server.stop();
  }
});

test('an agent killed with SIGKILL: after --agent-timeout it is DEAD, its run crashed, and retry hands the run out again', { timeout: 120_000 }, async () => {
  const server = await startServerProcess(undefined, ['--agent-timeout', '4']);
  try {
    const { dir, env, run } = setup(server);
    writeFileSync(join(dir, 'slow.mjs'), "console.log('loss=' + process.argv[2].split('=')[1]); setTimeout(() => {}, Number(process.env.SLEEP_MS ?? 0));\n");
    writeFileSync(join(dir, 'sweep.yaml'), `method: grid\nretry: {max: 1}\nparameters: {x: {values: [7, 8]}}\ncommand: [${JSON.stringify(process.execPath)}, slow.mjs, "\${args}"]\n`);
    const id = /ID: ([a-z0-9]{8})/.exec((await run('sweep', 'sweep.yaml', '--project', 'dead')).out)![1];
    const doomed = startCli({ ...env, SLEEP_MS: '8000' }, ['agent', `dead/${id}`, '--poll', '0.3', '--metrics-from-stdout']);
    await waitFor('a running run', async () => ((await sweepRuns(server, 'dead')).some((r) => r.state === 'running') ? true : undefined));
    doomed.child.kill('SIGKILL');
    const crashed = await waitFor('the run to crash', async () => (await sweepRuns(server, 'dead')).find((r) => r.state === 'crashed'));
    assert.equal(crashed.config.x, 7);
    const sweeps = (await (await fetch(`${server.url}/api/v1/sweeps`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).json()) as { sweeps: Array<{ agents: Array<{ state: string }> }> };
    assert.deepEqual(sweeps.sweeps[0].agents.map((a) => a.state), ['DEAD']);
    const rescue = await run('agent', `dead/${id}`, '--poll', '0.3', '--metrics-from-stdout');
    assert.equal(rescue.code, 0, rescue.out);
    const runs = await sweepRuns(server, 'dead');
    assert.deepEqual(runs.map((r) => [r.config.x, r.state]), [[7, 'crashed'], [7, 'finished'], [8, 'finished']]);
  } finally {
    await server.stop();
  }
});

test('the server killed with SIGKILL mid-sweep and restarted: the agents wait for it and the grid finishes, no point lost or run twice', { timeout: 120_000 }, async () => {
  const port = await freePort();
  let server = await startServerProcess(undefined, ['--port', String(port)]);
  try {
    const { dir, env } = setup(server);
    writeFileSync(join(dir, 'step.mjs'), "console.log('loss=' + process.argv[2].split('=')[1]); setTimeout(() => {}, 400);\n");
    writeFileSync(join(dir, 'sweep.yaml'), `method: grid\nparameters: {x: {values: [1, 2, 3, 4, 5, 6, 7, 8]}}\ncommand: [${JSON.stringify(process.execPath)}, step.mjs, "\${args}"]\n`);
    const launch = startCli(env, ['launch', 'sweep.yaml', '--project', 'restart', '--jobs', '2', '--poll', '0.3', '--metrics-from-stdout', '--plain']);
    await waitFor('two finished runs', async () => ((await sweepRuns(server, 'restart')).filter((r) => r.state === 'finished').length >= 2 ? true : undefined));
    await server.stop('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    server = await startServerProcess(server.dataDir, ['--port', String(port)]);
    const ended = await launch.done;
    assert.equal(ended.code, 0, ended.out);
    const runs = await sweepRuns(server, 'restart');
    assert.deepEqual(runs.map((r) => r.config.x).sort(), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(runs.map((r) => r.state), runs.map(() => 'finished'));
  } finally {
    await server.stop();
  }
});
