// The RunStore in SQL, for both backends.
import type { JsonObject } from '@sextant/sweeps';
import { dbTime, exec, int64, keptText, keyParams, now, one, valueRows, type Dialect, type Param, type Row, type Sql, type Statement, type Work } from './sql.ts';
import { parseJson, stringifyJson } from './json-text.ts';
import { RefusedAppend, asParts, wholeLines, type LineParts, type Run, type RunCursor, type RunKey, type RunPatch, type RunState, type RunStore, type StreamFile, type StreamLine } from './run-store.ts';
import { countSql, documentParam, documentText, filterIndexFields, listingSql } from './run-query-sql.ts';
import { sortIndexes } from './run-sort-index.ts';
import { groupedAppends, runStatusOf } from './line-appends.ts';

/** A run's columns but its config and summary documents (copies for filters and orders, never read back). */
export const RUN_COLUMNS = `entity, project, name, display_name, state, config, summary, sweep_name, group_name, job_type, notes, tags, host, program,
  exitcode, stop_requested, history_line_count, events_line_count, log_line_count, created_at, updated_at, heartbeat_at, agent_id`;
export const RUN = `SELECT ${RUN_COLUMNS} FROM runs WHERE entity = ? AND project = ? AND name = ?`;
const LINES = 'SELECT content FROM run_lines WHERE entity = ? AND project = ? AND run = ? AND file = ?';
const COUNT_COLUMN: Record<StreamFile, string> = { history: 'history_line_count', events: 'events_line_count', log: 'log_line_count' };
/** Lines per INSERT: 7 parameters each stays far below both databases' limits. */
const LINES_PER_INSERT = 500;

/** Texts kept per kind of statement: a stream's batches come in a few line counts, each text up to ~40 kB. */
const KEPT_TEXTS = 200;
const kept = (texts: Map<string, string>, id: string, build: () => string): string => keptText(texts, KEPT_TEXTS, id, build);

const INSERT_LINES = new Map<string, string>();

/** The upsert of `lines` at `offset`. Its text is kept by line count (a run's stream comes in a few sizes). */
function insertLines(key: RunKey, file: StreamFile, offset: number, lines: StreamLine[]): Statement {
  const text = kept(INSERT_LINES, String(lines.length), () => `INSERT INTO run_lines (entity, project, run, file, line_index, step, content) VALUES ${valueRows(lines.length, 7)}
      ON CONFLICT (entity, project, run, file, line_index) DO UPDATE SET content = excluded.content, step = excluded.step`);
  const params: Param[] = [];
  lines.forEach((line, i) => params.push(key.entity, key.project, key.name, file, int64(offset + i), int64(line.step ?? null), line.content));
  return { sql: text, params, mode: 'run' };
}

/** The upserts of any number of lines, at most LINES_PER_INSERT in each. */
function* insertAll(key: RunKey, file: StreamFile, offset: number, lines: StreamLine[]): Generator<Statement, void, unknown> {
  for (let start = 0; start < lines.length; start += LINES_PER_INSERT) yield insertLines(key, file, offset + start, lines.slice(start, start + LINES_PER_INSERT));
}

const COUNT_LINES = new Map<string, string>();

/** The run's line count raised to `end`, its heartbeat refreshed. */
function countLines(key: RunKey, file: StreamFile, end: number): Statement {
  const text = kept(COUNT_LINES, file, () => {
    const column = COUNT_COLUMN[file];
    return `UPDATE runs SET ${column} = CASE WHEN ${column} > ? THEN ${column} ELSE ? END, heartbeat_at = ${dbTime()}, updated_at = ${dbTime()}
      WHERE entity = ? AND project = ? AND name = ?`;
  });
  return exec(text, int64(end), int64(end), ...keyParams(key));
}

const WRITE_LINES = new Map<string, string>();

/**
 * An append as one transaction's work: when the run holds the lines before `offset`, its lines
 * written part by part, then its rest (the lines of others, each checked likewise, and the summary),
 * and the run's line counts raised; its row (stop_requested, sweep_name). Undefined and nothing
 * written (no part read) when the run or its lines before `offset` are missing; a rest refused
 * throws RefusedAppend, which rolls the lines back.
 */
