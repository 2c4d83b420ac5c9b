// bench/dispatch: how fast sweeps hand out work.
// 1. The gap from a run's exit to the next run's start under `sextant agent` (a real agent, a real
//    server, 50 short runs of a shell program), next to the floor: the same program started back to
//    back by a bare Node loop in the same run.
// 2. Assignment latency: 100 agents on one sweep over HTTP, all starting at once (createAgent, then
//    the heartbeat that hands out a first run), each then holding its run for a random 1–3 s while
//    heartbeating every second; the latency of each heartbeat that hands out a run, next to a
//    trivial GraphQL query (viewer) made by the same 100 clients in the same run, and to the floor
//    of the start: the same requests from the same clients against a server that does nothing.
//    The start is measured apart, ten times in each case: a new sweep's crowd of new agents on the
//    running server, and the first crowd of a just-started server, with and without its warm-up.
//    Each simulated agent has a keep-alive node:http connection of its own (packages/server/sweeps/agent-connection.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServerProcess, TEST_KEY } from '../../packages/server/testing/server-process.ts';
import { SweepClient } from '../../packages/server/testing/sweep-client.ts';
import { startNullServer } from '../null-server.ts';
import { AgentConnection } from '../../packages/server/sweeps/agent-connection.ts';
import { writeResults } from '../results.ts';

const { values: flags } = parseArgs({ options: {
  runs: { type: 'string', default: '50' },
  agents: { type: 'string', default: '100' },
  assignments: { type: 'string', default: '1000' },
  'bayes-runs': { type: 'string', default: '150' },
  help: { type: 'boolean', default: false },
} });
if (flags.help) {
  process.stdout.write('Usage: node bench/dispatch/run.ts [--runs 50] [--agents 100] [--assignments 1000] [--bayes-runs 150]\n');
  process.exit(0);
}
const RUNS = Number(flags.runs);
const AGENTS = Number(flags.agents);
const ASSIGNMENTS = Number(flags.assignments);
const BAYES_RUNS = Number(flags['bayes-runs']);
/** Bayes runs before the probes count: the initial design and the first model fits are cheap. */
const BAYES_PROBED_FROM = Math.floor(BAYES_RUNS / 3);
/** Starts of AGENTS agents measured on the server, as many as the floor's. */
const STARTS = 10;
const cliMain = join(import.meta.dirname, '..', '..', 'packages', 'cli', 'main.ts');

const quantile = (values: number[], q: number): number => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (x: number): string => x.toFixed(1);

