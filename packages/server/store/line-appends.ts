// file_stream's appends on PostgreSQL, grouped: appends that arrive while IN_FLIGHT statements are
// being committed wait, then go together as one statement, so concurrent streams share one commit
// (one WAL flush) and one statement's work instead of one each. Each append is still checked on its
// own inside the statement (the run exists and holds the lines before its offset): one that fails the
// check writes nothing and is answered undefined, the others are written. The lines travel as arrays (unnest),
// so the statement's text is the same whatever the number of appends and lines: prepared once.
import { dbTime, int64, type Param, type Row, type Sql } from './sql.ts';
import { documentText } from './run-query-sql.ts';
import { stringifyJson } from './json-text.ts';
import type { AppendRest, FileLines, PartedAppend, RunStatus, StreamFile, StreamLine } from './run-store.ts';

/** An append with its lines whole, and its rest. */
export type Append = Omit<PartedAppend, 'lines'> & AppendRest & { lines: StreamLine[] };

/** A run's status from its row's stop_requested and sweep_name. */
export function runStatusOf(row: Row): RunStatus {
  return { stopRequested: Boolean(row.stop_requested), sweepName: row.sweep_name === null ? null : String(row.sweep_name) };
}

/** Statements in flight at once: each waits for its commit, the next group forms meanwhile. */
const IN_FLIGHT = 4;
/** Lines in one group at most (but a larger append goes alone): the appends after it wait for the next group. */
export const GROUP_LINES = 20_000;

const FILES: StreamFile[] = ['history', 'events', 'log'];
const LINE_COLUMNS = 'entity, project, run, file, line_index, step, content';
const REWRITE = 'ON CONFLICT (entity, project, run, file, line_index) DO UPDATE SET content = excluded.content, step = excluded.step';

/**
 * Each append `v` (its ordinal `m`) raises its run's line counts (of each file it has lines of:
 * from `<file>_start` to `<file>_end`, null where it has none), and replaces its summary when it
 * has one, when the run holds at least each start; `sent` are the lines, each with its append's
 * ordinal and its file, written only for the appends counted.
 * A line may come again (a retried request) and then replaces the stored one. Checking each line
 * for that (ON CONFLICT) made PostgreSQL spend about a third more CPU per append, so with `fresh` the lines
 * past the count read in the statement's snapshot are inserted as new and only the others are
 * checked. Another server appending to the same run at once can make that count old: the insert
 * then fails on the line's key, and the append is written again without `fresh`.
 */
function appendStatement(fresh: boolean): string {
  const insert = (where: string, conflict: string): string => `INSERT INTO run_lines (${LINE_COLUMNS}) SELECT ${LINE_COLUMNS} FROM sent ${where} ${conflict}`;
  const held = `CASE sent.file ${FILES.map((file) => `WHEN '${file}' THEN b.${file}_held`).join(' ')} END`;
  return `WITH v AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ${FILES.map(() => '?::bigint[], ?::bigint[]').join(', ')}, ?::text[], ?::jsonb[])
      WITH ORDINALITY AS v(entity, project, name, ${FILES.map((file) => `${file}_start, ${file}_end`).join(', ')}, summary, summary_doc, m)),
    counted AS (UPDATE runs r SET ${FILES.map((file) => `${file}_line_count = GREATEST(r.${file}_line_count, v.${file}_end)`).join(', ')},
        heartbeat_at = ${dbTime()}, updated_at = ${dbTime()},
        summary = COALESCE(v.summary, r.summary), summary_doc = COALESCE(v.summary_doc, r.summary_doc)
      FROM v WHERE r.entity = v.entity AND r.project = v.project AND r.name = v.name
        AND ${FILES.map((file) => `r.${file}_line_count >= COALESCE(v.${file}_start, 0)`).join(' AND ')}
      RETURNING v.m, v.entity, v.project, v.name, r.stop_requested, r.sweep_name),
    sent AS (SELECT c.entity, c.project, c.name AS run, l.file, l.m, l.line_index, l.step, l.content
      FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::text[]) AS l(m, file, line_index, step, content) JOIN counted c ON c.m = l.m),
    ${fresh ? `before AS (SELECT v.m, ${FILES.map((file) => `r.${file}_line_count AS ${file}_held`).join(', ')} FROM v JOIN runs r ON r.entity = v.entity AND r.project = v.project AND r.name = v.name),
    added AS (${insert(`JOIN before b USING (m) WHERE line_index >= ${held}`, '')}),
    rewritten AS (${insert(`JOIN before b USING (m) WHERE line_index < ${held}`, REWRITE)})`
    : `written AS (${insert('', REWRITE)})`}
  SELECT m, stop_requested, sweep_name FROM counted`;
}
const APPEND_FRESH = appendStatement(true);
const APPEND_CHECKED = appendStatement(false);

