// The SweepStore in SQL, for both backends.
import { all, dbTime, exec, keyParams, now, one, placeholders, type Row, type Sql } from './sql.ts';
import { addProject, RUN_COLUMNS, toRun, toRunKey } from './run-sql.ts';
import { documentParam, documentText } from './run-query-sql.ts';
import type { RunKey } from './run-store.ts';
import type { Agent, Sweep, SweepState, SweepStore } from './sweep-store.ts';

const SWEEP = 'SELECT * FROM sweeps WHERE entity = ? AND project = ? AND name = ?';
const FINISH_AGENT = "UPDATE agents SET state = 'FINISHED' WHERE id = ?";
const SWEEP_RUNS = `SELECT ${RUN_COLUMNS} FROM runs WHERE entity = ? AND project = ? AND sweep_name = ?`;

function toSweep(row: Row): Sweep {
  return {
    entity: String(row.entity), project: String(row.project), name: String(row.name),
    displayName: row.display_name === null ? null : String(row.display_name), config: String(row.config),
    state: String(row.state) as SweepState, runCount: Number(row.run_count), createdAt: String(row.created_at), updatedAt: String(row.updated_at),
  };
}

function toAgent(row: Row): Agent {
  return {
    id: String(row.id), sweep: { entity: String(row.entity), project: String(row.project), name: String(row.sweep) },
    host: String(row.host), state: String(row.state) as Agent['state'], createdAt: String(row.created_at), heartbeatAt: String(row.heartbeat_at),
  };
}


let lastBatchTime = 0;

/**
 * Creation times for runs assigned in one batch, a millisecond apart and after the previous batch:
 * runs are read back in created_at order, which must be the order search suggested them in. Only
 * an order (of this server's batches): liveness uses heartbeat_at, stamped by the database's clock.
 */
function batchTimes(count: number): string[] {
  const start = Math.max(Date.now(), lastBatchTime + 1);
  lastBatchTime = start + count - 1;
  return Array.from({ length: count }, (_, i) => new Date(start + i).toISOString());
}

/** Runs inserted per statement: 10 parameters each stays well within both databases' limits. */
const RUNS_PER_INSERT = 500;

