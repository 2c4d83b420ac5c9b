// A sweep's agents and runs in one project, as `wandb agent` and its runs speak to a real server
// (through @sextant/client): for end-to-end tests and benchmarks that play many agents at once.
import { agentHeartbeat, createAgent, fileStream, graphql, upsertRun, upsertSweep, type AgentCommand, type Server } from '@sextant/client';
import { TEST_KEY } from './server-process.ts';

export type { AgentCommand, RunCommand } from '@sextant/client';

export class SweepClient {
  readonly url: string;
  readonly project: string;
  readonly server: Server;

  constructor(url: string, project: string, key = TEST_KEY) {
    this.url = url;
    this.project = project;
    this.server = { url, key };
  }

  gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return graphql<T>(this.server, query, variables);
  }

  createSweep(config: string): Promise<string> {
    return upsertSweep(this.server, this.project, config);
  }

  createAgent(sweep: string): Promise<string> {
    return createAgent(this.server, this.project, sweep);
  }

  heartbeat(agent: string, running: string[] = []): Promise<AgentCommand[]> {
    return agentHeartbeat(this.server, agent, running);
  }

  /** What a run's own process does: join the run, then finish it with exit code 0 (and this summary). */
  async finishRun(run: string, summary?: Record<string, number>): Promise<void> {
    await upsertRun(this.server, { project: this.project, name: run });
    const files = summary ? { 'wandb-summary.json': { offset: 0, content: [JSON.stringify(summary)] } } : undefined;
    await fileStream(this.server, { entity: 'admin', project: this.project, run }, { files, complete: true, exitcode: 0 });
  }
}