interface Pending extends Append {
  run: string;
  resolve(status: RunStatus | undefined): void;
  reject(error: unknown): void;
}

/** Appends on `sql` (PostgreSQL), each answered once the commit that holds it is done. */
export function groupedAppends(sql: Sql): (append: Append) => Promise<RunStatus | undefined> {
  const pending: Pending[] = [];
  /** Runs with an append in flight: the next append of such a run waits for it, so a run's appends land in order. */
  const busy = new Set<string>();
  let inFlight = 0;
  const next = (): void => {
    while (inFlight < IN_FLIGHT) {
      const group = takeGroup(pending, busy);
      if (group.length === 0) return;
      inFlight++;
      void commit(sql, group).finally(() => {
        inFlight--;
        for (const append of group) busy.delete(append.run);
        next();
      });
    }
  };
  return (append) => new Promise((resolve, reject) => {
    pending.push({ ...append, run: JSON.stringify([append.key.entity, append.key.project, append.key.name]), resolve, reject });
    next();
  });
}

/**
 * The group that goes next, in arrival order: appends of runs not `busy` (two of one run in one
 * statement would update its row twice), up to GROUP_LINES lines; their runs become busy. The rest stay queued.
 */
function takeGroup(pending: Pending[], busy: Set<string>): Pending[] {
  const group: Pending[] = [];
  let lines = 0;
  for (let i = 0; i < pending.length;) {
    const append = pending[i];
    if (group.length > 0 && lines + lineCount(append) > GROUP_LINES) break;
    if (busy.has(append.run)) {
      i++;
      continue;
    }
    busy.add(append.run);
    lines += lineCount(append);
    group.push(append);
    pending.splice(i, 1);
  }
  // In one order of runs on every server sharing the database, so that groups updating the same runs
  // tend to wait for each other rather than deadlock; a deadlock costs only the retry in commit().
  return group.sort((a, b) => (a.run < b.run ? -1 : a.run > b.run ? 1 : 0));
}

/** Writes a group; when the statement fails as a whole, each append is tried alone, every line checked, so one append's error is its own. */
async function commit(sql: Sql, group: Pending[], statement = APPEND_FRESH): Promise<void> {
  let rows: Row[];
  try {
    rows = await sql.all(statement, ...appendParams(group));
  } catch (error) {
    if (group.length === 1 && statement === APPEND_CHECKED) return group[0].reject(error);
    await Promise.all(group.map((append) => commit(sql, [append], APPEND_CHECKED)));
    return;
  }
  const counted = new Map(rows.map((row) => [Number(row.m), row]));
  group.forEach((append, i) => {
    const row = counted.get(i + 1);
    if (!row) return append.resolve(undefined);
    sql.linesWritten({ entity: append.key.entity, project: append.key.project });
    append.resolve(runStatusOf(row));
  });
}

/** An append's lines by file: its own, then its others'. */
const filesOf = (append: Append): FileLines[] => [{ file: append.file, offset: append.offset, lines: append.lines }, ...(append.others ?? [])];

const lineCount = (append: Append): number => filesOf(append).reduce((sum, { lines }) => sum + lines.length, 0);

function appendParams(group: Append[]): Param[] {
  const column = <T>(value: (append: Append) => T): T[] => group.map(value);
  const lineOf: number[] = [];
  const fileOf: StreamFile[] = [];
  const indexes: Param[] = [];
  const steps: Param[] = [];
  const contents: string[] = [];
  group.forEach((append, i) => filesOf(append).forEach(({ file, offset, lines }) => lines.forEach((line, j) => {
    lineOf.push(i + 1);
    fileOf.push(file);
    indexes.push(int64(offset + j));
    steps.push(int64(line.step ?? null));
    contents.push(line.content);
  })));
  const range = (file: StreamFile, end: boolean) => column((append) => {
    const lines = filesOf(append).find((f) => f.file === file);
    return lines ? int64(lines.offset + (end ? lines.lines.length : 0)) : null;
  });
  // Arrays as parameters: `pg` writes them as PostgreSQL array literals.
  return [
    column((a) => a.key.entity), column((a) => a.key.project), column((a) => a.key.name),
    ...FILES.flatMap((file) => [range(file, false), range(file, true)]),
    column((a) => (a.summary ? stringifyJson(a.summary) : null)), column((a) => (a.summary ? documentText(a.summary) : null)), lineOf, fileOf, indexes, steps, contents,
  ] as unknown as Param[];
}
