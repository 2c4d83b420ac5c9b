// For programs that do not use wandb: the agent turns their stdout lines into the run's history
// and summary. A line is either a JSON object ({"loss": 0.3, "epoch": 2}) or `name=value` pairs
// separated by spaces or commas (`epoch=2 loss=0.3`); numbers, true/false and JSON values are kept,
// anything else is ignored (and printed as usual).
import type { Json, JsonObject } from '@sextant/sweeps';
import { fileStream, graphql, type RunPath, type Server } from '@sextant/client';

export function parseMetricLine(line: string): JsonObject | undefined {
  const text = line.trim();
  if (text.startsWith('{')) {
    try {
      const value = JSON.parse(text) as unknown;
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
    } catch {
      return undefined;
    }
  }
  const pairs = text.split(/[\s,]+/).filter(Boolean);
  if (pairs.length === 0 || !pairs.every((p) => /^[A-Za-z_][\w./-]*=\S+$/.test(p))) return undefined;
  const row: JsonObject = {};
  for (const pair of pairs) {
    const [name, raw] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
    let value: Json;
    try {
      value = JSON.parse(raw) as Json;
    } catch {
      return undefined;
    }
    row[name] = value;
  }
  return row;
}

/**
 * Streams parsed lines to the server as the run's history (the summary keeps each key's last
 * value) and every line as its console output, in the file_stream format of the wandb client.
 */
export class MetricStream {
  readonly #server: Server;
  readonly #run: RunPath;
  readonly #pending: string[] = [];
  readonly #console: string[] = [];
  #offset = 0;
  #consoleOffset = 0;
  #step = 0;
  #summary: JsonObject = {};
  #started = Date.now();
  /** The flush in progress: flushes go one at a time, so each knows the offsets the last one reached. */
  #flushing: Promise<void> = Promise.resolve();

  constructor(server: Server, entity: string, project: string, run: string) {
    this.#server = server;
    this.#run = { entity, project, run };
  }

  static async start(server: Server, entity: string | null, project: string, run: string, sweep: string): Promise<MetricStream> {
    const data = await graphql<{ upsertBucket: { bucket: { project: { entity: { name: string } } } } }>(server,
      'mutation($n: String, $p: String, $e: String, $s: String) { upsertBucket(input: {name: $n, modelName: $p, entityName: $e, sweep: $s}) { bucket { project { entity { name } } } } }',
      { n: run, p: project, e: entity, s: sweep });
    return new MetricStream(server, data.upsertBucket.bucket.project.entity.name, project, run);
  }

  add(row: JsonObject): void {
    const full = { ...row, _step: this.#step++, _runtime: (Date.now() - this.#started) / 1000, _timestamp: Date.now() / 1000 };
    this.#summary = { ...this.#summary, ...full };
    this.#pending.push(JSON.stringify(full));
  }

  /** A line the program printed; stderr lines are marked ERROR as the wandb client does. */
  console(text: string, isError: boolean): void {
    this.#console.push(`${isError ? 'ERROR ' : ''}${new Date().toISOString()} ${text}`);
  }

  flush(final?: { exitcode: number }): Promise<void> {
    const sent = this.#flushing.then(() => this.#send(final));
    this.#flushing = sent.catch(() => undefined);
    return sent;
  }

  async #send(final?: { exitcode: number }): Promise<void> {
    const lines = this.#pending.splice(0);
    const output = this.#console.splice(0);
    const files: Record<string, { offset: number; content: string[] }> = {};
    if (lines.length > 0) {
      files['wandb-history.jsonl'] = { offset: this.#offset, content: lines };
      files['wandb-summary.json'] = { offset: 0, content: [JSON.stringify(this.#summary)] };
    }
    if (output.length > 0) files['output.log'] = { offset: this.#consoleOffset, content: output };
    const body: Record<string, unknown> = { files };
    if (final) Object.assign(body, { complete: true, exitcode: final.exitcode });
    try {
      await fileStream(this.#server, this.#run, body);
    } catch (error) {
      // Kept for the next flush: the server writes lines at their offsets, so a retry never duplicates.
      this.#pending.unshift(...lines);
      this.#console.unshift(...output);
      throw error;
    }
    this.#offset += lines.length;
    this.#consoleOffset += output.length;
  }
}