export function sweepMethods(sql: Sql): SweepStore {
  return {
    createSweep: (sweep) => sql.transaction(function* () {
      const time = now();
      yield addProject(sweep.entity, sweep.project, time);
      yield exec('INSERT INTO sweeps (entity, project, name, display_name, config, state, run_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)',
        ...keyParams(sweep), sweep.displayName, sweep.config, sweep.state, time, time);
      return { ...sweep, runCount: 0, createdAt: time, updatedAt: time };
    }),
    async getSweep(key) {
      const row = await sql.one(SWEEP, ...keyParams(key));
      return row && toSweep(row);
    },
    async updateSweep(key, patch) {
      const row = await sql.one(`UPDATE sweeps SET state = COALESCE(?, state), config = COALESCE(?, config), updated_at = ${dbTime()}
          WHERE entity = ? AND project = ? AND name = ? RETURNING *`, patch.state ?? null, patch.config ?? null, ...keyParams(key));
      return row && toSweep(row);
    },
    // The sweep's row goes first: a controller assigning runs at the same time then finds no sweep.
    deleteSweep: (key, withRuns) => sql.transaction(function* () {
      if ((yield exec('DELETE FROM sweeps WHERE entity = ? AND project = ? AND name = ?', ...keyParams(key))) === 0) return undefined;
      yield exec('DELETE FROM agents WHERE entity = ? AND project = ? AND sweep = ?', ...keyParams(key));
      if (!withRuns) {
        yield exec('UPDATE runs SET sweep_name = NULL, updated_at = ? WHERE entity = ? AND project = ? AND sweep_name = ?', now(), ...keyParams(key));
        return [];
      }
      const runs: Row[] = yield all(SWEEP_RUNS, ...keyParams(key));
      for (const table of ['run_lines', 'artifact_uses']) {
        yield exec(`DELETE FROM ${table} WHERE entity = ? AND project = ? AND run IN (SELECT name FROM runs WHERE entity = ? AND project = ? AND sweep_name = ?)`,
          key.entity, key.project, ...keyParams(key));
      }
      yield exec('DELETE FROM runs WHERE entity = ? AND project = ? AND sweep_name = ?', ...keyParams(key));
      return runs.map(toRunKey);
    }),
    async listSweeps(entity) {
      return (await sql.all('SELECT * FROM sweeps WHERE entity = ? ORDER BY created_at DESC, name', entity)).map(toSweep);
    },
    // Through the index of runs in sweeps, named on SQLite: without statistics its planner would
    // rather walk every run of the entity in the order of another index.
    async sweepRunStates(scope) {
      const one = typeof scope !== 'string';
      return (await sql.all(`SELECT project, sweep_name, state, COUNT(*) AS n FROM runs${sql.dialect === 'sqlite' ? ' INDEXED BY runs_in_sweeps' : ''}
          WHERE ${one ? 'entity = ? AND project = ? AND sweep_name = ?' : 'entity = ? AND sweep_name IS NOT NULL'}
          GROUP BY project, sweep_name, state`, ...(one ? keyParams(scope) : [scope])))
        .map((row) => ({ project: String(row.project), sweep: String(row.sweep_name), state: String(row.state), count: Number(row.n) }));
    },
    async entityAgents(entity) {
      return (await sql.all('SELECT * FROM agents WHERE entity = ? ORDER BY created_at', entity)).map(toAgent);
    },
    async sweepAgents(key) {
      return (await sql.all('SELECT * FROM agents WHERE entity = ? AND project = ? AND sweep = ? ORDER BY created_at', ...keyParams(key))).map(toAgent);
    },
    async heartbeatRuns(key, agentId, names) {
      const reported = names.length > 0 ? ` OR name IN (${placeholders(names.length)})` : '';
      return (await sql.all(`${SWEEP_RUNS} AND ((agent_id = ? AND (state = 'pending' OR (state = 'running' AND stop_requested)))${reported}) ORDER BY created_at, name`, ...keyParams(key), agentId, ...names)).map(toRun);
    },
    async sweepRunsChangedSince(key, since) {
      return (await sql.all(`${SWEEP_RUNS} AND updated_at >= ?`, ...keyParams(key), since)).map(toRun);
    },
    async sweepRuns(key) {
      return (await sql.all(`${SWEEP_RUNS} ORDER BY created_at, name`, ...keyParams(key))).map(toRun);
    },
    // A transaction, not a statement on its own: a crowd of agents registering at once shares one disk sync.
    createAgent: (agent) => sql.transaction(function* () {
      return toAgent((yield one(`INSERT INTO agents (id, entity, project, sweep, host, state, created_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ${dbTime()}, ${dbTime()})
          RETURNING *`, agent.id, ...keyParams(agent.sweep), agent.host, agent.state)) as Row);
    }),
    async getAgent(id) {
      const row = await sql.one('SELECT * FROM agents WHERE id = ?', id);
      return row && toAgent(row);
    },
    async touchAgent(id) {
      await sql.touch(`UPDATE agents SET heartbeat_at = ${dbTime()}, state = CASE state WHEN 'DEAD' THEN 'RUNNING' ELSE state END WHERE id = ?`, id);
    },
    async finishAgent(id) {
      await sql.run(FINISH_AGENT, id);
    },
    // Claiming the silent agents by updating them first: a second server burying at the same time
    // waits on those rows, then finds them no longer RUNNING.
    buryAgents: (silentForMs) => sql.transaction(function* () {
      const silent: Row[] = yield all(`UPDATE agents SET state = 'DEAD' WHERE state = 'RUNNING' AND heartbeat_at < ${dbTime(silentForMs)} RETURNING id`);
      const crashed: RunKey[] = [];
      for (const { id } of silent) {
        const runs: Row[] = yield all(`UPDATE runs SET state = 'crashed', stop_requested = TRUE, updated_at = ${dbTime()}
            WHERE agent_id = ? AND state IN ('pending', 'running') RETURNING entity, project, name`, String(id));
        if (runs.length === 0) yield exec(FINISH_AGENT, String(id));
        crashed.push(...runs.map(toRunKey));
      }
      return crashed;
    }),
    async redeliverRun(run, maxRedeliveries) {
      return (await sql.run("UPDATE runs SET redeliveries = redeliveries + 1 WHERE entity = ? AND project = ? AND name = ? AND state = 'pending' AND redeliveries < ?",
        ...keyParams(run), maxRedeliveries)) === 1;
    },
    assignSweepRuns: (key, expected, assignments) => sql.transaction(function* () {
      const times = batchTimes(assignments.length);
      const bumped: number = yield exec(`UPDATE sweeps SET run_count = run_count + ?, state = CASE state WHEN 'PENDING' THEN 'RUNNING' ELSE state END, updated_at = ${dbTime()}
          WHERE entity = ? AND project = ? AND name = ? AND run_count = ?`,
        assignments.length, ...keyParams(key), expected);
      if (bumped === 0) return false;
      const doc = documentParam(sql.dialect);
      const row = `(?, ?, ?, ?, 'pending', ?, '{}', ${doc}, ${doc}, ?, '[]', NULL, FALSE, 0, 0, 0, ?, ${dbTime()}, ${dbTime()}, ?)`;
      // Few statements for the batch: on PostgreSQL the sweep's row stays locked until COMMIT.
      for (let start = 0; start < assignments.length; start += RUNS_PER_INSERT) {
        const chunk = assignments.slice(start, start + RUNS_PER_INSERT);
        yield exec(`INSERT INTO runs (entity, project, name, display_name, state, config, summary, config_doc, summary_doc, sweep_name, tags, exitcode, stop_requested,
              history_line_count, events_line_count, log_line_count, created_at, updated_at, heartbeat_at, agent_id)
            VALUES ${chunk.map(() => row).join(', ')}`,
        ...chunk.flatMap((assigned, i) => [key.entity, key.project, assigned.name, assigned.displayName, JSON.stringify(assigned.config),
          documentText(assigned.config), '{}', key.name, times[start + i], assigned.agentId]));
      }
      return true;
    }),
  };
}
