// Seeds a real server the way the wandb client does (docs/protocol/runs.md): UpsertBucket, file_stream,
// CreateRunFiles + upload, and the sweep agent's UpsertSweep/CreateAgent/agentHeartbeat, through
// @sextant/client. For the browser tests and bench/dashboard, which need many runs faster than one
// process per run.
import { agentHeartbeat, createAgent, fileStream, graphql, upload, upsertRun, upsertSweep, type Server } from '@sextant/client';

export interface LoggedRun {
  project: string;
  id: string;
  /** The display name; by default the id, as `wandb.init(id=…, name=…)` with both the same (the server names unnamed runs). */
  name?: string;
  config: Record<string, unknown>;
  /** Numbers, and media values as the client writes them (`{"_type": "image-file", …}`). */
  history: Array<Record<string, unknown>>;
  console?: string[];
  files?: Record<string, string | Buffer>;
  sweep?: string;
  /** How the run ends; `running` leaves it open, to log more later under the same id. */
  state?: 'finished' | 'failed' | 'running';
}

export class WandbClient {
  readonly url: string;
  readonly key: string;
  readonly server: Server;
  constructor(url: string, key: string) {
    this.url = url;
    this.key = key;
    this.server = { url, key };
  }

  graphql<T = any>(query: string, variables: Record<string, unknown>): Promise<T> {
    return graphql<T>(this.server, query, variables);
  }

  private async fileStream(project: string, run: string, body: unknown): Promise<void> {
    await fileStream(this.server, { entity: 'admin', project, run }, body);
  }

  /**
   * A whole run: created, config, history in batches of 1,000 rows, console, files, summary, exit.
   * Logging the same id again with a longer history appends (lines are written at their offsets).
   */
  async logRun(run: LoggedRun): Promise<void> {
    const config = Object.fromEntries(Object.entries(run.config).map(([k, value]) => [k, { value, desc: null }]));
    await upsertRun(this.server, { project: run.project, name: run.id, config, displayName: run.name ?? (run.sweep ? null : run.id), sweep: run.sweep ?? null });
    const started = Date.now() / 1000;
    const rows = run.history.map((row, step) => JSON.stringify({ _step: step, _runtime: step * 0.5, _timestamp: started + step * 0.5, ...row }));
    for (let offset = 0; offset < rows.length; offset += 1000) {
      await this.fileStream(run.project, run.id, { files: { 'wandb-history.jsonl': { offset, content: rows.slice(offset, offset + 1000) } } });
    }
    const summary = { ...run.history.at(-1), _step: Math.max(0, run.history.length - 1) };
    await this.fileStream(run.project, run.id, {
      files: {
        'wandb-summary.json': { offset: 0, content: [JSON.stringify(summary)] },
        ...(run.console ? { 'output.log': { offset: 0, content: run.console } } : {}),
      },
    });
    const names = Object.keys(run.files ?? {});
    if (names.length) {
      const created = await this.graphql<{ createRunFiles: { files: Array<{ name: string; uploadUrl: string }> } }>(
        'mutation($project: String, $run: String!, $files: [String!]!) { createRunFiles(input: {entityName: "admin", projectName: $project, runName: $run, files: $files}) { files { name uploadUrl } } }',
        { project: run.project, run: run.id, files: names });
      for (const file of created.createRunFiles.files) {
        await upload(file.uploadUrl, run.files![file.name]);
      }
    }
    if (run.state !== 'running') await this.fileStream(run.project, run.id, { complete: true, exitcode: run.state === 'failed' ? 1 : 0 });
  }

  /**
   * Creates a sweep and plays one agent through `count` runs: each heartbeat's run command is
   * logged by `train(params)`, like `wandb agent` starting the program.
   */
  async sweep(project: string, yaml: string, count: number, train: (params: Record<string, unknown>, index: number) => Omit<LoggedRun, 'project' | 'id' | 'config' | 'sweep'>): Promise<string> {
    const sweep = await upsertSweep(this.server, project, yaml);
    const agent = await createAgent(this.server, project, sweep, 'seed-host');
    for (let i = 0; i < count; i++) {
      const commands = await agentHeartbeat(this.server, agent);
      const [command] = commands;
      if (command?.type !== 'run') throw new Error(`expected a run command, got ${JSON.stringify(commands)}`);
      const params = Object.fromEntries(Object.entries(command.args).map(([k, v]) => [k, v.value]));
      await this.logRun({ ...train(params, i), project, id: command.run_id, config: params, sweep });
    }
    return sweep;
  }
}
