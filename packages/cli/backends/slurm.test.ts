// `sextant launch --backend slurm` against a real one-node Slurm cluster (scripts/slurm.sh):
// a job array of agents, its settings from the config's launch: section, ps, Ctrl-C and cancel.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, TEST_KEY, type ServerProcess } from '../../server/testing/server-process.ts';
import { cli, startCli, waitFor } from '../testing/cli.ts';
import { startSlurm, type SlurmCluster } from '../testing/slurm.ts';
import { HELD_PROGRAM } from '../testing/programs.ts';
import { slurmScript } from './slurm.ts';
import { formatTasks, parseTasks } from './slurm-jobs.ts';

let slurm: SlurmCluster;
let server: ServerProcess;
before(async () => {
  slurm = await startSlurm();
  server = await startServerProcess();
});
after(async () => {
  await server?.stop();
  slurm?.stop();
});

interface ApiRun { id: string; state: string; config: Record<string, number> }
async function runsOf(project: string): Promise<ApiRun[]> {
  const response = await fetch(`${server.url}/api/v1/runs/admin/${project}?limit=100`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
  return ((await response.json()) as { runs: ApiRun[] }).runs;
}
const runningCount = async (project: string, n: number) => ((await runsOf(project)).filter((r) => r.state === 'running').length >= n ? true : undefined);

function setup(program: string, sweep: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-slurm-launch-'));
  const env = { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY, WANDB_DIR: dir, SLURM_CONF: slurm.conf };
  writeFileSync(join(dir, 'train.mjs'), program);
  writeFileSync(join(dir, 'sweep.yaml'), sweep.replace('NODE', JSON.stringify(process.execPath)));
  return { dir, env, slurmCommand: (command: string, ...args: string[]) => execFileSync(command, args, { env, encoding: 'utf8' }) };
}

/** Every task's output file under the launch's log folder, for a failure's message. */
function taskOutputs(dir: string): string {
  const logs = join(dir, 'sextant-data', 'logs');
  return readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.out')).map((f) => `== ${f}\n${readFileSync(join(logs, f), 'utf8')}`).join('\n');
}

const jobIdIn = (out: string): string => /Slurm job array (\d+) \(/.exec(out)?.[1] ?? assert.fail(out);

test('a grid runs as a Slurm job array: options from the launch: section reach sbatch, each run inside a task, the key in no script, command line or job environment (a key file)', { timeout: 90_000 }, async () => {
  const { dir, env: withKey, slurmCommand } = setup(`import { readFileSync, writeFileSync } from 'node:fs';
const agentEnv = readFileSync('/proc/' + process.ppid + '/environ', 'utf8').split('\\0');
writeFileSync(process.env.WANDB_RUN_ID + '.task', JSON.stringify({ job: process.env.SLURM_ARRAY_JOB_ID, task: process.env.SLURM_ARRAY_TASK_ID, agentArgv: readFileSync('/proc/' + process.ppid + '/cmdline', 'utf8').split('\\0'), agentEnv }));
console.log('loss=' + process.argv[2].split('=')[1]);
`, `method: grid
parameters: {x: {values: [1, 2, 3, 4]}}
command: [NODE, train.mjs, "\${args}"]
launch:
  backend: slurm
  jobs: 2
  memory: 64M
  cpus_per_agent: 1
  sbatch: ["--comment=sextant-test"]
`);
  // The key in a 0600 file on storage the tasks share: only its path travels with the job.
  writeFileSync(join(dir, 'key'), TEST_KEY, { mode: 0o600 });
  const { WANDB_API_KEY: _, ...env } = { ...withKey, SEXTANT_API_KEY_FILE: join(dir, 'key') };
  const launched = await cli(env)('launch', 'sweep.yaml', '--project', 'slurm-grid', '--poll', '0.3', '--metrics-from-stdout', '--plain');
  assert.equal(launched.code, 0, launched.out);
  const job = jobIdIn(launched.out);
  assert.match(launched.out, /FINISHED \| 4\/4 runs: 4 finished/);
  assert.match(launched.out, /\[agent [12]\] run \w+: /);
  const runs = await runsOf('slurm-grid');
  assert.deepEqual(runs.map((r) => r.config.x).sort(), [1, 2, 3, 4]);
  const tasks = readdirSync(dir).filter((f) => f.endsWith('.task')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { job: string; task: string; agentArgv: string[]; agentEnv: string[] });
  assert.equal(tasks.length, 4);
  assert.deepEqual(new Set(tasks.map((t) => t.job)), new Set([job]));
  assert.ok(tasks.every((t) => t.task === '0' || t.task === '1'), JSON.stringify(tasks));
  for (const { agentArgv, agentEnv } of tasks) {
    assert.ok(agentEnv.includes(`SEXTANT_API_KEY_FILE=${join(dir, 'key')}`) && !agentEnv.some((v) => v.includes(TEST_KEY)), agentEnv.join(' '));
    assert.ok(agentArgv.includes('agent') && agentArgv.some((a) => a.endsWith('/slurm-grid/' + /ID: (\w+)/.exec(launched.out)![1])), agentArgv.join(' '));
    assert.ok(!agentArgv.some((a) => a.includes(TEST_KEY)));
  }
  assert.deepEqual(slurmCommand('squeue', `--jobs=${job}`, '--array', '--states=all', '--noheader', '--format=%T|%k|%m|%c').trim().split('\n'),
    ['COMPLETED|sextant-test|64M|1', 'COMPLETED|sextant-test|64M|1'], `${launched.out}\n${taskOutputs(dir)}`);
  const script = slurmCommand('scontrol', 'write', 'batch_script', `${job}_0`, '-');
  assert.match(script, /^#SBATCH --array=0-1$/m);
  assert.ok(!script.includes(TEST_KEY));
});

const tasksOf = (run: (command: string, ...args: string[]) => string, job: string): string[] =>
  parseTasks(run('squeue', `--jobs=${job}`, '--array', '--states=all', '--noheader', '--format=%i|%T')).map((t) => t.state).sort();

test('ps shows the tasks running and pending; Ctrl-C cancels the pending tasks and lets the running runs finish', { timeout: 90_000 }, async () => {
  const { dir, env, slurmCommand } = setup(HELD_PROGRAM, 'method: grid\nparameters: {x: {values: [1, 2, 3, 4, 5, 6, 7]}}\ncommand: [NODE, train.mjs, "${args}"]\n');
  // The test node has 4 CPUs: 4 agents run, 2 wait.
  const launch = startCli(env, ['launch', 'sweep.yaml', '--project', 'slurm-drain', '--backend', 'slurm', '--jobs', '6', '--poll', '0.3', '--metrics-from-stdout', '--plain']);
  await waitFor('4 running runs', () => runningCount('slurm-drain', 4), 40_000);
  const job = jobIdIn(launch.output());
  const ps = await cli(env)('ps');
  assert.match(ps.out, new RegExp(`admin/slurm-drain/\\w+ +RUNNING .* slurm ${job}: 4 running, 2 pending\\n`), ps.out);
  launch.child.kill('SIGINT');
  await waitFor('the 4 agents to drain', async () => ((launch.output().match(/finishing 1 running run/g) ?? []).length === 4 ? true : undefined), 30_000);
  writeFileSync(join(dir, 'release'), '');
  const drained = await launch.done;
  assert.equal(drained.code, 0, drained.out);
  assert.equal((drained.out.match(/finished work/g) ?? []).length, 4, drained.out);
  assert.deepEqual((await runsOf('slurm-drain')).map((r) => r.state), ['finished', 'finished', 'finished', 'finished']);
  // The two tasks that never started stay one record of the array job once canceled.
  assert.deepEqual(tasksOf(slurmCommand, job), ['CANCELLED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
  assert.doesNotMatch(drained.out, /\[agent [56]\]/);
});

test('cancel --all cancels the sweep and scancels its Slurm tasks', { timeout: 90_000 }, async () => {
  const { env, slurmCommand } = setup(HELD_PROGRAM, 'method: grid\nparameters: {x: {values: [1, 2, 3]}}\ncommand: [NODE, train.mjs, "${args}"]\n');
  // Two CPUs each on a node of 4: 2 agents run, 1 waits.
  const launch = startCli(env, ['launch', 'sweep.yaml', '--project', 'slurm-cancel', '--backend', 'slurm', '--jobs', '3', '--cpus-per-agent', '2', '--poll', '0.3', '--metrics-from-stdout', '--plain']);
  await waitFor('2 running runs', () => runningCount('slurm-cancel', 2), 40_000);
  const job = jobIdIn(launch.output());
  const canceled = await cli(env)('cancel', '--all');
  assert.equal(canceled.code, 0, canceled.out);
  assert.match(canceled.out, new RegExp(`canceled admin/slurm-cancel/\\w+: 2 running runs killed, 2 agents exit\\n {2}scancel Slurm job ${job} \\(3 tasks\\)`));
  const ended = await launch.done;
  assert.match(ended.out, /all 3 agents ended/);
  // The running agents may have exited on the server's word before scancel reached them.
  const [pending, ...ran] = tasksOf(slurmCommand, job);
  assert.equal(pending, 'CANCELLED');
  assert.ok(ran.every((state) => state === 'CANCELLED' || state === 'COMPLETED'), ran.join());
  assert.ok((await runsOf('slurm-cancel')).every((r) => r.state !== 'finished' && r.state !== 'running'));
});

test('a launch: section with problems ends launch before a sweep is created or a job submitted', { timeout: 30_000 }, async () => {
  const { env } = setup('', 'method: grid\nparameters: {x: {values: [1]}}\nlaunch: {backend: slurm, jobs: 0, gpu: 1}\n');
  const rejected = await cli(env)('launch', 'sweep.yaml', '--project', 'slurm-rejected');
  assert.equal(rejected.code, 1);
  assert.match(rejected.out, /^sweep\.yaml: launch\.jobs: must be an integer > 0 \(got 0\)\nsweep\.yaml: launch\.gpu: unknown key/);
  assert.doesNotMatch(rejected.out, /Creating sweep/);
  const { sweeps } = (await (await fetch(`${server.url}/api/v1/sweeps`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).json()) as { sweeps: Array<{ project: string }> };
  assert.ok(!sweeps.some((s) => s.project === 'slurm-rejected'));
});

test('the batch script: #SBATCH lines from the settings, the agent exec\'d in place of the shell with its words quoted', () => {
  const script = slurmScript(
    { server: { url: 'http://h:1', key: 'secret-key' }, sweep: 'a/b/c1', sweepId: 'c1', jobs: 3, poll: 5, logDir: '/logs', workDir: '/work dir', agentCommand: ['/opt/my node', 'main.ts'] },
    { partition: 'gpu', time: '04:00:00', memory: '16G', gpusPerAgent: 2, cpusPerAgent: 8, sbatch: ['--account=ml', '#SBATCH --qos=high'] });
  const lines = script.split('\n');
  assert.equal(lines[0], '#!/bin/sh');
  assert.deepEqual(lines.filter((l) => l.startsWith('#SBATCH')), ['#SBATCH --job-name=sextant-c1', '#SBATCH --array=0-2', '#SBATCH --output=/logs/slurm-%A_%a.out',
    '#SBATCH --chdir=/work dir', '#SBATCH --ntasks=1', '#SBATCH --partition=gpu', '#SBATCH --time=04:00:00', '#SBATCH --mem=16G', '#SBATCH --gres=gpu:2',
    '#SBATCH --cpus-per-task=8', '#SBATCH --account=ml', '#SBATCH --qos=high']);
  assert.equal(lines.at(-2), "exec '/opt/my node' main.ts agent a/b/c1 --poll 5 --log-dir /logs");
  assert.ok(!script.includes('secret-key'));
});

test('squeue lines to tasks: a record of tasks that never ran counts each of them; ps shows them by job, running first', () => {
  const tasks = parseTasks('12_[4-5,7%2]|sextant-a|PENDING\n12_0|sextant-a|RUNNING\n13_1|sextant-b|COMPLETED\n');
  assert.deepEqual(tasks.map((t) => `${t.id} ${t.state}`), ['12_4 PENDING', '12_5 PENDING', '12_7 PENDING', '12_0 RUNNING', '13_1 COMPLETED']);
  assert.equal(formatTasks(tasks), 'slurm 12: 1 running, 3 pending; slurm 13: 1 completed');
});
