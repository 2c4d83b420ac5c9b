// Sweeps with the real `wandb sweep` / `wandb agent` commands and wandb.agent(function=…).
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Finished, Run, Session } from '../harness.ts';
import { NotApplicable, ok, type Scenario } from '../scenario.ts';

interface Sweep { state: string; runCount: number; runs: Record<string, number> }

/** `wandb sweep` prints the ID on stderr (not with WANDB_SILENT). */
async function createSweep(s: Session, yaml: string, extra: string[] = []): Promise<string> {
  copyFileSync(join(import.meta.dirname, 'train.py'), join(s.dir, 'train.py'));
  const file = join(s.dir, `sweep-${Date.now()}.yaml`);
  writeFileSync(file, `program: train.py\n${yaml}`);
  const made = await s.wandb(['sweep', ...extra, file], { WANDB_SILENT: undefined });
  const id = /Creat(?:ed|ing) sweep with ID: (\w+)/.exec(made.stderr + made.stdout)?.[1];
  assert.ok(id, `wandb sweep printed no sweep ID (exit ${made.code}): ${made.stderr.slice(-800)}`);
  return id;
}

function agent(s: Session, target: string, extra: string[] = [], env: Record<string, string> = {}): Promise<Finished> {
  return s.wandb(['agent', ...extra, target], { WANDB_SILENT: undefined, ...env });
}

