// The sweep side of the wandb protocol over real HTTP, as an agent and its runs speak it: for
// end-to-end tests and benchmarks that play many agents at once.
import { authHeader } from './server-process.ts';

export type RunCommand = { type: 'run'; run_id: string; args: Record<string, { value: unknown }> };
export type AgentCommand = RunCommand | { type: 'stop'; run_id: string } | { type: 'exit' };

export class SweepClient {
  readonly url: string;
  readonly project: string;

  constructor(url: string, project: string) {
    this.url = url;
    this.project = project;
  }

  async gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${this.url}/graphql`, { method: 'POST', headers: { authorization: authHeader(), 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (!response.ok || body.errors) throw new Error(`GraphQL ${response.status}: ${body.errors?.map((e) => e.message).join('; ')}`);
    return body.data as T;
  }

  async createSweep(config: string): Promise<string> {
    const data = await this.gql<{ upsertSweep: { sweep: { name: string } } }>('mutation($c: String, $p: String) { upsertSweep(input: {config: $c, projectName: $p}) { sweep { name } } }', { c: config, p: this.project });
    return data.upsertSweep.sweep.name;
  }

  async createAgent(sweep: string): Promise<string> {
    const data = await this.gql<{ createAgent: { agent: { id: string } } }>('mutation($s: String!, $p: String) { createAgent(input: {host: "h", projectName: $p, sweep: $s}) { agent { id } } }', { s: sweep, p: this.project });
    return data.createAgent.agent.id;
  }

  async heartbeat(agent: string, running: string[] = []): Promise<AgentCommand[]> {
    const runState = JSON.stringify(Object.fromEntries(running.map((id) => [id, true])));
    const data = await this.gql<{ agentHeartbeat: { commands: string } }>('mutation($id: ID!, $r: JSONString) { agentHeartbeat(input: {id: $id, metrics: "{}", runState: $r}) { commands } }', { id: agent, r: runState });
    return JSON.parse(data.agentHeartbeat.commands) as AgentCommand[];
  }

  /** What a run's own process does: join the run, then finish it with exit code 0. */
  async finishRun(run: string): Promise<void> {
    await this.gql('mutation($n: String, $p: String) { upsertBucket(input: {name: $n, modelName: $p}) { bucket { id } } }', { n: run, p: this.project });
    const response = await fetch(`${this.url}/files/admin/${this.project}/${run}/file_stream`, { method: 'POST', headers: { authorization: authHeader(), 'content-type': 'application/json' }, body: JSON.stringify({ complete: true, exitcode: 0 }) });
    if (!response.ok) throw new Error(`file_stream ${response.status}`);
  }
}