export function* appendWork(dialect: Dialect, key: RunKey, file: StreamFile, offset: number, lines: Required<LineParts>): Work<Row | undefined> {
  // On SQLite (PostgreSQL groups its appends, line-appends.ts) the transaction holds the write lock
  // from its start, so the counts stay as read until the end of the append.
  const found = (yield one(`SELECT stop_requested, sweep_name, ${Object.values(COUNT_COLUMN).join(', ')} FROM runs WHERE entity = ? AND project = ? AND name = ?`, ...keyParams(key))) as Row | undefined;
  const holds = (stream: StreamFile, from: number): boolean => Number(found![COUNT_COLUMN[stream]]) >= from;
  if (!found || !holds(file, offset)) return undefined;
  let at = offset;
  for (const part of lines.parts) {
    yield* insertAll(key, file, at, part);
    at += part.length;
  }
  const { summary, others = [] } = lines.rest();
  if (others.some((other) => !holds(other.file, other.offset))) throw new RefusedAppend();
  yield countLines(key, file, at);
  for (const other of others) {
    yield* insertAll(key, other.file, other.offset, other.lines);
    yield countLines(key, other.file, other.offset + other.lines.length);
  }
  if (summary) yield patchRun(dialect, key, { summary });
  return found;
}

export function toRun(row: Row): Run {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    entity: String(row.entity), project: String(row.project), name: String(row.name), agentId: text(row.agent_id),
    displayName: text(row.display_name), state: String(row.state) as RunState,
    config: parseJson(String(row.config)) as JsonObject, summary: parseJson(String(row.summary)) as JsonObject,
    sweepName: text(row.sweep_name), groupName: text(row.group_name), jobType: text(row.job_type), notes: text(row.notes),
    tags: JSON.parse(String(row.tags)) as string[], host: text(row.host), program: text(row.program),
    exitcode: row.exitcode === null ? null : Number(row.exitcode), stopRequested: Boolean(row.stop_requested),
    historyLineCount: Number(row.history_line_count), eventsLineCount: Number(row.events_line_count), logLineCount: Number(row.log_line_count),
    createdAt: String(row.created_at), updatedAt: String(row.updated_at), heartbeatAt: String(row.heartbeat_at),
  };
}

function toCursor(row: Row): RunCursor {
  const kind = Number(row.sort_kind);
  const value = kind === 0 ? Number(row.sort_number) : kind === 1 ? String(row.sort_text) : null;
  return { kind, value, createdAt: String(row.created_at), name: String(row.name) };
}

export function toRunKey(row: Row): RunKey {
  return { entity: String(row.entity), project: String(row.project), name: String(row.name) };
}


/**
 * The `column = ?` assignments an UPDATE makes for a run patch (fields left undefined are not
 * touched), and their values.
 */
function patchColumns(dialect: Dialect, patch: RunPatch): Array<[string, string | null]> {
  const columns: Array<[string, string | null]> = [];
  const set = (column: string, value: string | null | undefined): void => {
    if (value !== undefined) columns.push([`${column} = ?`, value]);
  };
  set('display_name', patch.displayName);
  set('state', patch.state);
  for (const document of ['config', 'summary'] as const) {
    const value = patch[document];
    if (value === undefined) continue;
    set(document, stringifyJson(value));
    columns.push([`${document}_doc = ${documentParam(dialect)}`, documentText(value)]);
  }
  set('sweep_name', patch.sweepName);
  set('group_name', patch.groupName);
  set('job_type', patch.jobType);
  set('notes', patch.notes);
  set('tags', patch.tags && JSON.stringify(patch.tags));
  set('host', patch.host);
  set('program', patch.program);
  return columns;
}

/** Records the project a run, sweep or artifact is created in, once. */
export const addProject = (entity: string, project: string, time: string) =>
  exec('INSERT INTO projects (entity, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', entity, project, time);

/** A run created, or updated by a patch (fields left undefined are not touched), as one transaction's work: its row, and whether it was created. */
export function* upsertWork(dialect: Dialect, key: RunKey, patch: RunPatch): Work<{ row: Row; inserted: boolean }> {
  yield addProject(key.entity, key.project, now());
  const doc = documentParam(dialect);
  const inserted = (yield exec(`INSERT INTO runs (entity, project, name, display_name, state, config, summary, config_doc, summary_doc, sweep_name, group_name, job_type,
        notes, tags, host, program, exitcode, stop_requested, history_line_count, events_line_count, log_line_count, created_at, updated_at, heartbeat_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ${doc}, ${doc}, ?, ?, ?, ?, ?, ?, ?, NULL, FALSE, 0, 0, 0, ${dbTime()}, ${dbTime()}, ${dbTime()})
      ON CONFLICT (entity, project, name) DO NOTHING`,
  ...keyParams(key), patch.displayName ?? null, patch.state ?? 'running', stringifyJson(patch.config ?? {}),
  stringifyJson(patch.summary ?? {}), documentText(patch.config ?? {}), documentText(patch.summary ?? {}), patch.sweepName ?? null, patch.groupName ?? null, patch.jobType ?? null,
  patch.notes ?? null, JSON.stringify(patch.tags ?? []), patch.host ?? null, patch.program ?? null)) > 0;
  if (!inserted) yield patchRun(dialect, key, patch);
  return { row: (yield one(RUN, ...keyParams(key))) as Row, inserted };
}

