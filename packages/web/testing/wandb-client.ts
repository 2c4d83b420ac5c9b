// Seeds a real server the way the wandb client does (docs/protocol/runs.md): UpsertBucket, file_stream,
// CreateRunFiles + upload, and the sweep agent's UpsertSweep/CreateAgent/agentHeartbeat. For the
// browser tests and bench/dashboard, which need many runs faster than one process per run.

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
  constructor(url: string, key: string) {
    this.url = url;
    this.key = key;
  }

  private get auth(): string {
    return `Basic ${Buffer.from(`api:${this.key}`).toString('base64')}`;
  }

  async graphql<T = any>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await fetch(`${this.url}/graphql`, { method: 'POST', headers: { authorization: this.auth, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (!response.ok || body.errors) throw new Error(`graphql: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  }

  private async fileStream(project: string, run: string, body: unknown): Promise<void> {
    const response = await fetch(`${this.url}/files/admin/${project}/${run}/file_stream`, { method: 'POST', headers: { authorization: this.auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`file_stream: ${response.status} ${await response.text()}`);
  }

  /**
   * A whole run: created, config, history in batches of 1,000 rows, console, files, summary, exit.
   * Logging the same id again with a longer history appends (lines are written at their offsets).
   */
  async logRun(run: LoggedRun): Promise<void> {
    const config = Object.fromEntries(Object.entries(run.config).map(([k, value]) => [k, { value, desc: null }]));
    await this.graphql(`mutation($name: String, $project: String, $config: JSONString, $display: String, $sweep: String) {
      upsertBucket(input: {name: $name, modelName: $project, config: $config, displayName: $display, sweep: $sweep}) { bucket { id } } }`,
    { name: run.id, project: run.project, config: JSON.stringify(config), display: run.name ?? (run.sweep ? null : run.id), sweep: run.sweep ?? null });
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
        const content = run.files![file.name];
        const put = await fetch(file.uploadUrl, { method: 'PUT', body: typeof content === 'string' ? content : Uint8Array.from(content) });
        if (!put.ok) throw new Error(`upload ${file.name}: ${put.status}`);
      }
    }
    if (run.state !== 'running') await this.fileStream(run.project, run.id, { complete: true, exitcode: run.state === 'failed' ? 1 : 0 });
  }

  /**
   * Creates a sweep and plays one agent through `count` runs: each heartbeat's run command is
   * logged by `train(params)`, like `wandb agent` starting the program.
   */
  async sweep(project: string, yaml: string, count: number, train: (params: Record<string, unknown>, index: number) => Omit<LoggedRun, 'project' | 'id' | 'config' | 'sweep'>): Promise<string> {
    const created = await this.graphql<{ upsertSweep: { sweep: { name: string } } }>(
      'mutation($config: String, $project: String) { upsertSweep(input: {config: $config, projectName: $project}) { sweep { name } } }', { config: yaml, project });
    const sweep = created.upsertSweep.sweep.name;
    const agent = (await this.graphql<{ createAgent: { agent: { id: string } } }>(
      'mutation($sweep: String!, $project: String) { createAgent(input: {host: "seed-host", projectName: $project, sweep: $sweep}) { agent { id } } }', { sweep, project })).createAgent.agent.id;
    for (let i = 0; i < count; i++) {
      const beat = await this.graphql<{ agentHeartbeat: { commands: string } }>(
        'mutation($id: ID!) { agentHeartbeat(input: {id: $id, metrics: "{}", runState: "{}"}) { commands } }', { id: agent });
      const [command] = JSON.parse(beat.agentHeartbeat.commands) as Array<{ type: string; run_id: string; args: Record<string, { value: unknown }> }>;
      if (command?.type !== 'run') throw new Error(`expected a run command, got ${beat.agentHeartbeat.commands}`);
      const params = Object.fromEntries(Object.entries(command.args).map(([k, v]) => [k, v.value]));
      await this.logRun({ ...train(params, i), project, id: command.run_id, config: params, sweep });
    }
    return sweep;
  }
}
