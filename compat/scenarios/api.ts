// wandb.Api(): reads, filters, edits, deletes.
import assert from 'node:assert/strict';
import { ok, type Scenario } from '../scenario.ts';

export const apiReads: Scenario = {
  name: 'api-reads',
  rows: [
    'Api: runs() with filters (config, tags) and order',
    'Api: run() config, summary, history, scan_history',
    'Api: run.files() and file download',
    'Api: projects()',
  ],
  async run(s, row) {
    const { out } = await s.python('api_reads.py');
    ok(out.setup, 'logging the runs');
    await row(this.rows[0], () => {
      const runs = ok(out.runs, 'runs()');
      assert.deepEqual(runs.ids, ['fast', 'mid']);
      assert.equal(runs.count, 2);
      assert.deepEqual(runs.tagged, ['mid']);
    });
    await row(this.rows[1], () => {
      const run = ok(out.run, 'run()');
      assert.deepEqual(run.config, { lr: 0.1, opt: 'sgd' });
      assert.equal(run.summary_best, 0.1);
      assert.equal(run.state, 'finished');
      assert.deepEqual(run.history.map((r: { _step: number; loss: number }) => [r._step, r.loss]), [[0, 0.5], [1, 0.4], [2, 0.30000000000000004], [3, 0.2], [4, 0.1]]);
      assert.deepEqual(run.scan, [0.5, 0.4, 0.30000000000000004, 0.2, 0.1]);
      assert.equal(run.scan_all, 5);
    });
    await row(this.rows[2], () => {
      const files = ok(out.files, 'files()');
      for (const name of ['wandb-summary.json', 'wandb-metadata.json', 'config.yaml']) assert.ok(files.names.includes(name), `${name} missing from ${files.names}`);
      assert.equal(JSON.parse(files.summary_file).best, 0.1);
    });
    await row(this.rows[3], () => {
      assert.ok(ok(out.projects, 'projects()').names.includes(s.project));
    });
  },
};

export const apiEdits: Scenario = {
  name: 'api-edits',
  rows: ['Api: run.update() (config, tags, name, summary)', 'Api: run.summary.update()', 'Api: run.delete()'],
  async run(s, row) {
    const { out } = await s.python('api_edits.py');
    ok(out.setup, 'logging the runs');
    const noJunk = async (): Promise<void> => {
      const { body } = await s.api<{ runs?: unknown[] }>('runs/admin/uncategorized');
      assert.equal(body.runs?.length ?? 0, 0, 'an edit created a run in project "uncategorized"');
    };
    await row(this.rows[0], async () => {
      ok(out.update, 'run.update()');
      await noJunk();
      const run = await s.run('edited');
      assert.equal(run.config.lr, 0.5);
      assert.deepEqual([...run.tags].sort(), ['new', 'old']);
      assert.equal(run.name, 'renamed');
      assert.equal(run.summary.note, 'edited');
      assert.equal(run.state, 'finished', 'an edit must not change the state');
    });
    await row(this.rows[1], async () => {
      ok(out.summary, 'run.summary.update()');
      await noJunk();
      const run = await s.run('edited');
      assert.equal(run.summary.extra, 42);
      assert.equal(run.summary.loss, 1, 'the other summary keys stay');
    });
    await row(this.rows[2], async () => {
      ok(out.delete, 'run.delete()');
      const { status } = await s.api(`runs/admin/${s.project}/doomed`);
      assert.equal(status, 404, 'the deleted run is still there');
      assert.deepEqual((await s.runs()).map((r) => r.id), ['edited']);
    });
  },
};