const server = await startServerProcess();
try {
  const gaps = await agentGaps();
  const floor = await spawnGaps();
  const assignment = await assignmentLatency();
  const warm = await crowds(server.url);
  const { warmedUp, unwarmed: unwarmedStarts } = await coldCrowds();
  const cold = warmedUp.crowds;
  const unwarmed = unwarmedStarts.crowds;
  const viewer = await viewerLatency();
  const bayes = await duringBayes();
  const startFloor = await clientFloor();
  const gap = quantile(gaps, 0.5);
  const steady = quantile(assignment.later, 0.99);
  const row = (label: string, values: number[]): string => `| ${label} | ${ms(quantile(values, 0.5))} | ${ms(quantile(values, 0.99))} | ${values.length} |`;
  const register = (starts: Start[]): number[] => starts.map((s) => s.register);
  const beat = (starts: Start[]): number[] => starts.map((s) => s.beat);
  const whole = (starts: Start[]): number[] => starts.map((s) => s.register + s.beat);
  // One start of AGENTS is a p99 of its slowest one or two answers, which swings widely between
  // runs; the first crowd a process serves runs code V8 has not optimized yet, unless the server
  // warmed up. Each case is measured STARTS times: crowds on the running server, and the first
  // crowd of fresh servers, with and without the warm-up.
  const warmRun = quantile(beat(warm.flat()), 0.99);
  const coldRun = quantile(beat(cold.flat()), 0.99);
  const perStart = (starts: Start[][]): string => starts.map((s) => ms(quantile(beat(s), 0.99))).join(', ');
  const floorRun = quantile(beat(startFloor), 0.99);
  writeResults(import.meta.dirname, 'bench/dispatch results', [[
    `## Exit of a run to start of the next, one \`sextant agent\` (${RUNS} runs)`, '',
    '| | median ms | p90 ms | max ms |', '| --- | --- | --- | --- |',
    `| sextant agent (poll 5 s, --metrics-from-stdout) | ${ms(gap)} | ${ms(quantile(gaps, 0.9))} | ${ms(Math.max(...gaps))} |`,
    `| floor: bare Node loop spawning the same program | ${ms(quantile(floor, 0.5))} | ${ms(quantile(floor, 0.9))} | ${ms(Math.max(...floor))} |`, '',
    `Median gap ${ms(gap)} ms = ${(gap / quantile(floor, 0.5)).toFixed(1)}× the spawn floor; target < 100 ms: ${gap < 100 ? 'met' : 'NOT met'}. (wandb agent asks again at its next 5 s poll.)`, '',
    `## Heartbeat latency, ${AGENTS} concurrent agents, ${ASSIGNMENTS} assignments`, '',
    `In each start all ${AGENTS} agents start at once, each on a new keep-alive node:http connection of its own, all in the benchmark's one Node process: createAgent, then at once the heartbeat that hands out its first run. The floor rows: the same requests from the same kind of client to a server that answers at once without doing anything (${STARTS} starts of ${AGENTS}); the rest is the server's.`, '',
    '| request | p50 ms | p99 ms | count |', '| --- | --- | --- | --- |',
    row(`createAgent, all ${AGENTS} agents at once, on the running server (${STARTS} starts, each on a new sweep)`, register(warm.flat())),
    row('agentHeartbeat handing out each agent\'s first run, right after its createAgent, on the running server', beat(warm.flat())),
    row(`createAgent, all ${AGENTS} at once, the first crowd of a just-started server (${STARTS} servers)`, register(cold.flat())),
    row('agentHeartbeat handing out each agent\'s first run, the first crowd of a just-started server', beat(cold.flat())),
    row(`createAgent, the first crowd of a server started with --no-warm-up (${STARTS} servers)`, register(unwarmed.flat())),
    row('agentHeartbeat handing out each agent\'s first run, the first crowd of a server started with --no-warm-up', beat(unwarmed.flat())),
    row('an agent\'s start to its first run (createAgent + that heartbeat), on the running server', whole(warm.flat())),
    row('the same, the first crowd of a just-started server', whole(cold.flat())),
    row('the same, the first crowd of a server started with --no-warm-up', whole(unwarmed.flat())),
    row('agentHeartbeat handing out a run (after the start)', assignment.later),
    row('viewer query (baseline)', viewer),
    row(`floor: createAgent, ${AGENTS} at once`, register(startFloor)),
    row('floor: agentHeartbeat right after it', beat(startFloor)), '',
    `## A request while bayes suggests`, '',
    `Two agents run a \`method: bayes\` sweep in 10 dimensions to ${BAYES_RUNS} runs, one run at a time each (heartbeat, then the run's upsert and its summary with the metric, then its end). Meanwhile one more client sends a trivial GraphQL query (viewer) every 5 ms. From the ${BAYES_PROBED_FROM}th run on:`, '',
    '| | p50 ms | p99 ms | max ms | count |', '| --- | --- | --- | --- | --- |',
    `| agentHeartbeat handing out a bayes run | ${ms(quantile(bayes.beats, 0.5))} | ${ms(quantile(bayes.beats, 0.99))} | ${ms(Math.max(...bayes.beats))} | ${bayes.beats.length} |`,
    `| viewer query meanwhile | ${ms(quantile(bayes.probes, 0.5))} | ${ms(quantile(bayes.probes, 0.99))} | ${ms(Math.max(...bayes.probes))} | ${bayes.probes.length} |`, '',
    `Runs ${BAYES_PROBED_FROM + 1}–${BAYES_RUNS} took ${bayes.seconds.toFixed(1)} s, ${ms((1000 * bayes.seconds) / (BAYES_RUNS - BAYES_PROBED_FROM))} ms a run. A heartbeat that arrives while the sweep's previous one is being decided waits for it. The suggestions run on a thread of their own (packages/server/sweeps/search-thread.ts): while one is computed, the main thread answers other requests.`, '',
    `A server's start, from its spawn to "listening" on a fresh data dir, median of ${STARTS}: ${ms(quantile(warmedUp.startMs, 0.5))} ms with its warm-up, ${ms(quantile(unwarmedStarts.startMs, 0.5))} ms with --no-warm-up.`, '',
    `p99 of each start's first runs: on the running server ${perStart(warm)} ms; first crowds of just-started servers ${perStart(cold)} ms; with --no-warm-up ${perStart(unwarmed)} ms.`, '',
    `First runs p99 ${ms(warmRun)} ms for a new sweep's crowd on a running server, ${ms(coldRun)} ms for the first crowd of a just-started server (${ms(quantile(beat(unwarmed.flat()), 0.99))} ms without its warm-up); floor ${ms(floorRun)} ms; target < 50 ms: ${warmRun < 50 ? 'met' : 'NOT met'} and ${coldRun < 50 ? 'met' : 'NOT met'}. Steady-state p99 ${ms(steady)} ms; target < 50 ms: ${steady < 50 ? 'met' : 'NOT met'}.`,
  ].join('\n')]);
} finally {
  await server.stop();
}