/** The update of an existing run's fields by a patch (those left undefined are not touched). */
function patchRun(dialect: Dialect, key: RunKey, patch: RunPatch): Statement {
  const columns = patchColumns(dialect, patch);
  return exec(`UPDATE runs SET ${columns.map(([c]) => `${c}, `).join('')}updated_at = ${dbTime()}, heartbeat_at = ${dbTime()}
      WHERE entity = ? AND project = ? AND name = ?`,
  ...columns.map(([, v]) => v), ...keyParams(key));
}

export function runMethods(sql: Sql): RunStore {
  const sortIndex = sortIndexes(sql);
  // SQLite groups whole transactions itself (sqlite.ts), or on a file runs appends and upserts on a
  // thread of their own (sqlite-run-writes.ts); PostgreSQL's appends are grouped here.
  const appendTogether = sql.dialect === 'postgres' ? groupedAppends(sql) : undefined;
  return {
    async upsertRun(key, patch) {
      const { row, inserted } = await (sql.upsertRun ? sql.upsertRun(key, patch) : sql.transaction(() => upsertWork(sql.dialect, key, patch)));
      return { run: toRun(row), inserted };
    },
    async getRun(key) {
      const row = await sql.one(RUN, ...keyParams(key));
      return row && toRun(row);
    },
    async runStatus(key) {
      const row = await sql.one(`SELECT stop_requested, sweep_name, ${Object.values(COUNT_COLUMN).join(', ')} FROM runs WHERE entity = ? AND project = ? AND name = ?`, ...keyParams(key));
      return row && {
        ...runStatusOf(row),
        lineCounts: { history: Number(row.history_line_count), events: Number(row.events_line_count), log: Number(row.log_line_count) },
      };
    },
    async listRuns(entity, project) {
      return (await sql.all(`SELECT ${RUN_COLUMNS} FROM runs WHERE entity = ? AND project = ? ORDER BY created_at, name`, entity, project)).map(toRun);
    },
    async queryRuns(entity, project, { where, order, after, limit }) {
      await sortIndex(order);
      const listing = listingSql(sql.dialect, RUN_COLUMNS, entity, project, { where, order, after, limit });
      const rows = await sql.all(listing.sql, ...listing.params);
      return rows.map((row) => ({ run: toRun(row), cursor: toCursor(row) }));
    },
    async countRuns(entity, project, where) {
      for (const field of filterIndexFields(where)) await sortIndex({ field, descending: false });
      const count = countSql(sql.dialect, entity, project, where);
      const row = await sql.one(count.sql, ...count.params);
      return Number(row!.n);
    },
    async getProject(entity, project) {
      const row = await sql.one('SELECT name, created_at FROM projects WHERE entity = ? AND name = ?', entity, project);
      return row && { name: String(row.name), createdAt: String(row.created_at) };
    },
    async listProjects(entity) {
      return (await sql.all(`SELECT p.name, p.created_at, COUNT(r.name) AS run_count FROM projects p
          LEFT JOIN runs r ON r.entity = p.entity AND r.project = p.name
          WHERE p.entity = ? GROUP BY p.name, p.created_at ORDER BY p.created_at`, entity))
        .map((row) => ({ name: String(row.name), createdAt: String(row.created_at), runCount: Number(row.run_count) }));
    },
    async projectVersion(entity, project) {
      const changes = (table: string) => `SELECT CAST(COUNT(*) AS TEXT) || ':' || COALESCE(MAX(updated_at), '') FROM ${table} WHERE entity = ? AND project = ?`;
      const row = await sql.one(`SELECT (${changes('runs')}) || '|' || (${changes('sweeps')})
          || '|' || (SELECT CAST(COUNT(*) AS TEXT) || ':' || CAST(COUNT(*) FILTER (WHERE state = 'RUNNING') AS TEXT) FROM agents WHERE entity = ? AND project = ?) AS version`,
      entity, project, entity, project, entity, project);
      return String(row!.version);
    },
    async writeLines(key, file, offset, lines) {
      const count = countLines(key, file, offset + lines.length);
      if (sql.dialect === 'postgres' && lines.length <= LINES_PER_INSERT) {
        // One statement, so one round trip and its own transaction: the insert as a data-modifying WITH.
        const written = insertLines(key, file, offset, lines);
        await sql.run(kept(WRITE_LINES, `${file} ${lines.length}`, () => `WITH written AS (${written.sql}) ${count.sql}`), ...written.params, ...count.params);
      } else {
        await sql.transaction(function* () {
          yield* insertAll(key, file, offset, lines);
          yield count;
        });
      }
      sql.linesWritten({ entity: key.entity, project: key.project });
    },
    appendLines: async (key, file, offset, lines, summary, others) => {
      const parted = Array.isArray(lines) ? asParts(lines, { summary, others }) : { parts: lines.parts, rest: lines.rest ?? (() => ({ summary, others })) };
      if (sql.appendLines) return sql.appendLines({ key, file, offset, lines: parted });
      const whole = wholeLines(parted);
      const rest = parted.rest();
      if (appendTogether) return appendTogether({ key, file, offset, lines: whole, ...rest });
      let row: Row | undefined;
      try {
        row = await sql.transaction(() => appendWork(sql.dialect, key, file, offset, asParts(whole, rest)));
      } catch (error) {
        if (error instanceof RefusedAppend) return undefined;
        throw error;
      }
      if (!row) return undefined;
      sql.linesWritten({ entity: key.entity, project: key.project });
      return runStatusOf(row);
    },
    async readLines(key, file, from, limit) {
      return (await sql.all(`${LINES} AND line_index >= ? ORDER BY line_index LIMIT ?`, ...keyParams(key), file, int64(from), int64(limit)))
        .map((row) => String(row.content));
    },
    async readSteps(key, file, minStep, maxStep) {
      // Steps are whole: a fractional bound rounds up, and no stored step reaches 2^63.
      const below = maxStep >= 2 ** 63 ? [] : [int64(Math.ceil(maxStep))];
      return (await sql.all(`${LINES} AND step >= ?${below.length > 0 ? ' AND step < ?' : ''} ORDER BY step, line_index`,
        ...keyParams(key), file, int64(Math.ceil(minStep)), ...below)).map((row) => String(row.content));
    },
    async lastStep(key) {
      // As a double: SQLite refuses to read an integer beyond 2^53 into a JavaScript number.
      const row = await sql.one(`SELECT CAST(MAX(step) AS DOUBLE PRECISION) AS s FROM run_lines
          WHERE entity = ? AND project = ? AND run = ? AND file = 'history'`, ...keyParams(key));
      return row?.s === null || row?.s === undefined ? undefined : Number(row.s);
    },
    async touchRun(key) {
      await sql.touch(`UPDATE runs SET heartbeat_at = ${dbTime()} WHERE entity = ? AND project = ? AND name = ?`, ...keyParams(key));
    },
    async finishRun(key, state, exitcode) {
      await sql.run(`UPDATE runs SET state = ?, exitcode = ?, updated_at = ${dbTime()}, heartbeat_at = ${dbTime()} WHERE entity = ? AND project = ? AND name = ?`,
        state, exitcode, ...keyParams(key));
    },
    deleteRun: (key) => sql.transaction(function* () {
      yield exec('DELETE FROM run_lines WHERE entity = ? AND project = ? AND run = ?', ...keyParams(key));
      yield exec('DELETE FROM artifact_uses WHERE entity = ? AND project = ? AND run = ?', ...keyParams(key));
      return (yield exec('DELETE FROM runs WHERE entity = ? AND project = ? AND name = ?', ...keyParams(key))) > 0;
    }),
    // Alerts are lines of their own file, each at the next index: the run's row, locked by a no-op
    // update first, keeps two alerts of one run from taking the same index on PostgreSQL.
    addRunAlert: (key, alert) => sql.transaction(function* () {
      yield exec('UPDATE runs SET name = name WHERE entity = ? AND project = ? AND name = ?', ...keyParams(key));
      yield exec(`INSERT INTO run_lines (entity, project, run, file, line_index, step, content)
          SELECT ?, ?, ?, 'alerts', COALESCE(MAX(line_index) + 1, 0), NULL, ? FROM run_lines WHERE entity = ? AND project = ? AND run = ? AND file = 'alerts'`,
      ...keyParams(key), alert, ...keyParams(key));
    }),
    async runAlerts(key) {
      return (await sql.all(`${LINES} ORDER BY line_index`, ...keyParams(key), 'alerts')).map((row) => String(row.content));
    },
    async requestStop(key) {
      return (await sql.run(`UPDATE runs SET stop_requested = TRUE, updated_at = ${dbTime()} WHERE entity = ? AND project = ? AND name = ?`, ...keyParams(key))) > 0;
    },
    async crashStaleRuns(silentForMs) {
      return (await sql.all(`UPDATE runs SET state = CASE WHEN stop_requested THEN 'killed' ELSE 'crashed' END, updated_at = ${dbTime()}
          WHERE state IN ('running', 'pending') AND heartbeat_at < ${dbTime(silentForMs)} RETURNING entity, project, name`)).map(toRunKey);
    },
  };
}
