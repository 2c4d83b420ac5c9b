// `sextant launch --backend ray` against a real local Ray cluster: agents as actors, one per slot.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, TEST_KEY, type ServerProcess } from '../../server/testing/server-process.ts';
import { cli, startCli, waitFor } from '../testing/cli.ts';
import { startRay, type RayCluster } from '../testing/ray.ts';
import { HELD_PROGRAM } from '../testing/programs.ts';

let ray: RayCluster;
let server: ServerProcess;
before(async () => {
  ray = await startRay(2);
  server = await startServerProcess();
});
after(async () => {
  await server?.stop();
  await ray?.stop();
});

interface ApiRun { state: string; config: Record<string, number> }
async function runsOf(project: string): Promise<ApiRun[]> {
  const response = await fetch(`${server.url}/api/v1/runs/admin/${project}?limit=100`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
  return ((await response.json()) as { runs: ApiRun[] }).runs;
}

function setup(program: string, sweep: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-ray-launch-'));
  writeFileSync(join(dir, 'train.mjs'), program);
  writeFileSync(join(dir, 'sweep.yaml'), sweep.replace('NODE', JSON.stringify(process.execPath)));
  return { dir, env: { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY, WANDB_DIR: dir } };
}

test('a grid runs on a Ray cluster: each agent inside a Ray actor, its lines shown, the key on no command line', { timeout: 180_000 }, async () => {
  const { dir, env } = setup(`import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
const cmdline = (pid) => readFileSync('/proc/' + pid + '/cmdline', 'utf8').split('\\0');
const agentParent = readFileSync('/proc/' + process.ppid + '/stat', 'utf8').split(') ')[1].split(' ')[1];
writeFileSync(process.env.WANDB_RUN_ID + '.agent', JSON.stringify({ agent: cmdline(process.ppid), actor: cmdline(agentParent) }));
console.log('loss=' + process.argv[2].split('=')[1]);
// Held until both agents have a run, so that each one gets some.
setInterval(() => readdirSync('.').filter((f) => f.endsWith('.agent')).length >= 2 && process.exit(0), 100);
`, `method: grid
parameters: {x: {values: [1, 2, 3, 4]}}
command: [NODE, train.mjs, "\${args}"]
launch: {backend: ray, jobs: 2, cpus_per_agent: 1}
`);
  const launched = await cli(env)('launch', 'sweep.yaml', '--project', 'ray-grid', '--ray-address', ray.address, '--python', ray.python, '--poll', '0.3', '--metrics-from-stdout', '--plain');
  assert.equal(launched.code, 0, launched.out);
  assert.match(launched.out, /FINISHED \| 4\/4 runs: 4 finished/);
  assert.match(launched.out, /ray: 2 agents on \S+:\d+\n/);
  assert.match(launched.out, /\[agent 1\] run \w+: /);
  assert.match(launched.out, /\[agent 2\] run \w+: /);
  assert.deepEqual((await runsOf('ray-grid')).map((r) => r.config.x).sort(), [1, 2, 3, 4]);
  const parents = readdirSync(dir).filter((f) => f.endsWith('.agent')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { agent: string[]; actor: string[] });
  assert.equal(parents.length, 4);
  for (const { agent, actor } of parents) {
    assert.ok(agent.includes('agent') && !agent.some((a) => a.includes(TEST_KEY)), agent.join(' '));
    assert.match(actor.join(' '), /^ray::Agent/);
  }
});

test('Ctrl-C once reaches the agents in their actors: the running runs finish, no new one starts', { timeout: 180_000 }, async () => {
  const { dir, env } = setup(HELD_PROGRAM, 'method: grid\nparameters: {x: {values: [1, 2, 3, 4]}}\ncommand: [NODE, train.mjs, "${args}"]\n');
  const launch = startCli(env, ['launch', 'sweep.yaml', '--project', 'ray-drain', '--backend', 'ray', '--jobs', '2', '--ray-address', ray.address, '--python', ray.python, '--poll', '0.3', '--metrics-from-stdout', '--plain']);
  await waitFor('2 running runs', async () => ((await runsOf('ray-drain')).filter((r) => r.state === 'running').length === 2 ? true : undefined), 120_000);
  launch.child.kill('SIGINT');
  await waitFor('the agents to drain', async () => ((launch.output().match(/finishing 1 running run/g) ?? []).length === 2 ? true : undefined), 30_000);
  writeFileSync(join(dir, 'release'), '');
  const drained = await launch.done;
  assert.equal(drained.code, 0, drained.out);
  assert.deepEqual((await runsOf('ray-drain')).map((r) => r.state), ['finished', 'finished']);
});
