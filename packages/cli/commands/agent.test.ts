// `sextant agent` against a real server, running a real child program per run. The program plays
// the wandb client with plain HTTP: it joins the sweep run, logs a loss and finishes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, TEST_KEY } from '../../server/testing/server-process.ts';
import { cli, freePort, startCli, waitFor } from '../testing/cli.ts';

const PROGRAM = `
import { readFileSync } from 'node:fs';
const env = process.env;
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const auth = { authorization: 'Basic ' + Buffer.from('api:' + env.WANDB_API_KEY).toString('base64'), 'content-type': 'application/json' };
const post = (path, body) => fetch(env.WANDB_BASE_URL + path, { method: 'POST', headers: auth, body: JSON.stringify(body) });
const paramFile = readFileSync(env.WANDB_SWEEP_PARAM_PATH, 'utf8');
await post('/graphql', { query: 'mutation($n: String, $p: String, $s: String) { upsertBucket(input: {name: $n, modelName: $p, sweep: $s}) { bucket { id } } }',
  variables: { n: env.WANDB_RUN_ID, p: env.WANDB_PROJECT, s: env.WANDB_SWEEP_ID } });
const loss = (Number(args.x) - 2) ** 2;
const path = '/files/admin/' + env.WANDB_PROJECT + '/' + env.WANDB_RUN_ID + '/file_stream';
await post(path, { files: { 'wandb-history.jsonl': { offset: 0, content: [JSON.stringify({ _step: 0, loss })] },
  'wandb-summary.json': { offset: 0, content: [JSON.stringify({ loss, paramFile, stdinClosed: true })] } } });
await post(path, { complete: true, exitcode: 0 });
`;

