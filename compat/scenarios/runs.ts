// Runs: init options, log, summary, config, finish, resume, branching, non-finite numbers, offline + sync.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NotApplicable, ok, type Scenario } from '../scenario.ts';

export const basics: Scenario = {
  name: 'run-basics',
  rows: [
    'wandb.init with every option (entity, id, name, notes, tags, group, job_type, config, config_exclude_keys, …)',
    'wandb.log: rows, explicit step, commit=False',
    'run.summary: set, update, overwrite',
    'run.config.update after init',
    'wandb.finish(exit_code=1) marks the run failed',
  ],
  async run(s, row) {
    const { out } = await s.python('run_basics.py');
    await row(this.rows[0], async () => {
      ok(out.init, 'wandb.init');
      const run = await s.run('basics1');
      assert.equal(run.name, 'first-light');
      assert.equal(run.notes, 'a note');
      assert.deepEqual([...run.tags].sort(), ['a', 'b']);
      assert.equal(run.group, 'g1');
      assert.equal(run.jobType, 'train');
      assert.deepEqual(run.config.layers, { n: 2, act: 'relu' });
      assert.equal(run.config.secret, undefined, 'config_exclude_keys must keep "secret" out');
    });
    await row(this.rows[1], async () => {
      ok(out.log, 'wandb.log');
      ok(out.finish, 'wandb.finish');
      const history = (await s.api(`runs/admin/${s.project}/basics1/history?keys=loss,extra`)).body;
      assert.deepEqual(history.series.loss.x, [0, 1, 2, 3, 5]);
      assert.deepEqual(history.series.loss.y, [1, 0.5, 1 / 3, 0.25, 0.1]);
      assert.deepEqual(history.series.extra.x, [3], 'commit=False values join the next row');
    });
    await row(this.rows[2], async () => {
      ok(out.summary, 'run.summary');
      const run = await s.run('basics1');
      assert.equal(run.summary.best, 0.05);
      assert.equal(run.summary.final, 'done');
      assert.deepEqual(run.summary.nested, { k: 1 });
      assert.equal(run.summary.acc, 0.99, 'an explicit summary value wins over the last logged one');
    });
    await row(this.rows[3], async () => {
      ok(out.config, 'run.config.update');
      const run = await s.run('basics1');
      assert.equal(run.config.epochs, 3);
      assert.equal(run.config.lr, 0.02);
      assert.equal(run.state, 'finished');
    });
    await row(this.rows[4], async () => {
      ok(out.failed, 'second run');
      const run = await s.run('basics2');
      assert.equal(run.state, 'failed');
      assert.equal(run.exitcode, 1);
    });
  },
};

export const resume: Scenario = {
  name: 'resume',
  rows: ['resume="must" / "allow" continue a finished run; "never" refuses'],
  async run(s, row) {
    const { out } = await s.python('resume.py');
    await row(this.rows[0], async () => {
      for (const step of ['first', 'must', 'allow']) ok(out[step], `resume step ${step}`);
      const run = await s.run('resumed1');
      assert.equal(run.state, 'finished');
      assert.equal(run.summary.resumed, true);
      const history = (await s.api(`runs/admin/${s.project}/resumed1/history?keys=loss`)).body;
      assert.deepEqual(history.series.loss.x, [0, 1, 2, 3, 4, 5]);
      assert.match(String(ok(out.never, 'resume="never"').raised), /./, 'resume="never" on an existing run must raise');
    });
  },
};

export const branch: Scenario = {
  name: 'branch',
  rows: [
    'wandb.init(fork_from="RUN?_step=N"): a new run logging from step N+1 (the parent\'s history up to N is not copied to it)',
    'wandb.init(resume_from="RUN?_step=N") (rewind) is refused with an error naming rewindRun',
  ],
  async run(s, row) {
    const { out } = await s.python('branch.py');
    ok(out.parent, 'the parent run');
    const losses = async (id: string): Promise<number[][]> => {
      const { body } = await s.api(`runs/admin/${s.project}/${id}/history?keys=loss`);
      return body.series.loss.x.map((x: number, i: number) => [x, body.series.loss.y[i]]);
    };
    const parent = [[0, 1], [1, 0.5], [2, 1 / 3], [3, 0.25], [4, 0.2]];
    await row(this.rows[0], async () => {
      assert.equal(ok(out.fork, 'fork_from').starting_step, 3);
      assert.deepEqual(await losses('forked1'), [[3, 9]]);
      assert.equal((await s.run('forked1')).state, 'finished');
      assert.deepEqual(await losses('parent1'), parent, 'the parent is left as it was');
    });
    await row(this.rows[1], async () => {
      if (s.client.version.startsWith('0.16.')) throw new NotApplicable('no resume_from option in 0.16');
      assert.match(String(ok(out.rewind, 'resume_from').raised), /rewindRun is not implemented by this server/);
      assert.deepEqual(await losses('parent1'), parent, 'the refused rewind changed nothing');
    });
  },
};

export const nonFinite: Scenario = {
  name: 'nan-inf',
  rows: ['NaN and ±Infinity in history; ±Infinity in summary (the client itself drops a NaN summary value)'],
  async run(s, row) {
    const { out } = await s.python('nan_inf.py');
    await row(this.rows[0], async () => {
      const { local_summary: sent } = ok(out.log, 'logging');
      const run = await s.run('nonfinite');
      assert.equal(run.historyLineCount, 2, 'both rows must be stored');
      assert.equal(run.summary.s_inf, 'Infinity', 'the summary stored on the server');
      const read = ok(out.read, 'wandb.Api read-back');
      assert.deepEqual(read.rows.map((r: Record<string, unknown>) => [r.a, r.b, r.c, r.ok]), [['NaN', 'Infinity', '-Infinity', 1], [1.5, 2.5, 3.5, 2]]);
      // The client writes a NaN summary value as null or leaves it out, and sends what it wrote:
      // the server reads back exactly the client's own summary file.
      assert.equal(sent.s_inf, 'Infinity');
      assert.deepEqual(read.summary, { s_nan: sent.s_nan ?? null, s_inf: 'Infinity' });
    });
  },
};

export const offline: Scenario = {
  name: 'offline-sync',
  rows: ['offline run, then `wandb sync`'],
  async run(s, row) {
    const { out } = await s.python('offline.py', [], { WANDB_MODE: 'offline' });
    const wandbDir = join(s.dir, 'wandb');
    const runDir = ok(out.offline, 'offline run') && readdirSync(wandbDir).find((d) => d.startsWith('offline-run-'));
    const sync = runDir ? await s.wandb(['sync', join(wandbDir, runDir)]) : undefined;
    await row(this.rows[0], async () => {
      assert.ok(runDir, `no offline-run-* folder in ${wandbDir}`);
      assert.equal(sync?.code, 0, `wandb sync failed: ${sync?.stderr}`);
      const run = await s.run('offline1');
      assert.equal(run.config.lr, 0.3);
      assert.equal(run.summary.best, 1);
      assert.equal(run.historyLineCount, 4);
      assert.equal(run.state, 'finished');
    });
  },
};
