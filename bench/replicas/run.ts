// bench/replicas: sweep assignment on 1, 2 and 3 `sextant server` replicas sharing one PostgreSQL
// database, against one replica on SQLite, each with the same simulated agents spread evenly over
// the replicas (as a round-robin load balancer would).
// 1. Throughput: agents take a run, finish it at once and ask again, flat out, on a grid sweep of
//    `--assignments` points (after a warm-up sweep of one run per agent); assignments per second over the whole sweep, and duplicates (grid
//    points handed out more than once) read back from the database.
// 2. Latency: agents hold each run 1–3 s while heartbeating every second (as wandb agent does) for
//    `--rounds` runs each; p50/p99 of every heartbeat after each agent's first.
// 3. Where the time goes (profile.ts): CPU seconds per 1,000 assignments of the replicas, of
//    PostgreSQL and of the bench's agents during the throughput phase; and, in a separate pass with
//    PostgreSQL's statement log on (which slows it), the statements run per assignment with 1 and
//    with 3 replicas.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startPostgresCluster } from '../../packages/server/testing/postgres-cluster.ts';
import { startServerProcess, type ServerProcess } from '../../packages/server/testing/server-process.ts';
import { SweepClient, type RunCommand } from '../../packages/server/testing/sweep-client.ts';
import { openStore } from '../../packages/server/server.ts';
import { writeResults } from '../results.ts';
import { cpuMeter, type CpuSplit } from '../cpu-meter.ts';
import { logStatements, statementCounts } from './profile.ts';
import { statSync } from 'node:fs';

const { values: flags } = parseArgs({ options: {
  agents: { type: 'string', default: '200' },
  assignments: { type: 'string', default: '2000' },
  rounds: { type: 'string', default: '3' },
  help: { type: 'boolean', default: false },
} });
if (flags.help) {
  process.stdout.write('Usage: node bench/replicas/run.ts [--agents 200] [--assignments 2000] [--rounds 3]\n');
  process.exit(0);
}
const AGENTS = Number(flags.agents);
const ASSIGNMENTS = Number(flags.assignments);
const ROUNDS = Number(flags.rounds);

interface Figures {
  setup: string;
  perSecond: number;
  duplicates: number;
  p50: number;
  p99: number;
  beats: number;
  cpu: CpuSplit;
  assigned: number;
}

const quantile = (values: number[], q: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cluster = startPostgresCluster();
const results: Figures[] = [];
let statements: Statements[];
try {
  results.push(await measure('1 replica, SQLite', 1, undefined));
  for (const count of [1, 2, 3]) results.push(await measure(`${count} replica${count > 1 ? 's' : ''}, PostgreSQL`, count, await cluster.createDatabase()));
  statements = [await countStatements(1, await cluster.createDatabase()), await countStatements(3, await cluster.createDatabase())];
} finally {
  cluster.stop();
}
const one = results[1];
const three = results[3];
writeResults(import.meta.dirname, 'bench/replicas results', [[
  `## ${AGENTS} agents spread over the replicas`, '',
  '| setup | assignments/s (flat out) | duplicates | heartbeat p50 ms | heartbeat p99 ms | heartbeats timed |',
  '| --- | --- | --- | --- | --- | --- |',
  ...results.map((r) => `| ${r.setup} | ${r.perSecond.toFixed(0)} | ${r.duplicates} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.beats} |`), '',
  '## Where the time goes (throughput phase)', '',
  'CPU seconds per 1,000 assignments (one assignment = a heartbeat that gets a run, the run joining, the run finishing), and the share of the 2 cores they kept busy:', '',
  '| setup | replicas | PostgreSQL | bench (agents) | total | cores busy |',
  '| --- | --- | --- | --- | --- | --- |',
  ...results.map(({ setup, cpu, assigned }) => {
    const per = (seconds: number) => (1000 * seconds / assigned).toFixed(2);
    const total = cpu.servers + cpu.postgres + cpu.bench;
    return `| ${setup} | ${per(cpu.servers)} | ${per(cpu.postgres)} | ${per(cpu.bench)} | ${per(total)} | ${(total / cpu.wallSeconds).toFixed(2)} |`;
  }), '',
  `Statements PostgreSQL ran per assignment, in a separate pass with its statement log on (${statements.map((s) => `${s.replicas} replica${s.replicas > 1 ? 's' : ''}: ${s.assigned} assignments`).join(', ')}); the most frequent:`, '',
  `| statement | ${statements.map((s) => `${s.replicas} replica${s.replicas > 1 ? 's' : ''}`).join(' | ')} |`, `| --- |${statements.map(() => ' --- |').join('')}`,
  ...statements[0].kinds.slice(0, 12).map(([kind]) =>
    `| \`${kind.replace(/\|/g, '\\|')}\` | ${statements.map((s) => ((s.kinds.find(([k]) => k === kind)?.[1] ?? 0) / s.assigned).toFixed(2)).join(' | ')} |`),
  `| all | ${statements.map((s) => s.perAssignment.toFixed(1)).join(' | ')} |`, '',
  `3 replicas / 1 replica on PostgreSQL: ${(three.perSecond / one.perSecond).toFixed(2)}× the assignments per second (goal ≥ 1.5×: ${three.perSecond >= 1.5 * one.perSecond ? 'met' : 'NOT met'}); ` +
    `p99 with 3 replicas ${three.p99.toFixed(1)} ms (goal < 100 ms: ${three.p99 < 100 ? 'met' : 'NOT met'}); ` +
    `duplicates ${results.reduce((n, r) => n + r.duplicates, 0)} (goal 0).`, '',
  'The replicas, PostgreSQL and the client that plays the agents share the same cores: a figure measured under load says so in the header.',
].join('\n')]);

async function measure(setup: string, count: number, database: string | undefined): Promise<Figures> {
  process.stderr.write(`${setup}…\n`);
  const dataDir = mkdtempSync(join(tmpdir(), 'sextant-replicas-'));
  const args = database ? ['--store', database] : [];
  const replicas: ServerProcess[] = [await startServerProcess(dataDir, args)];
  for (let i = 1; i < count; i++) replicas.push(await startServerProcess(undefined, args));
  try {
    const clients = replicas.map((replica) => new SweepClient(replica.url, 'bench'));
    // Steady state: each replica's JIT and caches and PostgreSQL's backends warmed up first.
    await throughput(clients, AGENTS);
    const cpu = await cpuMeter(database, replicas.map((replica) => replica.child.pid!));
    const { perSecond, sweep, assigned } = await throughput(clients, ASSIGNMENTS);
    const used = cpu();
    const store = await openStore(database, dataDir);
    const points = (await store.sweepRuns({ entity: 'admin', project: 'bench', name: sweep })).map((run) => JSON.stringify(run.config.x));
    await store.close();
    const latencies = await latency(clients);
    return { setup, perSecond, duplicates: points.length - new Set(points).size, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), beats: latencies.length, cpu: used, assigned };
  } finally {
    await Promise.all(replicas.map((replica) => replica.stop()));
  }
}