test('sextant agent runs each suggestion as a program with the sweep environment, until the sweep ends or --count', { timeout: 90_000 }, async () => {
  const server = await startServerProcess();
  const dir = mkdtempSync(join(tmpdir(), 'sextant-agent-'));
  try {
    const program = join(dir, 'program.mjs');
    writeFileSync(program, PROGRAM);
    const env = { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY, WANDB_DIR: dir };
    const run = cli(env);
    const config = join(dir, 'sweep.yaml');
    writeFileSync(config, `method: grid\nparameters: {x: {values: [1, 2, 3]}}\ncommand: [${JSON.stringify(process.execPath)}, ${JSON.stringify(program)}, "\${args}"]\n`);
    const id = /ID: ([a-z0-9]{8})/.exec((await run('sweep', config, '--project', 'agents')).out)?.[1];
    assert.ok(id);
    const limited = await run('agent', `agents/${id}`, '--poll', '0.2', '--count', '2');
    assert.equal(limited.code, 0, limited.out);
    assert.match(limited.out, /done: 2 run\(s\)/);
    const rest = await run('agent', `admin/agents/${id}`, '--poll', '0.2');
    assert.match(rest.out, /done: 1 run\(s\)/);
    const response = await fetch(`${server.url}/api/v1/runs/admin/agents?order=%2Bconfig.x`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    const { runs } = (await response.json()) as { runs: Array<{ state: string; config: { x: number }; summary: { loss: number; paramFile: string }; sweep: string }> };
    assert.deepEqual(runs.map((r) => [r.state, r.config.x, r.summary.loss, r.sweep]), [['finished', 1, 1, id], ['finished', 2, 0, id], ['finished', 3, 1, id]]);
    assert.equal(runs[0].summary.paramFile, 'wandb_version: 1\n\nx:\n  value: 1\n');
  } finally {
    await server.stop();
  }
});

test('a bare sweep ID finds its project; an agent started while the server is down waits for it, then runs the sweep', { timeout: 90_000 }, async () => {
  const port = await freePort();
  let server = await startServerProcess(undefined, ['--port', String(port)]);
  const dir = mkdtempSync(join(tmpdir(), 'sextant-agent-'));
  try {
    const program = join(dir, 'program.mjs');
    writeFileSync(program, PROGRAM);
    const env: NodeJS.ProcessEnv = { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY, WANDB_DIR: dir };
    delete env.WANDB_PROJECT;
    const config = join(dir, 'sweep.yaml');
    writeFileSync(config, `method: grid\nparameters: {x: {values: [1, 2, 3]}}\ncommand: [${JSON.stringify(process.execPath)}, ${JSON.stringify(program)}, "\${args}"]\n`);
    const id = /ID: ([a-z0-9]{8})/.exec((await cli(env)('sweep', config, '--project', 'bare')).out)![1];
    await server.stop();
    const agent = startCli(env, ['agent', id, '--poll', '0.2']);
    await waitFor('the agent to find the server down', async () => (/cannot reach .*; trying again/.test(agent.output()) ? true : undefined));
    server = await startServerProcess(server.dataDir, ['--port', String(port)]);
    const ended = await agent.done;
    assert.equal(ended.code, 0, ended.out);
    assert.match(ended.out, /done: 3 run\(s\)/);
    const response = await fetch(`${server.url}/api/v1/runs/admin/bare`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    const { runs } = (await response.json()) as { runs: Array<{ state: string; sweep: string }> };
    assert.deepEqual(runs.map((r) => [r.state, r.sweep]), runs.map(() => ['finished', id]));
    assert.equal(runs.length, 3);
    const unknown = await cli(env)('agent', 'zzzzzzzz');
    assert.equal(unknown.code, 1);
    assert.match(unknown.out, /sweep zzzzzzzz not found in any of your projects/);
  } finally {
    await server.stop();
  }
});

test('--metrics-from-stdout: a program without wandb is swept; its printed metrics become history and summary', { timeout: 60_000 }, async () => {
  const server = await startServerProcess();
  const dir = mkdtempSync(join(tmpdir(), 'sextant-stdout-'));
  try {
    const program = join(dir, 'plain.mjs');
    writeFileSync(program, `const x = Number(process.argv[2].split('=')[1]);
for (let i = 0; i < 3; i++) console.log('epoch=' + i + ' loss=' + ((x - 1) ** 2 + 1 / (i + 1)));
console.log('not a metric line');
console.log(JSON.stringify({ accuracy: 0.5 + x / 10 }));
process.exit(x === 3 ? 2 : 0);
`);
    const env = { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY, WANDB_DIR: dir };
    const run = cli(env);
    const config = join(dir, 'sweep.yaml');
    writeFileSync(config, `method: grid\nparameters: {x: {values: [1, 3]}}\ncommand: [${JSON.stringify(process.execPath)}, ${JSON.stringify(program)}, "\${args}"]\n`);
    const id = /ID: ([a-z0-9]{8})/.exec((await run('sweep', config, '--project', 'plain')).out)?.[1];
    const agent = await run('agent', `plain/${id}`, '--poll', '0.2', '--metrics-from-stdout');
    assert.match(agent.out, /not a metric line/);
    const headers = { authorization: `Bearer ${TEST_KEY}` };
    const { runs } = (await (await fetch(`${server.url}/api/v1/runs/admin/plain?order=%2Bconfig.x`, { headers })).json()) as { runs: Array<{ id: string; state: string; summary: Record<string, number>; historyLineCount: number }> };
    assert.deepEqual(runs.map((r) => [r.state, r.historyLineCount, r.summary.loss, r.summary.accuracy, r.summary.epoch]), [['finished', 4, 1 / 3, 0.6, 2], ['failed', 4, 4 + 1 / 3, 0.8, 2]]);
    const history = (await (await fetch(`${server.url}/api/v1/runs/admin/plain/${runs[0].id}/history?keys=loss`, { headers })).json()) as { series: { loss: { x: number[]; y: number[] } } };
    assert.deepEqual(history.series.loss, { x: [0, 1, 2], y: [1, 1 / 2, 1 / 3], count: 3 });
    const { lines } = (await (await fetch(`${server.url}/api/v1/runs/admin/plain/${runs[0].id}/console`, { headers })).json()) as { lines: string[] };
    assert.deepEqual(lines.map((l) => l.replace(/^\S+ /, '')), ['epoch=0 loss=1', 'epoch=1 loss=0.5', 'epoch=2 loss=0.3333333333333333', 'not a metric line', '{"accuracy":0.6}']);
    const log = readFileSync(join(dir, 'sextant-data', 'logs', id!, `${runs[1].id}.log`), 'utf8');
    assert.match(log, /^epoch=0 loss=5\n[^]*not a metric line\n\{"accuracy":0.8\}\n$/);
  } finally {
    await server.stop();
  }
});

test('sextant launch --jobs 2 runs two agents that share the sweep, with progress lines', { timeout: 60_000 }, async () => {
  const server = await startServerProcess();
  const dir = mkdtempSync(join(tmpdir(), 'sextant-launch-'));
  try {
    const program = join(dir, 'plain.mjs');
    writeFileSync(program, "const x = Number(process.argv[2].split('=')[1]); console.log('loss=' + (x - 2) ** 2); setTimeout(() => {}, 300);\n");
    const env = { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY, WANDB_DIR: dir };
    const run = cli(env);
    const config = join(dir, 'sweep.yaml');
    writeFileSync(config, `method: grid\nparameters: {x: {values: [1, 2, 3, 4]}}\ncommand: [${JSON.stringify(process.execPath)}, ${JSON.stringify(program)}, "\${args}"]\n`);
    const launched = await run('launch', config, '--project', 'launch', '--jobs', '2', '--poll', '0.2', '--metrics-from-stdout');
    const id = /ID: ([a-z0-9]{8})/.exec(launched.out)?.[1];
    assert.equal(launched.code, 0, launched.out);
    assert.match(launched.out, /\[agent 1\] /);
    assert.match(launched.out, /\[agent 2\] /);
    assert.match(launched.out, new RegExp(`sweep admin/launch/${id} FINISHED \\| 4/4 runs: 4 finished \\| agents: 0 running`));
    assert.match(launched.out, /all 2 agents ended/);
  } finally {
    await server.stop();
  }
});

test("W&B's failure rules: 3 quick failures stop the agent; without flapping, the 5th failure does", { timeout: 60_000 }, async () => {
  const server = await startServerProcess();
  const dir = mkdtempSync(join(tmpdir(), 'sextant-fail-'));
  try {
    const program = join(dir, 'broken.mjs');
    writeFileSync(program, 'process.exit(1);\n');
    const base = { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY, WANDB_DIR: dir };
    const run = (extra: Record<string, string>, ...args: string[]) => cli({ ...base, ...extra })(...args);
    const config = join(dir, 'sweep.yaml');
    writeFileSync(config, `method: random\nparameters: {x: {values: [1, 2, 3]}}\ncommand: [${JSON.stringify(process.execPath)}, ${JSON.stringify(program)}]\n`);
    const id = (s: string) => /ID: ([a-z0-9]{8})/.exec(s)?.[1];
    const flapping = await run({}, 'agent', `fail/${id((await run({}, 'sweep', config, '--project', 'fail')).out)}`, '--poll', '0.1');
    assert.match(flapping.out, /Detected 3 failed runs in the first 60 seconds, shutting down/);
    assert.match(flapping.out, /done: 3 run\(s\)/);
    const patient = await run({ WANDB_AGENT_DISABLE_FLAPPING: 'true' }, 'agent', `fail/${id((await run({}, 'sweep', config, '--project', 'fail')).out)}`, '--poll', '0.1');
    assert.match(patient.out, /Detected 5 failed runs in a row, shutting down/);
    assert.match(patient.out, /done: 5 run\(s\)/);
  } finally {
    await server.stop();
  }
});

test('a run the agent stops (Ctrl-C twice) ends killed at once: the agent reports it', { timeout: 120_000 }, async () => {
  const server = await startServerProcess();
  const dir = mkdtempSync(join(tmpdir(), 'sextant-killed-'));
  try {
    const program = join(dir, 'forever.mjs');
    writeFileSync(program, `const env = process.env;
await fetch(env.WANDB_BASE_URL + '/graphql', { method: 'POST', headers: { authorization: 'Basic ' + Buffer.from('api:' + env.WANDB_API_KEY).toString('base64'), 'content-type': 'application/json' },
  body: JSON.stringify({ query: 'mutation($n: String, $p: String, $s: String) { upsertBucket(input: {name: $n, modelName: $p, sweep: $s}) { bucket { id } } }',
    variables: { n: env.WANDB_RUN_ID, p: env.WANDB_PROJECT, s: env.WANDB_SWEEP_ID } }) });
console.log('started');
setInterval(() => {}, 1000);
`);
    const env = { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY, WANDB_DIR: dir };
    const config = join(dir, 'sweep.yaml');
    writeFileSync(config, `method: grid\nparameters: {x: {values: [1, 2]}}\ncommand: [${JSON.stringify(process.execPath)}, ${JSON.stringify(program)}]\n`);
    const id = /ID: ([a-z0-9]{8})/.exec((await cli(env)('sweep', config, '--project', 'killed')).out)?.[1];
    const runs = async () => ((await (await fetch(`${server.url}/api/v1/runs/admin/killed`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).json()) as { runs: Array<{ state: string }> }).runs;
    const agent = startCli(env, ['agent', `killed/${id}`, '--poll', '0.2', '--kill-delay', '1']);
    await waitFor('the run to start', async () => ((await runs())[0]?.state === 'running' ? true : undefined), 60_000);
    agent.child.kill('SIGINT');
    // Signals do not queue: the second goes once the first was taken.
    await waitFor('the agent to drain', async () => (agent.output().includes('finishing') ? true : undefined), 60_000);
    agent.child.kill('SIGINT');
    const result = await agent.done;
    assert.equal(result.code, 0, result.out);
    assert.deepEqual((await runs()).map((r) => r.state), ['killed'], 'killed when the agent ends (not running until the crash timeout), and no run handed to a leaving agent');
  } finally {
    await server.stop();
  }
});
