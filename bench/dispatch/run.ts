// bench/dispatch: how fast sweeps hand out work.
// 1. The gap from a run's exit to the next run's start under `sextant agent` (a real agent, a real
//    server, 50 short runs of a shell program), next to the floor: the same program started back to
//    back by a bare Node loop in the same run.
// 2. Assignment latency: 100 agents on one sweep over HTTP, each holding its run for a random
//    1–3 s while heartbeating every second; the latency of each heartbeat that hands out a run,
//    next to a trivial GraphQL query (viewer) made by the same 100 clients in the same run, and to
//    the floor of the first burst: the same 100 clients at once against a server that does nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServerProcess, TEST_KEY } from '../../packages/server/testing/server-process.ts';
import { SweepClient } from '../../packages/server/testing/sweep-client.ts';
import { agentHeartbeat } from '@sextant/client';
import { startNullServer } from '../null-server.ts';
import { writeResults } from '../results.ts';

const { values: flags } = parseArgs({ options: {
  runs: { type: 'string', default: '50' },
  agents: { type: 'string', default: '100' },
  assignments: { type: 'string', default: '1000' },
  help: { type: 'boolean', default: false },
} });
if (flags.help) {
  process.stdout.write('Usage: node bench/dispatch/run.ts [--runs 50] [--agents 100] [--assignments 1000]\n');
  process.exit(0);
}
const RUNS = Number(flags.runs);
const AGENTS = Number(flags.agents);
const ASSIGNMENTS = Number(flags.assignments);
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
  const viewer = await viewerLatency();
  const burstFloor = await clientFloor();
  const gap = quantile(gaps, 0.5);
  const steady = quantile(assignment.later, 0.99);
  writeResults(import.meta.dirname, 'bench/dispatch results', [[
    `## Exit of a run to start of the next, one \`sextant agent\` (${RUNS} runs)`, '',
    '| | median ms | p90 ms | max ms |', '| --- | --- | --- | --- |',
    `| sextant agent (poll 5 s, --metrics-from-stdout) | ${ms(gap)} | ${ms(quantile(gaps, 0.9))} | ${ms(Math.max(...gaps))} |`,
    `| floor: bare Node loop spawning the same program | ${ms(quantile(floor, 0.5))} | ${ms(quantile(floor, 0.9))} | ${ms(Math.max(...floor))} |`, '',
    `Median gap ${ms(gap)} ms = ${(gap / quantile(floor, 0.5)).toFixed(1)}× the spawn floor; target < 100 ms: ${gap < 100 ? 'met' : 'NOT met'}. (wandb agent asks again at its next 5 s poll.)`, '',
    `## Heartbeat latency, ${AGENTS} concurrent agents, ${ASSIGNMENTS} assignments`, '',
    '| request | p50 ms | p99 ms | count |', '| --- | --- | --- | --- |',
    `| agentHeartbeat handing out a run (after the start) | ${ms(quantile(assignment.later, 0.5))} | ${ms(steady)} | ${assignment.later.length} |`,
    `| agentHeartbeat handing out each agent's first run (all ${AGENTS} at once) | ${ms(quantile(assignment.first, 0.5))} | ${ms(quantile(assignment.first, 0.99))} | ${assignment.first.length} |`,
    `| viewer query (baseline) | ${ms(quantile(viewer, 0.5))} | ${ms(quantile(viewer, 0.99))} | ${viewer.length} |`,
    `| floor: ${AGENTS} heartbeats at once from the same client process to a server that does nothing | ${ms(quantile(burstFloor, 0.5))} | ${ms(quantile(burstFloor, 0.99))} | ${burstFloor.length} |`, '',
    `Steady-state p99 ${ms(steady)} ms; target < 50 ms: ${steady < 50 ? 'met' : 'NOT met'}.`,
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

/** Latencies of heartbeats that hand out a run: each agent's first (all start at once) and the rest. */
async function assignmentLatency(): Promise<{ first: number[]; later: number[] }> {
  const client = new SweepClient(server.url, 'dispatch');
  const sweep = await client.createSweep(`method: random\nrun_cap: ${ASSIGNMENTS}\nparameters:\n  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}\n  dropout: {min: 0.0, max: 0.5}\n`);
  const first: number[] = [];
  const later: number[] = [];
  process.stderr.write(`assignment: ${AGENTS} agents, ${ASSIGNMENTS} runs…\n`);
  const agents = await Promise.all(Array.from({ length: AGENTS }, () => client.createAgent(sweep)));
  await Promise.all(agents.map(async (agent) => {
    for (let n = 0; ; n++) {
      const started = performance.now();
      const run = (await client.heartbeat(agent)).find((c) => c.type === 'run');
      if (!run) return;
      (n === 0 ? first : later).push(performance.now() - started);
      // The run goes on for 1–3 s; its agent keeps heartbeating every second meanwhile.
      const end = Date.now() + 1000 + Math.random() * 2000;
      while (Date.now() < end) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, end - Date.now())));
        if (Date.now() < end) await client.heartbeat(agent, [run.run_id]);
      }
      await client.finishRun(run.run_id);
    }
  }));
  return { first, later };
}

/**
 * The benchmark's own share of the first burst: its AGENTS clients live in this one process, so the
 * last request leaves only after the others were sent, and its answer is read after theirs. The
 * same burst (connections opened by a first one, as createAgent opens them) against a server that
 * answers at once, five times.
 */
async function clientFloor(): Promise<number[]> {
  const { url, child } = await startNullServer();
  try {
    const server = { url, key: TEST_KEY };
    const latencies: number[] = [];
    await Promise.all(Array.from({ length: AGENTS }, (_, i) => agentHeartbeat(server, `agent${i}`)));
    for (let burst = 0; burst < 5; burst++) {
      await Promise.all(Array.from({ length: AGENTS }, async (_, i) => {
        const started = performance.now();
        await agentHeartbeat(server, `agent${i}`);
        latencies.push(performance.now() - started);
      }));
    }
    return latencies;
  } finally {
    child.kill();
  }
}

async function viewerLatency(): Promise<number[]> {
  const client = new SweepClient(server.url, 'dispatch');
  const latencies: number[] = [];
  const perClient = Math.ceil(ASSIGNMENTS / AGENTS);
  await Promise.all(Array.from({ length: AGENTS }, async () => {
    for (let i = 0; i < perClient; i++) {
      const started = performance.now();
      await client.gql('query { viewer { id username } }');
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 1000 + Math.random() * 2000));
    }
  }));
  return latencies;
}