/** A grid of RUNS points over a program that logs its start and end times; gaps between consecutive runs. */
async function agentGaps(): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-dispatch-'));
  const log = join(dir, 'times.log');
  writeFileSync(join(dir, 'run.sh'), `echo "start $(date +%s%N)" >> ${log}\necho "loss=1"\nsleep 0.02\necho "end $(date +%s%N)" >> ${log}\n`);
  writeFileSync(join(dir, 'sweep.yaml'), `method: grid\nparameters: {x: {values: [${Array.from({ length: RUNS }, (_, i) => i).join(', ')}]}}\ncommand: [/bin/sh, run.sh, "\${args}"]\n`);
  const env = { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY, WANDB_DIR: dir };
  const sweep = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain, 'sweep', 'sweep.yaml', '--project', 'dispatch'], { env, cwd: dir });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.on('close', () => {
      const id = /ID: (\w+)/.exec(out)?.[1];
      return id ? resolve(id) : reject(new Error(out));
    });
  });
  process.stderr.write(`agent: ${RUNS} runs…\n`);
  await new Promise<void>((resolve) => spawn(process.execPath, [cliMain, 'agent', `dispatch/${sweep}`, '--metrics-from-stdout'], { env, cwd: dir, stdio: 'ignore' }).on('close', () => resolve()));
  return gapsFrom(readFileSync(log, 'utf8'));
}

/** The same program started again the moment it exits, by a bare Node loop. */
async function spawnGaps(): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-dispatch-floor-'));
  const log = join(dir, 'times.log');
  writeFileSync(join(dir, 'run.sh'), `echo "start $(date +%s%N)" >> ${log}\necho "loss=1"\nsleep 0.02\necho "end $(date +%s%N)" >> ${log}\n`);
  for (let i = 0; i < RUNS; i++) {
    await new Promise<void>((resolve) => spawn('/bin/sh', ['run.sh', `--x=${i}`], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).on('close', () => resolve()));
  }
  return gapsFrom(readFileSync(log, 'utf8'));
}

