// POST /files/:entity/:project/:run/file_stream — history, summary, console and system metrics as
// line-addressed files. Lines are written at their offset, so a retried batch lands in the same
// place; a request with one refused line writes nothing.
import type { JsonObject } from '@sextant/sweeps';
import type { HistoryColumns } from '../history/columns.ts';
import type { FileLines, LineParts, RunKey, RunStatus, StreamFile, StreamLine, Store } from '../store/store.ts';
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
/**
 * Lines checked at a time: the SQLite store writes a part while the next is checked. The first is
 * small, so that the writing starts soon after the request came.
 */
const FIRST_PART_LINES = 50;
const PART_LINES = 250;

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
  const summaryLines = chunks.find(([name]) => name === SUMMARY_FILE)?.[1].content ?? [];
  const summary = summaryLines.length > 0 ? parseObject(SUMMARY_FILE, summaryLines[summaryLines.length - 1]) : undefined;
  const writes: Write[] = [];
  const historyRows: Array<[number, JsonObject[]]> = [];
  for (const [name, chunk] of chunks) {
    const file = STREAM_FILES[name];
    if (!file || chunk.content.length === 0) continue;
    const lines: StreamLine[] = [];
    const rows: JsonObject[] = [];
    if (file === 'history') historyRows.push([chunk.offset, rows]);
    writes.push({ file, offset: chunk.offset, lines, parts: { count: chunk.content.length, parts: checkLines(name, file, chunk, lines, rows) } });
  }
  // One append, one transaction: the most lines (the history) checked while written, the other
  // files' (a few lines of console and system metrics) checked before, and the summary. When that
  // is refused, checked again against the run's state, to name what is wrong, then written.
  const main = writes.reduce<Write | undefined>((most, write) => (most && most.parts.count >= write.parts.count ? most : write), undefined);
  const others = writes.filter((write) => write !== main);
  for (const other of others) Array.from(other.parts.parts);
  const appended = main
    ? await store.appendLines(key, main.file, main.offset, main.parts, summary, others.map(({ file, offset, lines }) => ({ file, offset, lines })))
    : undefined;
  const run = appended ?? await checkThenWrite(store, key, writes);
  for (const [offset] of historyRows) metricSeries.written(key, offset);
  // The kept columns take the rows once the answer is on its way: a run's next request does not
  // wait for them. A chart read in between finds its kept table behind and reads the new rows.
  setImmediate(() => {
    for (const [offset, rows] of historyRows) histories.written(key, offset, rows);
  });
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

/** A file's lines in a request: checked as `parts` are read, each kept in `lines` once checked. */
interface Write extends FileLines {
  parts: LineParts;
}

async function checkThenWrite(store: Store, key: RunKey, writes: Write[]): Promise<RunStatus> {
  const run = await store.runStatus(key);
  if (!run) throw new RequestError(`run ${key.entity}/${key.project}/${key.name} does not exist: create it with UpsertBucket first`);
  for (const { file, offset } of writes) {
    // Lines are sent in order: one past the stored end would leave a gap no read crosses.
    if (offset > run.lineCounts[file]) {
      const name = Object.keys(STREAM_FILES).find((n) => STREAM_FILES[n] === file);
      throw new RequestError(`files.${name}: offset ${offset} is past the lines stored for this run; send lines in order from the stored end`);
    }
  }
  for (const { file, offset, lines } of writes) await store.writeLines(key, file, offset, lines);
  return run;
}

/**
 * The chunk's lines checked a part at a time, each part yielded once checked (a store may write
 * it while the next is checked); each line is kept in `lines`, each history or events row in `rows`.
 */
function* checkLines(name: string, file: StreamFile, chunk: Chunk, lines: StreamLine[], rows: JsonObject[]): Generator<StreamLine[]> {
  for (let start = 0, end = 0; start < chunk.content.length; start = end) {
    end = Math.min(start + (start === 0 ? FIRST_PART_LINES : PART_LINES), chunk.content.length);
    for (let i = start; i < end; i++) {
      const content = chunk.content[i];
      if (file === 'log') {
        lines.push({ content: stripNewline(content) });
        continue;
      }
      const row = parseObject(name, content);
      rows.push(row);
      const step = row._step;
      if (file === 'history' && step !== undefined && !isStep(step)) {
        throw new RequestError(`files.${name}: the line at offset ${chunk.offset + i} has _step ${stringifyJson(step)}; it must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}, or the row could never be read back by step`);
      }
      lines.push({ content, step: isStep(step) ? step : null });
    }
    yield lines.slice(start, end);
  }
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
