// The real @wandb/sdk npm client logs a run to a real `sextant server` child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { startServerProcess, TEST_KEY } from './testing/server-process.ts';

test('@wandb/sdk: init, log, finish; config, history and summary are stored as logged', { timeout: 60_000 }, async () => {
  const server = await startServerProcess();
  try {
    const script = `
      import wandb from '@wandb/sdk';
      const run = await wandb.init({ project: 'sdk-e2e', config: { lr: 0.01, layers: [64, 32] } });
      for (let i = 0; i < 5; i++) wandb.log({ loss: 1 / (i + 1), acc: i / 10 });
      await wandb.finish();
      console.log('run=' + run.id);`;
    const client = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: import.meta.dirname, encoding: 'utf8', timeout: 45_000,
      env: { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY },
    });
    assert.equal(client.status, 0, client.stderr);
    const runId = /run=(\S+)/.exec(client.stdout)?.[1];
    assert.ok(runId, client.stdout);
    await server.stop();
    const db = new DatabaseSync(join(server.dataDir, 'sextant.db'));
    const run = db.prepare('SELECT * FROM runs WHERE name = ?').get(runId) as Record<string, string | number>;
    assert.equal(run.entity, 'admin');
    assert.equal(run.project, 'sdk-e2e');
    assert.equal(run.state, 'finished');
    assert.deepEqual(JSON.parse(String(run.config)), { lr: { value: 0.01, desc: null }, layers: { value: [64, 32], desc: null } });
    const history = (db.prepare("SELECT content FROM run_lines WHERE run = ? AND file = 'history' ORDER BY line_index").all(runId) as Array<{ content: string }>)
      .map((row) => JSON.parse(row.content) as Record<string, number>);
    assert.deepEqual(history.map((h) => [h.loss, h.acc, h._step]), [[1, 0, 0], [0.5, 0.1, 1], [1 / 3, 0.2, 2], [0.25, 0.3, 3], [0.2, 0.4, 4]]);
    const summary = JSON.parse(String(run.summary)) as Record<string, number>;
    assert.deepEqual([summary.loss, summary.acc, summary._step], [0.2, 0.4, 4]);
    db.close();
  } finally {
    await server.stop();
  }
});
