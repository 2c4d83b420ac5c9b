// One simulated sweep agent's connection to a server, as light as a client can be when many share
// one process: node:http with a keep-alive socket of its own, opened by the agent's first request
// (createAgent), one GraphQL request at a time (`fetch`, undici's web streams, costs several times
// more per request). The server's warm-up plays its crowd with it, bench/dispatch its agents.
import { Agent, request } from 'node:http';

/** A command of a heartbeat's answer (only what the simulated agents read of it). */
export type AgentCommand = { type: 'run'; run_id: string; args: Record<string, { value: unknown }> } | { type: 'stop'; run_id: string } | { type: 'exit' };

export class AgentConnection {
  readonly #url: URL;
  readonly #authorization: string;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(url: string, key: string) {
    this.#url = new URL('/graphql', url);
    this.#authorization = `Basic ${Buffer.from(`api:${key}`).toString('base64')}`;
  }

  /** A GraphQL request's `data`; an error carrying the server's messages otherwise. */
  gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const body = JSON.stringify({ query, variables });
    return new Promise<T>((resolve, reject) => {
      const sent = request(this.#url, {
        method: 'POST',
        agent: this.#agent,
        headers: { authorization: this.#authorization, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          try {
            const answer = JSON.parse(text) as { data?: T; errors?: Array<{ message: string }> };
            if (response.statusCode !== 200 || answer.errors) throw new Error(answer.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.statusCode}`);
            resolve(answer.data as T);
          } catch (error) {
            reject(error);
          }
        });
      });
      sent.on('error', reject);
      sent.end(body);
    });
  }

  /** Registers the agent of a sweep; its id (undefined from a server that answers nothing). */
  async createAgent(project: string, sweep: string): Promise<string | undefined> {
    const data = await this.gql<{ createAgent?: { agent: { id: string } } }>(
      'mutation($sweep: String!, $project: String) { createAgent(input: {host: "simulated", projectName: $project, sweep: $sweep}) { agent { id } } }', { sweep, project });
    return data.createAgent?.agent.id;
  }

  /** One heartbeat naming the runs the agent still runs; the server's commands. */
  async heartbeat(agent: string, running: string[] = []): Promise<AgentCommand[]> {
    const runState = JSON.stringify(Object.fromEntries(running.map((id) => [id, true])));
    const data = await this.gql<{ agentHeartbeat: { commands: string } }>(
      'mutation($id: ID!, $runState: JSONString) { agentHeartbeat(input: {id: $id, metrics: "{}", runState: $runState}) { commands } }', { id: agent, runState });
    return JSON.parse(data.agentHeartbeat.commands) as AgentCommand[];
  }

  close(): void {
    this.#agent.destroy();
  }
}
