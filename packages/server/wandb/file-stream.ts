// POST /files/:entity/:project/:run/file_stream — history, summary, console and system metrics as
// line-addressed files. Lines are written at their offset, so a retried batch lands in the same
// place; a request with one refused line writes nothing.
import type { JsonObject } from '@sextant/sweeps';
import type { HistoryColumns } from '../history/columns.ts';
import type { AppendRest, FileLines, RunKey, RunStatus, StreamFile, StreamLine, Store } from '../store/store.ts';
import { parseJson, stringifyJson } from '../store/json-text.ts';
import { RequestError } from '../errors.ts';
import { checkNesting, mayNestTooDeeply, parseJsonBody } from '../json.ts';
import { historyStart, type HistoryStart } from './first-history-lines.ts';
import { earlyStop } from '../sweeps/early-stop.ts';
import { finishIfUsedUp } from '../sweeps/completion.ts';
import type { MetricSeries } from '../sweeps/metric-series.ts';

const HISTORY_FILE = 'wandb-history.jsonl';
const STREAM_FILES: Record<string, StreamFile> = {
  [HISTORY_FILE]: 'history',
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
/**
 * Bodies from this size on have their first history lines written while the rest is parsed. A
 * smaller one parses in tens of µs: reading its lines first would only decode them twice.
 */
const EARLY_START_BYTES = 32 * 1024;

interface Chunk {
  offset: number;
  content: string[];
}

/**
 * Answers a file_stream request. `body` is the request's text (its first history lines are sent to
 * the store before the rest is parsed) or its parsed value.
 */
export async function fileStream(store: Store, key: RunKey, body: unknown, histories: HistoryColumns, metricSeries: MetricSeries): Promise<{ exitcode: null; limits: JsonObject; stopped: boolean }> {
  const start = typeof body === 'string' && body.length >= EARLY_START_BYTES ? historyStart(body) : undefined;
  const first = start?.next(FIRST_PART_LINES);
  const parse = (started?: Started): Plan => plan(typeof body === 'string' ? parseJsonBody(body) : body, started);
  let request: Plan | undefined;
  let appended: RunStatus | undefined;
  if (start && first && first.length > 0) {
    try {
      appended = await store.appendLines(key, 'history', start.offset, {
        parts: partsAfterStart(start, first, parse, (parsed) => (request = parsed)),
        rest: () => request!.rest,
      });
    } catch (error) {
      if (!(error instanceof Unlike)) throw error;
      request = undefined;
    }
  }
  if (!request) {
    request = parse();
    const { main, rest } = request;
    if (main) appended = await store.appendLines(key, main.file, main.offset, { parts: main.parts, rest: () => rest });
  }
  const { writes, historyRows, summary, complete, exitcode, heartbeat } = request!;
  const run = appended ?? await checkThenWrite(store, key, writes);
  for (const [offset] of historyRows) metricSeries.written(key, offset);
  // The kept columns take the rows once the answer is on its way: a run's next request does not
  // wait for them. A chart read in between finds its kept table behind and reads the new rows.
  setImmediate(() => {
    for (const [offset, rows] of historyRows) histories.written(key, offset, rows);
  });
  if (run.sweepName && historyRows.length > 0) await earlyStop(store, metricSeries, key, run.sweepName);
  if (summary && !appended) await store.upsertRun(key, { summary });
  if (complete) {
    // A run that was asked to stop (hyperband, the UI, its agent's death) ends killed, as on W&B.
    await store.finishRun(key, run.stopRequested ? 'killed' : exitcode === 0 ? 'finished' : 'failed', exitcode);
    if (run.sweepName) await finishIfUsedUp(store, { entity: key.entity, project: key.project, name: run.sweepName });
  } else if (heartbeat) {
    await store.touchRun(key);
  }
  return { exitcode: null, limits: {}, stopped: run.stopRequested };
}

/** A request checked, its lines checked as its writes' parts are read. */
interface Plan {
  writes: Write[];
  /** The write with the most lines, written in parts; the others go whole with it, in `rest`. */
  main?: Write;
  rest: AppendRest;
  historyRows: Array<[number, JsonObject[]]>;
  summary?: JsonObject;
  complete: boolean;
  exitcode: number;
  /** No file at all: the client says the run is alive. */
  heartbeat: boolean;
}

/** The history's first lines, read before the body was parsed, checked into `lines` and `rows`. */
interface Started {
  offset: number;
  content: string[];
  lines: StreamLine[];
  rows: JsonObject[];
}

/** The request checked; its history continues `started` when the body holds those lines. */
function plan(body: unknown, started?: Started): Plan {
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
    const continued = file === 'history' && started && chunk.offset === started.offset && started.content.every((line, i) => chunk.content[i] === line) ? started : undefined;
    const lines = continued?.lines ?? [];
    const rows = continued?.rows ?? [];
    if (file === 'history') historyRows.push([chunk.offset, rows]);
    writes.push({ file, offset: chunk.offset, lines, count: chunk.content.length, started: continued !== undefined, parts: checkLines(name, file, chunk, lines, rows, continued?.content.length) });
  }
  // One append, one transaction: the most lines (the history) checked while written, the other
  // files' (a few lines of console and system metrics) checked before, and the summary. When that
  // is refused, checked again against the run's state, to name what is wrong, then written.
  const main = writes.reduce<Write | undefined>((most, write) => (most && most.count >= write.count ? most : write), undefined);
  const others = writes.filter((write) => write !== main);
  for (const other of others) Array.from(other.parts);
  return {
    writes, main, historyRows, summary, complete: request.complete === true, exitcode: exitcode as number, heartbeat: chunks.length === 0,
    rest: { summary, others: others.map(({ file, offset, lines }) => ({ file, offset, lines })) },
  };
}

/** The request's parse found other history lines than those read before it (a key given twice): they are abandoned, and the request written as parsed. */
class Unlike extends Error {
  constructor() {
    super('the history read before the parse is not the one parsed');
  }
}

/**
 * The history's parts when its first lines are read before the body is parsed: `first`, then a
 * part more, each checked as read (the store starts writing the first at once), then the body
 * parsed and planned (`planned` is given the plan), then the rest of the history's parts.
 */
function* partsAfterStart(start: HistoryStart, first: string[], parse: (started?: Started) => Plan, planned: (request: Plan) => void): Generator<StreamLine[]> {
  const started: Started = { offset: start.offset, content: [...first], lines: [], rows: [] };
  try {
    yield* checkLines(HISTORY_FILE, 'history', started, started.lines, started.rows);
    started.content.push(...start.next(PART_LINES));
    yield* checkLines(HISTORY_FILE, 'history', started, started.lines, started.rows, first.length);
  } catch (error) {
    // A body that is not JSON says so, rather than the line that was read before knowing it.
    parse();
    throw error;
  }
  const request = parse(started);
  planned(request);
  if (!request.main?.started) throw new Unlike();
  yield* request.main.parts;
}

/** A file's lines in a request: checked as `parts` are read, each kept in `lines` once checked. */
interface Write extends FileLines {
  count: number;
  /** The history's lines continue those read before the parse. */
  started: boolean;
  parts: Iterable<StreamLine[]>;
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
 * The chunk's lines from `from` on checked a part at a time, each part yielded once checked (a store
 * may write it while the next is checked); each line is kept in `lines`, each history or events row in `rows`.
 */
function* checkLines(name: string, file: StreamFile, chunk: Chunk, lines: StreamLine[], rows: JsonObject[], from = 0): Generator<StreamLine[]> {
  for (let start = from, end = 0; start < chunk.content.length; start = end) {
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
