// Three `sextant server` processes on one PostgreSQL database behave as one: 120 simulated agents
// spread over them run a grid sweep and a capped random sweep while one replica is killed (-9)
// mid-sweep and its agents move on to the others, as behind a load balancer. Every grid point is
// handed out once, run_cap is never passed, every run ends (none is lost), the runs of agents that
// vanished are crashed by the surviving replicas, and a dashboard on one replica sees changes made
// through another. Live updates cross replicas by LISTEN/NOTIFY, also after the listening
// connection was killed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { startPostgresCluster, type PostgresCluster } from './testing/postgres-cluster.ts';
import { LISTENER_NAME } from './store/postgres-changes.ts';
import { startServerProcess, TEST_KEY, type ServerProcess } from './testing/server-process.ts';
import { SweepClient, type AgentCommand, type RunCommand } from './testing/sweep-client.ts';
import { ServerError } from '@sextant/client';
import { openPostgresStore } from './store/postgres.ts';
import { liveEvents } from './testing/live-events.ts';

const GRID_POINTS = 150;
const RUN_CAP = 60;
const GRID_AGENTS = 90;
const CAPPED_AGENTS = 30;
/** Grid agents that vanish after their first run, without finishing it. */
const VANISHING = 3;
/** Grid runs handed out before the third replica is killed. */
const KILL_AFTER = 50;
const PROJECT = 'replicas';

let cluster: PostgresCluster;
before(() => {
  cluster = startPostgresCluster();
});
after(() => cluster.stop());

