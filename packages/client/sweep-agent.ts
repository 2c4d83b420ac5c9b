// A sweep and its agent as `wandb sweep` and `wandb agent` speak to the server (docs/protocol/sweeps.md):
// create the sweep, register an agent, beat its heart to get run commands, and join a run.
import type { Server } from './http.ts';
import { graphql } from './wandb.ts';

export type RunCommand = { type: 'run'; run_id: string; args: Record<string, { value: unknown }> };
export type AgentCommand = RunCommand | { type: 'stop'; run_id: string } | { type: 'exit' };

/** Creates a sweep from its YAML; its id. */
export async function upsertSweep(server: Server, project: string, config: string): Promise<string> {
  const data = await graphql<{ upsertSweep: { sweep: { name: string } } }>(server,
    'mutation($config: String, $project: String) { upsertSweep(input: {config: $config, projectName: $project}) { sweep { name } } }', { config, project });
  return data.upsertSweep.sweep.name;
}

/** Registers an agent of the sweep; its id. */
export async function createAgent(server: Server, project: string, sweep: string, host = 'h'): Promise<string> {
  const data = await graphql<{ createAgent: { agent: { id: string } } }>(server,
    'mutation($sweep: String!, $project: String, $host: String!) { createAgent(input: {host: $host, projectName: $project, sweep: $sweep}) { agent { id } } }', { sweep, project, host });
  return data.createAgent.agent.id;
}

/** One heartbeat of the agent, naming the runs it still runs; the commands the server answers. */
export async function agentHeartbeat(server: Server, agent: string, running: string[] = []): Promise<AgentCommand[]> {
  const runState = JSON.stringify(Object.fromEntries(running.map((id) => [id, true])));
  const data = await graphql<{ agentHeartbeat: { commands: string } }>(server,
    'mutation($id: ID!, $runState: JSONString) { agentHeartbeat(input: {id: $id, metrics: "{}", runState: $runState}) { commands } }', { id: agent, runState });
  return JSON.parse(data.agentHeartbeat.commands) as AgentCommand[];
}

export interface RunInit {
  project: string;
  /** The run's id. */
  name: string;
  /** W&B's wrapped form: `{key: {value, desc}}`. */
  config?: Record<string, { value: unknown; desc: null }>;
  displayName?: string | null;
  sweep?: string | null;
}

/** Creates or joins a run as `wandb.init()` does (UpsertBucket). */
export async function upsertRun(server: Server, run: RunInit): Promise<void> {
  await graphql(server, `mutation($name: String, $project: String, $config: JSONString, $display: String, $sweep: String) {
    upsertBucket(input: {name: $name, modelName: $project, config: $config, displayName: $display, sweep: $sweep}) { bucket { id } } }`,
  { name: run.name, project: run.project, config: run.config === undefined ? null : JSON.stringify(run.config), display: run.displayName ?? null, sweep: run.sweep ?? null });
}
