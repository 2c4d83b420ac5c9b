// The store suite against a real PostgreSQL: a throwaway cluster on loopback, one fresh database per test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openPostgresDatabase, openPostgresStore } from './postgres.ts';
import { storeSuite } from './store-suite.ts';
import { startPostgresCluster, type PostgresCluster } from '../testing/postgres-cluster.ts';

let cluster: PostgresCluster;

before(() => {
  cluster = startPostgresCluster();
});
after(() => cluster.stop());

storeSuite({
  name: 'postgres',
  dialect: 'postgres',
  create: () => cluster.createDatabase(),
  connect: openPostgresDatabase,
  open: openPostgresStore,
});

test('lines written through one server reach the watchers of another on the same database, the last of a burst too', { timeout: 60_000 }, async () => {
  const url = await cluster.createDatabase();
  const writer = await openPostgresStore(url);
  const reader = await openPostgresStore(url);
  const key = { entity: 'alice', project: 'proj', name: 'run1' };
  const told: string[] = [];
  const errors: unknown[] = [];
  let wake = (): void => {};
  try {
    await writer.upsertRun(key, { config: {} });
    const stop = reader.watchProjects((changed) => {
      told.push(changed ? changed.project : '*');
      wake();
    }, (error) => errors.push(error));
    /** Waits until `name` is told, and forgets what was told up to it. */
    const until = async (name: string): Promise<void> => {
      for (;;) {
        const at = told.indexOf(name);
        if (at >= 0) return void told.splice(0, at + 1);
        await new Promise<void>((resolve) => (wake = resolve));
      }
    };
    try {
      await until('*');
      const line = (step: number) => [{ content: `{"_step": ${step}}`, step }];
      assert.ok(await writer.appendLines(key, 'history', 0, line(0)));
      await until('proj');
      assert.equal((await reader.getRun(key))?.historyLineCount, 1, 'told once the lines were committed');
      // Written again at once, within the gap between notifications: told after the gap, not lost.
      await writer.writeLines(key, 'history', 1, line(1));
      await until('proj');
      assert.equal((await reader.getRun(key))?.historyLineCount, 2);
      assert.deepEqual(errors, []);
    } finally {
      stop();
    }
  } finally {
    await writer.close();
    await reader.close();
  }
});

test('appends committed together whose statement fails as a whole are tried one by one: only the bad one fails, the others are written', async () => {
  const store = await openPostgresStore(await cluster.createDatabase());
  try {
    const runs = Array.from({ length: 10 }, (_, i) => ({ entity: 'alice', project: 'proj', name: `run${i}` }));
    for (const run of runs) await store.upsertRun(run, {});
    // PostgreSQL's text holds no NUL character: run8's line fails the statement it is written in.
    const outcomes = await Promise.allSettled(runs.map((run, i) => store.appendLines(run, 'history', 0, [{ content: i === 8 ? 'bad \u0000 line' : `{"_step": ${i}}`, step: i }])));
    assert.deepEqual(outcomes.map((o) => o.status), runs.map((_, i) => (i === 8 ? 'rejected' : 'fulfilled')));
    for (const [i, run] of runs.entries()) {
      assert.deepEqual(await store.readLines(run, 'history', 0, 10), i === 8 ? [] : [`{"_step": ${i}}`]);
      assert.equal((await store.getRun(run))?.historyLineCount, i === 8 ? 0 : 1);
    }
  } finally {
    await store.close();
  }
});

test('lines another server writes while an append waits for its run are written over, not refused as duplicates', { timeout: 60_000 }, async () => {
  const url = await cluster.createDatabase();
  const store = await openPostgresStore(url);
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  try {
    const run = { entity: 'alice', project: 'proj', name: 'run1' };
    await store.upsertRun(run, {});
    // The other server's append of the same lines, not yet committed: it holds the run's row.
    await other.query('BEGIN');
    await other.query(`INSERT INTO run_lines (entity, project, run, file, line_index, step, content)
      VALUES ('alice', 'proj', 'run1', 'history', 0, 0, 'theirs 0'), ('alice', 'proj', 'run1', 'history', 1, 1, 'theirs 1')`);
    await other.query("UPDATE runs SET history_line_count = 2 WHERE entity = 'alice' AND project = 'proj' AND name = 'run1'");
    // Ours starts meanwhile: its snapshot holds no lines, so it takes both as new, then waits for the row.
    const ours = store.appendLines(run, 'history', 0, [{ content: 'ours 0', step: 0 }, { content: 'ours 1', step: 1 }]);
    for (;;) {
      // Inside a transaction pg_stat_activity keeps the view it first read: read it anew each time.
      await other.query('SELECT pg_stat_clear_snapshot()');
      const waiting = await other.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'WITH v AS%'");
      if (waiting.rowCount) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await other.query('COMMIT');
    assert.deepEqual(await ours, { stopRequested: false, sweepName: null });
    assert.deepEqual(await store.readLines(run, 'history', 0, 10), ['ours 0', 'ours 1']);
    assert.equal((await store.getRun(run))?.historyLineCount, 2);
  } finally {
    await other.end();
    await store.close();
  }
});