test('three replicas on one PostgreSQL: each grid point once, run_cap kept, no run lost while one is killed', { timeout: 120_000 }, async () => {
  const replicas: ServerProcess[] = [];
  try {
    const url = await cluster.createDatabase();
    const args = ['--store', url, '--agent-timeout', '5'];
    // The first creates the schema and the admin; the others start together on it.
    replicas.push(await startServerProcess(undefined, args));
    replicas.push(...(await Promise.all([startServerProcess(undefined, args), startServerProcess(undefined, args)])));
    const clients = replicas.map((replica) => new SweepClient(replica.url, PROJECT));

    // A load balancer's failover: the agent's own replica first, then the next ones.
    const balanced = async <T>(home: number, call: (client: SweepClient) => Promise<T>): Promise<T> => {
      for (let i = 0; ; i++) {
        try {
          return await call(clients[(home + i) % clients.length]);
        } catch (error) {
          if (!(error instanceof ServerError && error.status === undefined) || i >= clients.length) throw error;
        }
      }
    };

    const live = await liveStream(replicas[0].url);
    const before = await live.next();
    assert.ok(before);

    const grid = await clients[1].createSweep(`method: grid\nparameters:\n  x:\n    values: [${Array.from({ length: GRID_POINTS }, (_, i) => i).join(', ')}]\n`);
    const capped = await clients[2].createSweep(`method: random\nrun_cap: ${RUN_CAP}\nparameters:\n  lr: {min: 0.0, max: 1.0}\n`);
    const received = new Map<string, RunCommand[]>([[grid, []], [capped, []]]);
    const finished = new Set<string>();
    const vanished = new Set<string>();
    let killedAt = -1;

    const agent = async (sweep: string, home: number, vanishes: boolean): Promise<void> => {
      const id = await balanced(home, (client) => client.createAgent(sweep));
      for (;;) {
        const commands: AgentCommand[] = await balanced(home, (client) => client.heartbeat(id));
        const run = commands.find((c): c is RunCommand => c.type === 'run');
        if (!run) {
          if (commands.some((c) => c.type === 'exit')) return;
          // Nothing this time (an assignment lost its race too often): ask again, as wandb agent would.
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        received.get(sweep)!.push(run);
        if (sweep === grid && killedAt < 0 && received.get(grid)!.length >= KILL_AFTER) {
          killedAt = received.get(grid)!.length;
          replicas[2].child.kill('SIGKILL');
        }
        if (vanishes) return void vanished.add(run.run_id);
        await balanced(home, (client) => client.finishRun(run.run_id));
        finished.add(run.run_id);
      }
    };
    await Promise.all([
      ...Array.from({ length: GRID_AGENTS }, (_, i) => agent(grid, i % 3, i < VANISHING)),
      ...Array.from({ length: CAPPED_AGENTS }, (_, i) => agent(capped, i % 3, false)),
    ]);
    assert.ok(killedAt >= KILL_AFTER && received.get(grid)!.length > killedAt, 'the replica was killed mid-sweep');

    const store = await openPostgresStore(url);
    try {
      const gridRuns = await store.sweepRuns({ entity: 'admin', project: PROJECT, name: grid });
      const points = gridRuns.map((run) => (run.config.x as { value: number }).value).sort((a, b) => a - b);
      assert.deepEqual(points, Array.from({ length: GRID_POINTS }, (_, i) => i), 'each grid point handed out exactly once');
      const cappedRuns = await store.sweepRuns({ entity: 'admin', project: PROJECT, name: capped });
      assert.equal(cappedRuns.length, RUN_CAP, 'run_cap reached and never passed');
      assert.equal((await store.getSweep({ entity: 'admin', project: PROJECT, name: capped }))?.runCount, RUN_CAP);

      const all = [...gridRuns, ...cappedRuns];
      const stored = new Set(all.map((run) => run.name));
      for (const run of [...received.values()].flat()) assert.ok(stored.has(run.run_id), `run ${run.run_id} an agent was given is stored`);
      // Vanished agents are buried by a surviving replica (each replica checks on its own timer).
      const state = async (name: string) => (await store.getRun({ entity: 'admin', project: PROJECT, name }))?.state;
      for (const name of vanished) {
        while ((await state(name)) !== 'crashed') await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const states = new Map((await Promise.all(all.map(async (run) => [run.name, await state(run.name)] as const))));
      for (const name of finished) assert.equal(states.get(name), 'finished', name);
      // A run handed out in an answer the killed replica never sent failed when its agent next
      // asked without it; none stays pending or running.
      const others = [...states].filter(([name]) => !finished.has(name) && !vanished.has(name));
      assert.ok(others.every(([, s]) => s === 'failed'), JSON.stringify(others));
      assert.equal(finished.size + vanished.size + others.length, GRID_POINTS + RUN_CAP);
    } finally {
      await store.close();
    }

    // The dashboard on the first replica saw the changes made through the others.
    const after = await live.next();
    assert.ok(after && after !== before, `${after} after ${before}`);
    live.close();
  } finally {
    await Promise.all(replicas.map((replica) => replica.stop()));
  }
});

test('live updates across replicas: a change through one reaches a stream on another, also after its listening connection was killed', { timeout: 60_000 }, async (t) => {
  const url = await cluster.createDatabase();
  const args = ['--store', url];
  const a = await startServerProcess(undefined, args);
  t.after(() => a.stop());
  const b = await startServerProcess(undefined, args);
  t.after(() => b.stop());
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  t.after(() => db.end());
  const listeners = async (): Promise<number[]> => (await db.query("SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'", [LISTENER_NAME]))
    .rows.map((row: { pid: number }) => row.pid);
  const client = new SweepClient(a.url, PROJECT);
  const live = await liveStream(b.url);
  t.after(() => live.close());
  let version = await live.next();
  /** The next version B's stream sends after a change made through A. */
  const changeThroughA = async (): Promise<void> => {
    await client.createSweep('method: random\nparameters:\n  x: {min: 0.0, max: 1.0}\n');
    const next = await live.next();
    assert.ok(next && next !== version, `${next} after ${version}`);
    version = next;
  };
  await changeThroughA();

  // The listener is killed; a change made before it is back arrives by the check after reconnecting.
  const [killed] = await listeners();
  assert.ok(killed, 'replica B listens on a connection of its own');
  await db.query('SELECT pg_terminate_backend($1)', [killed]);
  await changeThroughA();
  // And once it listens again, changes arrive as notifications.
  while (!(await listeners()).some((pid) => pid !== killed)) await new Promise((resolve) => setTimeout(resolve, 100));
  await changeThroughA();
});

/** A dashboard's live stream of the project's versions. */
async function liveStream(base: string): Promise<{ next(): Promise<string | undefined>; close(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/live/admin/${PROJECT}`, { headers: { authorization: `Bearer ${TEST_KEY}` }, signal: controller.signal });
  return { next: liveEvents(response), close: () => controller.abort() };
}