async function sweep(s: Session, id: string): Promise<Sweep> {
  const { status, body } = await s.api<Sweep>(`sweeps/admin/${s.project}/${id}`);
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

const sweepRuns = (s: Session, id: string): Promise<Run[]> => s.runs({ sweep: id });

/** Waits (no assertion on time) until `probe` holds or the agent is gone. */
async function until(probe: () => Promise<boolean>, limitMs = 90_000): Promise<void> {
  for (const end = Date.now() + limitMs; Date.now() < end; await sleep(500)) if (await probe()) return;
  throw new Error('gave up waiting');
}

function exited(finished: Finished, what: string): void {
  assert.equal(finished.code, 0, `${what} exited with ${finished.code}: ${finished.stderr.slice(-800)}`);
}

export const gridSweep: Scenario = {
  name: 'sweep-grid',
  rows: ['`wandb sweep` + `wandb agent` (grid): each point once, then the agent exits'],
  async run(s, row) {
    const id = await createSweep(s, 'method: grid\nmetric: {name: loss, goal: minimize}\nparameters:\n  x: {values: [1, 2, 3]}\n');
    const done = await agent(s, `admin/${s.project}/${id}`, ['--count', '5']);
    await row(this.rows[0], async () => {
      exited(done, 'wandb agent');
      const runs = await sweepRuns(s, id);
      assert.deepEqual(runs.map((r) => r.config.x).sort(), [1, 2, 3]);
      assert.deepEqual(runs.map((r) => r.state), ['finished', 'finished', 'finished']);
      assert.equal(runs[0].historyLineCount, 3);
      assert.equal((await sweep(s, id)).state, 'FINISHED');
    });
  },
};

export const randomSweep: Scenario = {
  name: 'sweep-random',
  rows: ['`wandb agent` (random) stops at the sweep\'s run_cap'],
  async run(s, row) {
    const id = await createSweep(s, 'method: random\nrun_cap: 2\nparameters:\n  x: {distribution: uniform, min: 0, max: 1}\n');
    const done = await agent(s, `admin/${s.project}/${id}`);
    await row(this.rows[0], async () => {
      exited(done, 'wandb agent');
      const runs = await sweepRuns(s, id);
      assert.equal(runs.length, 2);
      for (const run of runs) assert.ok(run.config.x >= 0 && run.config.x <= 1 && run.state === 'finished', JSON.stringify(run.config));
      assert.equal((await sweep(s, id)).runCount, 2);
    });
  },
};

export const bayesSweep: Scenario = {
  name: 'sweep-bayes',
  rows: ['bayes + hyperband early_terminate: the worse run is stopped and ends `killed`'],
  async run(s, row) {
    // Two runs at a band: the threshold is sorted[floor(2 / eta)], so eta 2 makes it the worse run's
    // own value and a tie survives (nothing is ever stopped); eta 3 makes it the better run's value.
    const id = await createSweep(s, 'method: bayes\nmetric: {name: loss, goal: minimize}\nrun_cap: 2\n' +
      'early_terminate: {type: hyperband, min_iter: 2, eta: 3}\nparameters:\n  x: {distribution: uniform, min: 0, max: 1}\n');
    // No --count: the agent runs until the server tells it to exit. A count could run out on a run
    // the client failed to start (wandb 0.16.6 under load: "Connection to wandb service failed"),
    // which the server hands out again; the agent would then exit right after killing the worse run,
    // without the heartbeat that tells the server its process is gone.
    const done = await agent(s, `admin/${s.project}/${id}`, [], { STEPS: '60', BAD_AFTER: '1', BAD_SLOW: '0.5' });
    await row(this.rows[0], async () => {
      exited(done, 'wandb agent');
      const runs = await sweepRuns(s, id);
      assert.equal(runs.length, 2, 'run_cap 2');
      const [good, bad] = [...runs].sort((a, b) => a.summary.loss - b.summary.loss);
      assert.equal(good.state, 'finished');
      assert.equal(good.historyLineCount, 60);
      assert.ok(bad.historyLineCount < 60, `the worse run was not stopped (${bad.historyLineCount} rows)`);
      assert.equal(bad.state, 'killed', `a run stopped by hyperband ends ${bad.state}`);
    });
  },
};

export const sweepControls: Scenario = {
  name: 'sweep-controls',
  rows: ['`wandb sweep --pause` / `--resume` (a sweep no agent started is PENDING: "Cannot pause pending sweep", as on W&B)', '`wandb sweep --stop`: the running run finishes, no new one starts', '`wandb sweep --cancel`: the agent exits, the run ends `killed`'],
  async run(s, row) {
    const random = 'method: random\nparameters:\n  x: {distribution: uniform, min: 0, max: 1}\n';
    const [stopped, canceled, fresh] = await Promise.all([createSweep(s, random), createSweep(s, random), createSweep(s, random)]);
    const target = (id: string): string => `admin/${s.project}/${id}`;
    // Running from wandb.init on. Not "has history": wandb-core batches file_stream for seconds, and a
    // short run's history can arrive together with its end, leaving no moment to observe.
    const running = async (id: string): Promise<boolean> => (await sweepRuns(s, id)).some((r) => r.state === 'running');
    const stopAgent = agent(s, target(stopped), [], { STEPS: '30', SLOW: '0.5' });
    const cancelAgent = agent(s, target(canceled), [], { STEPS: '600', SLOW: '0.5' });
    await Promise.all([
      (async () => {
        // As on W&B, a sweep no agent has started is PENDING, and the client refuses to pause it.
        await row(this.rows[0], async () => {
          const refused = await s.wandb(['sweep', '--pause', target(fresh)]);
          assert.match(refused.stderr + refused.stdout, /Cannot pause pending sweep/);
          assert.equal((await sweep(s, fresh)).state, 'PENDING');
          await until(() => running(stopped));
          exited(await s.wandb(['sweep', '--pause', target(stopped)]), 'wandb sweep --pause');
          assert.equal((await sweep(s, stopped)).state, 'PAUSED');
          exited(await s.wandb(['sweep', '--resume', target(stopped)]), 'wandb sweep --resume');
          assert.equal((await sweep(s, stopped)).state, 'RUNNING');
        });
        await row(this.rows[1], async () => {
          await until(() => running(stopped));
          exited(await s.wandb(['sweep', '--stop', target(stopped)]), 'wandb sweep --stop');
          const stoppedAt = new Date().toISOString();
          exited(await stopAgent, 'wandb agent');
          assert.equal((await sweep(s, stopped)).state, 'FINISHED');
          const runs = await sweepRuns(s, stopped);
          assert.deepEqual(runs.filter((r) => r.createdAt > stoppedAt).map((r) => r.id), [], 'runs started after --stop');
          for (const run of runs) assert.deepEqual([run.state, run.historyLineCount], ['finished', 30], `run ${run.id}`);
        });
      })(),
      row(this.rows[2], async () => {
        await until(() => running(canceled));
        exited(await s.wandb(['sweep', '--cancel', target(canceled)]), 'wandb sweep --cancel');
        await cancelAgent;
        assert.equal((await sweep(s, canceled)).state, 'CANCELED');
        const runs = await sweepRuns(s, canceled);
        assert.equal(runs.length, 1);
        assert.ok(runs[0].historyLineCount < 600);
        assert.equal(runs[0].state, 'killed', `a run of a canceled sweep ends ${runs[0].state}`);
      }),
    ]);
  },
};

export const sweepOptions: Scenario = {
  name: 'sweep-options',
  rows: ['`wandb agent SWEEP_ID` with a bare ID (project from WANDB_PROJECT)', '`wandb sweep --prior_run RUN` attaches the run to the sweep'],
  async run(s, row) {
    const grid = 'method: grid\nparameters:\n  x: {values: [4]}\n';
    await row(this.rows[0], async () => {
      const id = await createSweep(s, grid);
      exited(await agent(s, id, ['--count', '1']), `wandb agent ${id}`);
      const runs = await sweepRuns(s, id);
      assert.deepEqual(runs.map((r) => [r.config.x, r.state]), [[4, 'finished']]);
    });
    await row(this.rows[1], async () => {
      if (s.client.version.startsWith('0.16.')) throw new NotApplicable('no --prior_run option before 0.17');
      copyFileSync(join(import.meta.dirname, 'train.py'), join(s.dir, 'train.py'));
      exited(await s.spawn(join(s.client.bin, 'python'), ['train.py'], { WANDB_RUN_ID: 'prior1' }), 'python train.py');
      const id = await createSweep(s, grid, ['--prior_run', 'prior1']);
      assert.equal((await s.run('prior1')).sweep, id);
    });
  },
};

export const functionAgent: Scenario = {
  name: 'sweep-function',
  rows: ['`wandb.sweep` + `wandb.agent(function=…, count=2)`', 'Api: sweep() runs, best_run(), config', 'Api: project.sweeps()'],
  async run(s, row) {
    const { out } = await s.python('sweep_function.py');
    await row(this.rows[0], async () => {
      const id = ok(out.agent, 'wandb.agent').id;
      const runs = await sweepRuns(s, id);
      assert.deepEqual(runs.map((r) => [r.config.x, r.state, r.summary.loss]).sort(), [[1, 'finished', 2], [3, 'finished', 6]]);
    });
    await row(this.rows[1], () => {
      const read = ok(out.read, 'Api sweep');
      assert.deepEqual(read.runs, [1, 3]);
      assert.equal(read.best, 1);
      assert.deepEqual(read.parameters, { x: { values: [3, 1, 2] } });
    });
    await row(this.rows[2], () => {
      assert.deepEqual(ok(out.project_sweeps, 'project.sweeps()').ids, [ok(out.agent, 'wandb.agent').id]);
    });
  },
};
