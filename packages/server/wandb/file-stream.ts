// POST /files/:entity/:project/:run/file_stream — history, summary, console and system metrics as
// line-addressed files. Lines are written at their offset, so a retried batch lands in the same
// place; the whole request is checked before anything is written.
import type { JsonObject } from '@sextant/sweeps';
import type { HistoryColumns } from '../history/columns.ts';
import type { RunKey, RunStatus, StreamFile, StreamLine, Store } from '../store/store.ts';
import { parseJson, stringifyJson } from '../store/json-text.ts';
import { RequestError } from '../errors.ts';
import { checkNesting, mayNestTooDeeply } from '../json.ts';
import { earlyStop } from '../sweeps/early-stop.ts';
import { finishIfUsedUp } from '../sweeps/completion.ts';
import type { MetricSeries } from '../sweeps/metric-series.ts';

const STREAM_FILES: Record<string, StreamFile> = {
  'wandb-history.jsonl': 'history',
  'wandb-events.jsonl': 'events',
  'output.log': 'log',
};
const SUMMARY_FILE = 'wandb-summary.json';

interface Chunk {
  offset: number;
  content: string[];
}

export async function fileStream(store: Store, key: RunKey, body: unknown, histories: HistoryColumns, metricSeries: MetricSeries): Promise<{ exitcode: null; limits: JsonObject; stopped: boolean }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new RequestError('file_stream body must be a JSON object');
  const request = body as { files?: unknown; complete?: unknown; exitcode?: unknown };
  const files = request.files ?? {};
  if (typeof files !== 'object' || files === null || Array.isArray(files)) throw new RequestError('files must be an object of {name: {offset, content}}');
  const chunks: Array<[string, Chunk]> = Object.entries(files).map(([name, chunk]) => [name, checkChunk(name, chunk)]);
  const exitcode = request.exitcode ?? 0;
  if (!Number.isInteger(exitcode) || (exitcode as number) < -(2 ** 31) || (exitcode as number) >= 2 ** 31) {
    throw new RequestError(`exitcode must be an integer from ${-(2 ** 31)} to ${2 ** 31 - 1}, got ${stringifyJson(exitcode)}`);
  }
  let summary: JsonObject | undefined;
  const writes: Array<[StreamFile, number, StreamLine[]]> = [];
  const historyRows: Array<[number, JsonObject[]]> = [];
  for (const [name, chunk] of chunks) {
    if (name === SUMMARY_FILE && chunk.content.length > 0) summary = parseObject(name, chunk.content[chunk.content.length - 1]);
    const file = STREAM_FILES[name];
    if (!file || chunk.content.length === 0) continue;
    const rows: JsonObject[] = [];
    const lines = chunk.content.map((content, i): StreamLine => {
      if (file === 'log') return { content: stripNewline(content) };
      const row = parseObject(name, content);
      rows.push(row);
      const step = row._step;
      if (file === 'history' && step !== undefined && !isStep(step)) {
        throw new RequestError(`files.${name}: the line at offset ${chunk.offset + i} has _step ${stringifyJson(step)}; it must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}, or the row could never be read back by step`);
      }
      return { content, step: isStep(step) ? step : null };
    });
    if (file === 'history') historyRows.push([chunk.offset, rows]);
    writes.push([file, chunk.offset, lines]);
  }
  // The usual request, lines of one file: checked and written in one statement; else (or when that
  // finds something wrong, to name it) checked first, then written.
  // The summary goes with the lines when they are written together.
  const appended = writes.length === 1 ? await store.appendLines(key, ...writes[0], summary) : undefined;
  const run = appended ?? await checkThenWrite(store, key, writes);
  for (const [offset, rows] of historyRows) {
    histories.written(key, offset, rows);
    metricSeries.written(key, offset);
  }
  if (run.sweepName && historyRows.length > 0) await earlyStop(store, metricSeries, key, run.sweepName);
  if (summary && !appended) await store.upsertRun(key, { summary });
  if (request.complete === true) {
    // A run that was asked to stop (hyperband, the UI, its agent's death) ends killed, as on W&B.
    await store.finishRun(key, run.stopRequested ? 'killed' : exitcode === 0 ? 'finished' : 'failed', exitcode as number);
    if (run.sweepName) await finishIfUsedUp(store, { entity: key.entity, project: key.project, name: run.sweepName });
  } else if (chunks.length === 0) {
    await store.touchRun(key);
  }
  return { exitcode: null, limits: {}, stopped: run.stopRequested };
}

async function checkThenWrite(store: Store, key: RunKey, writes: Array<[StreamFile, number, StreamLine[]]>): Promise<RunStatus> {
  const run = await store.runStatus(key);
  if (!run) throw new RequestError(`run ${key.entity}/${key.project}/${key.name} does not exist: create it with UpsertBucket first`);
  for (const [file, offset] of writes) {
    // Lines are sent in order: one past the stored end would leave a gap no read crosses.
    if (offset > run.lineCounts[file]) {
      const name = Object.keys(STREAM_FILES).find((n) => STREAM_FILES[n] === file);
      throw new RequestError(`files.${name}: offset ${offset} is past the lines stored for this run; send lines in order from the stored end`);
    }
  }
  for (const [file, offset, lines] of writes) await store.writeLines(key, file, offset, lines);
  return run;
}

function checkChunk(name: string, chunk: unknown): Chunk {
  const c = chunk as Partial<Chunk> | null;
  if (typeof c !== 'object' || c === null || !Number.isSafeInteger(c.offset) || (c.offset as number) < 0 || !Array.isArray(c.content) || !c.content.every((l) => typeof l === 'string')) {
    throw new RequestError(`files.${name} must be {"offset": <integer from 0 to ${Number.MAX_SAFE_INTEGER}>, "content": [<string>, ...]}`);
  }
  return c as Chunk;
}

/** A history row's `_step` as the clients write it, which the step-ordered reads find again. */
function isStep(step: unknown): step is number {
  return Number.isSafeInteger(step) && (step as number) >= 0;
}

function parseObject(name: string, line: string): JsonObject {
  let parsed: JsonObject | undefined;
  try {
    const value = parseJson(line);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) parsed = value as JsonObject;
  } catch {
    // reported below
  }
  if (!parsed) throw new RequestError(`files.${name}: each line must be a JSON object, got ${JSON.stringify(line.slice(0, 80))}`);
  if (mayNestTooDeeply(line)) checkNesting(parsed, `files.${name}: a line`);
  return parsed;
}

function stripNewline(line: string): string {
  return line.endsWith('\n') ? line.slice(0, -1) : line;
}