function gapsFrom(text: string): number[] {
  const events = text.trim().split('\n').map((line) => line.split(' ')).map(([kind, ns]) => ({ kind, at: Number(BigInt(ns) / 1000n) / 1000 }));
  const gaps: number[] = [];
  for (let i = 1; i < events.length; i++) if (events[i].kind === 'start' && events[i - 1].kind === 'end') gaps.push(events[i].at - events[i - 1].at);
  return gaps;
}

/** STARTS starts of AGENTS new agents on the server at `url`, each on a new sweep whose runs are not run. */
async function crowds(url: string, count = STARTS): Promise<Start[][]> {
  const client = new SweepClient(url, 'dispatch');
  const rounds: Start[][] = [];
  for (let round = 0; round < count; round++) {
    rounds.push(await crowd(url, await client.createSweep(`method: random\nparameters:\n  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}\n`)));
  }
  return rounds;
}

/**
 * One start of AGENTS new agents at `url`, all at once: each registers for `sweep`, then asks for
 * its first run. A real server must answer an agent and a run; the null server answers neither.
 */
async function crowd(url: string, sweep: string, real = true): Promise<Start[]> {
  const connections = Array.from({ length: AGENTS }, () => new AgentConnection(url, TEST_KEY));
  const starts = await Promise.all(connections.map(async (connection, i) => {
    const started = performance.now();
    const agent = await connection.createAgent('dispatch', sweep);
    if (real && !agent) throw new Error('createAgent answered no agent');
    const register = performance.now() - started;
    const asked = performance.now();
    const commands = await connection.heartbeat(agent ?? `agent${i}`);
    if (real && !commands.some((c) => c.type === 'run')) throw new Error('a first heartbeat handed out no run');
    return { register, beat: performance.now() - asked };
  }));
  connections.forEach((connection) => connection.close());
  return starts;
}

/** The first crowds of just-started servers started one way, and how long each start took. */
interface ColdStarts {
  crowds: Start[][];
  startMs: number[];
}

/**
 * The first crowd of STARTS servers, each started for it alone (a fresh data dir) and stopped after:
 * as users start them (warming up before listening), and with --no-warm-up, in turn.
 */
async function coldCrowds(): Promise<{ warmedUp: ColdStarts; unwarmed: ColdStarts }> {
  const warmedUp: ColdStarts = { crowds: [], startMs: [] };
  const unwarmed: ColdStarts = { crowds: [], startMs: [] };
  for (let round = 0; round < STARTS; round++) {
    for (const [starts, args] of [[warmedUp, []], [unwarmed, ['--no-warm-up']]] as const) {
      const spawned = performance.now();
      const fresh = await startServerProcess(undefined, [...args]);
      starts.startMs.push(performance.now() - spawned);
      try {
        starts.crowds.push(...(await crowds(fresh.url, 1)));
      } finally {
        await fresh.stop();
      }
    }
  }
  return { warmedUp, unwarmed };
}

/** An agent's start: its createAgent's latency and that of the heartbeat right after it. */
interface Start {
  register: number;
  beat: number;
}

/**
 * Latencies of the heartbeats that hand out a run after each agent's first (the start itself is
 * measured by crowds()): AGENTS agents on one sweep until ASSIGNMENTS runs were handed out.
 */
async function assignmentLatency(): Promise<{ later: number[] }> {
  const client = new SweepClient(server.url, 'dispatch');
  const sweep = await client.createSweep(`method: random\nrun_cap: ${ASSIGNMENTS}\nparameters:\n  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}\n  dropout: {min: 0.0, max: 0.5}\n`);
  const later: number[] = [];
  process.stderr.write(`assignment: ${AGENTS} agents, ${ASSIGNMENTS} runs…\n`);
  const connections = Array.from({ length: AGENTS }, () => new AgentConnection(server.url, TEST_KEY));
  await Promise.all(connections.map(async (connection) => {
    const agent = await connection.createAgent('dispatch', sweep);
    if (!agent) throw new Error('createAgent answered no agent');
    for (let n = 0; ; n++) {
      const asked = performance.now();
      const run = (await connection.heartbeat(agent)).find((c) => c.type === 'run');
      if (!run) return;
      if (n > 0) later.push(performance.now() - asked);
      // The run goes on for 1–3 s; its agent keeps heartbeating every second meanwhile.
      const end = Date.now() + 1000 + Math.random() * 2000;
      while (Date.now() < end) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, end - Date.now())));
        if (Date.now() < end) await connection.heartbeat(agent, [run.run_id]);
      }
      // What the run's own process sends (another client of its own: fetch).
      await client.finishRun(run.run_id);
    }
  }));
  connections.forEach((connection) => connection.close());
  return { later };
}