interface Statements {
  replicas: number;
  perAssignment: number;
  kinds: Array<[string, number]>;
  assigned: number;
}

/** PostgreSQL replicas with the database's statement log on: the statements per assignment, by kind. */
async function countStatements(count: number, database: string): Promise<Statements> {
  process.stderr.write(`statements per assignment (${count} PostgreSQL replicas, statement log on)…\n`);
  const log = await logStatements(database);
  const replicas: ServerProcess[] = [await startServerProcess(undefined, ['--store', database])];
  for (let i = 1; i < count; i++) replicas.push(await startServerProcess(undefined, ['--store', database]));
  try {
    const clients = replicas.map((replica) => new SweepClient(replica.url, 'bench'));
    const sweep = await clients[0].createSweep('method: random\nparameters:\n  x: {min: 0.0, max: 1.0}\n');
    const agents = await Promise.all(Array.from({ length: AGENTS }, (_, i) => clients[i % clients.length].createAgent(sweep)));
    // Warm up (caches filled) before counting.
    await throughput(clients, AGENTS, { sweep, agents });
    const offset = statSync(log).size;
    const { assigned } = await throughput(clients, Math.ceil(ASSIGNMENTS / 4), { sweep, agents });
    const kinds = statementCounts(log, offset);
    return { replicas: count, perAssignment: kinds.reduce((sum, [, n]) => sum + n, 0) / assigned, kinds, assigned };
  } finally {
    await Promise.all(replicas.map((replica) => replica.stop()));
  }
}

/** Agents taking runs flat out until `count` were handed out: of a new grid sweep of `count` points, or of `given`'s sweep by its agents. */
async function throughput(clients: SweepClient[], count: number, given?: { sweep: string; agents: string[] }): Promise<{ perSecond: number; sweep: string; assigned: number }> {
  const sweep = given?.sweep ?? await clients[0].createSweep(`method: grid\nparameters:\n  x:\n    values: [${Array.from({ length: count }, (_, i) => i).join(', ')}]\n`);
  const agents = given?.agents ?? await Promise.all(Array.from({ length: AGENTS }, (_, i) => clients[i % clients.length].createAgent(sweep)));
  let assigned = 0;
  const started = performance.now();
  await Promise.all(agents.map(async (agent, i) => {
    const client = clients[i % clients.length];
    for (;;) {
      const commands = await client.heartbeat(agent);
      const run = commands.find((c): c is RunCommand => c.type === 'run');
      if (!run) {
        if (commands.some((c) => c.type === 'exit')) return;
        continue;
      }
      assigned++;
      await client.finishRun(run.run_id);
      if (assigned >= count) return;
    }
  }));
  return { perSecond: assigned / ((performance.now() - started) / 1000), sweep, assigned };
}

async function latency(clients: SweepClient[]): Promise<number[]> {
  const sweep = await clients[0].createSweep(`method: random\nrun_cap: ${AGENTS * ROUNDS}\nparameters:\n  lr: {min: 0.0, max: 1.0}\n`);
  const agents = await Promise.all(Array.from({ length: AGENTS }, (_, i) => clients[i % clients.length].createAgent(sweep)));
  const latencies: number[] = [];
  await Promise.all(agents.map(async (agent, i) => {
    const client = clients[i % clients.length];
    await sleep(Math.random() * 1000);
    for (let beat = 0; ; beat++) {
      const started = performance.now();
      const run = (await client.heartbeat(agent)).find((c): c is RunCommand => c.type === 'run');
      if (beat > 0) latencies.push(performance.now() - started);
      if (!run) return;
      const end = Date.now() + 1000 + Math.random() * 2000;
      while (Date.now() < end) {
        await sleep(Math.min(1000, end - Date.now()));
        if (Date.now() >= end) break;
        const held = performance.now();
        await client.heartbeat(agent, [run.run_id]);
        latencies.push(performance.now() - held);
      }
      await client.finishRun(run.run_id);
    }
  }));
  return latencies;
}