/**
 * The benchmark's own share of the start: its AGENTS clients live in this one process, so the last
 * request leaves only after the others were sent, and its answer is read after theirs. The same
 * start (new connections, createAgent then a heartbeat each, all at once) against a server that
 * answers at once, STARTS times.
 */
async function clientFloor(): Promise<Start[]> {
  const { url, child } = await startNullServer();
  try {
    const starts: Start[] = [];
    for (let round = 0; round < STARTS; round++) starts.push(...(await crowd(url, 'floor', false)));
    return starts;
  } finally {
    child.kill();
  }
}

/**
 * A bayes sweep driven to BAYES_RUNS runs by two agents, each finishing its run at once with a
 * metric; a viewer query every 5 ms meanwhile. Latencies from the BAYES_PROBED_FROM-th run on.
 */
async function duringBayes(): Promise<{ beats: number[]; probes: number[]; seconds: number }> {
  const project = 'dispatch-bayes';
  const client = new SweepClient(server.url, project);
  const parameters = Array.from({ length: 10 }, (_, i) => `  x${i}: {min: 0.0, max: 1.0}`).join('\n');
  const sweep = await client.createSweep(`method: bayes\nrun_cap: ${BAYES_RUNS}\nmetric: {name: loss, goal: minimize}\nparameters:\n${parameters}\n`);
  process.stderr.write(`bayes: 2 agents, ${BAYES_RUNS} runs…\n`);
  const beats: number[] = [];
  const probes: number[] = [];
  let handedOut = 0;
  let from = 0;
  let driving = true;
  const probe = new AgentConnection(server.url, TEST_KEY);
  const probing = (async () => {
    while (driving) {
      const started = performance.now();
      await probe.gql('query { viewer { id username } }');
      if (handedOut >= BAYES_PROBED_FROM) probes.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const agents = [0, 1].map(() => new AgentConnection(server.url, TEST_KEY));
  await Promise.all(agents.map(async (connection) => {
    const agent = await connection.createAgent(project, sweep);
    if (!agent) throw new Error('createAgent answered no agent');
    for (;;) {
      const asked = performance.now();
      const run = (await connection.heartbeat(agent)).find((c) => c.type === 'run');
      if (!run) return;
      if (handedOut === BAYES_PROBED_FROM) from = asked;
      if (handedOut++ >= BAYES_PROBED_FROM) beats.push(performance.now() - asked);
      const loss = Object.values(run.args).reduce((sum, { value }) => sum + ((value as number) - 0.3) ** 2, 0);
      await client.finishRun(run.run_id, { loss });
    }
  }));
  const seconds = (performance.now() - from) / 1000;
  driving = false;
  await probing;
  [probe, ...agents].forEach((connection) => connection.close());
  return { beats, probes, seconds };
}

async function viewerLatency(): Promise<number[]> {
  const connections = Array.from({ length: AGENTS }, () => new AgentConnection(server.url, TEST_KEY));
  const latencies: number[] = [];
  const perClient = Math.ceil(ASSIGNMENTS / AGENTS);
  await Promise.all(connections.map(async (connection) => {
    for (let i = 0; i < perClient; i++) {
      const started = performance.now();
      await connection.gql('query { viewer { id username } }');
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 1000 + Math.random() * 2000));
    }
  }));
  connections.forEach((connection) => connection.close());
  return latencies;
}
