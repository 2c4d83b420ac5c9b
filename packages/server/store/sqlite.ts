// The default store: one SQLite file (node:sqlite) in write-ahead-log mode with full fsync, so a
// write that returned survives a crash of the server or the machine.
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { migrations } from './schema.ts';
import type { Run, RunKey, Store, StreamFile } from './store.ts';
import { artifactMethods, type Work } from './artifact-sql.ts';
import { batchTimes, patchColumns, toAgent, toKey, toRunKey, toRun, toSweep, toUser } from './rows.ts';
import { stringifyJson } from './json-text.ts';

type Row = Record<string, SQLInputValue>;

const COUNT_COLUMN: Record<StreamFile, string> = {
  history: 'history_line_count',
  events: 'events_line_count',
  log: 'log_line_count',
};

export function openSqliteStore(path: string): Store {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  migrate(db);
  const now = (): string => new Date().toISOString();
  // Statements are compiled once and reused: compiling costs more than running these small queries.
  const statements = new Map<string, StatementSync>();
  const statement = (sql: string): StatementSync => {
    let prepared = statements.get(sql);
    if (!prepared) statements.set(sql, (prepared = db.prepare(sql)));
    return prepared;
  };
  const one = (sql: string, ...params: SQLInputValue[]): Row | undefined => statement(sql).get(...params) as Row | undefined;
  const all = (sql: string, ...params: SQLInputValue[]): Row[] => statement(sql).all(...params) as Row[];
  const run = (sql: string, ...params: SQLInputValue[]) => statement(sql).run(...params);
  const transaction = <T>(work: () => T): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  };
  // Liveness timestamps are not worth a disk sync each: written without one, they reach the disk
  // with the next synced commit; a kill -9 keeps them (WAL), only a power cut may lose the last few.
  const unsynced = (sql: string, ...params: SQLInputValue[]): void => {
    db.exec('PRAGMA synchronous = NORMAL');
    try {
      run(sql, ...params);
    } finally {
      db.exec('PRAGMA synchronous = FULL');
    }
  };
  const getRun = (key: RunKey): Run | undefined => {
    const row = one('SELECT * FROM runs WHERE entity = ? AND project = ? AND name = ?', key.entity, key.project, key.name);
    return row && toRun(row);
  };

  // Artifact work runs to its end synchronously inside one transaction: no other request interleaves.
  const transact = async <T>(work: () => Work<T>): Promise<T> => transaction(() => {
    const steps = work();
    let next = steps.next();
    while (!next.done) {
      const { sql, params, mode } = next.value;
      next = steps.next(mode === 'one' ? one(sql, ...params) : mode === 'all' ? all(sql, ...params) : Number(run(sql, ...params).changes));
    }
    return next.value;
  });

  return {
    ...artifactMethods(transact),
    async createUser(username, admin) {
      const result = run('INSERT INTO users (username, admin, created_at) VALUES (?, ?, ?)', username, admin ? 1 : 0, now());
      return { id: Number(result.lastInsertRowid), username, admin };
    },
    async findUser(username) {
      const row = one('SELECT * FROM users WHERE username = ?', username);
      return row && toUser(row);
    },
    async countUsers() {
      return Number(one('SELECT COUNT(*) AS n FROM users')?.n ?? 0);
    },
    async addApiKey(userId, hash, prefix) {
      const createdAt = now();
      const result = run('INSERT INTO api_keys (user_id, hash, prefix, created_at) VALUES (?, ?, ?, ?)', userId, hash, prefix, createdAt);
      return { id: Number(result.lastInsertRowid), userId, prefix, createdAt, revokedAt: null };
    },
    async userForKeyHash(hash) {
      const row = one('SELECT users.* FROM api_keys JOIN users ON users.id = api_keys.user_id WHERE hash = ? AND revoked_at IS NULL', hash);
      return row && toUser(row);
    },
    async listApiKeys(userId) {
      return all('SELECT * FROM api_keys WHERE user_id = ? ORDER BY id', userId).map(toKey);
    },
    async revokeApiKey(userId, keyId) {
      return run('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL', now(), keyId, userId).changes > 0;
    },
    async upsertRun(key, patch) {
      return transaction(() => {
        const existing = getRun(key);
        const time = now();
        if (!existing) {
          run('INSERT INTO projects (entity, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', key.entity, key.project, time);
          run(`INSERT INTO runs (entity, project, name, display_name, state, config, summary, sweep_name, group_name, job_type,
                 notes, tags, host, program, exitcode, stop_requested, history_line_count, events_line_count, log_line_count,
                 created_at, updated_at, heartbeat_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, 0, 0, 0, ?, ?, ?)`,
          key.entity, key.project, key.name, patch.displayName ?? null, patch.state ?? 'running', stringifyJson(patch.config ?? {}),
          stringifyJson(patch.summary ?? {}), patch.sweepName ?? null, patch.groupName ?? null, patch.jobType ?? null,
          patch.notes ?? null, JSON.stringify(patch.tags ?? []), patch.host ?? null, patch.program ?? null, time, time, time);
          return { run: getRun(key) as Run, inserted: true };
        }
        const columns = patchColumns(patch, time);
        run(`UPDATE runs SET ${columns.map(([c]) => `${c} = ?`).join(', ')} WHERE entity = ? AND project = ? AND name = ?`,
          ...columns.map(([, v]) => v), key.entity, key.project, key.name);
        return { run: getRun(key) as Run, inserted: false };
      });
    },
    async getRun(key) {
      return getRun(key);
    },
    async runStatus(key) {
      const row = one('SELECT stop_requested, sweep_name FROM runs WHERE entity = ? AND project = ? AND name = ?', key.entity, key.project, key.name);
      return row && { stopRequested: Boolean(row.stop_requested), sweepName: row.sweep_name === null ? null : String(row.sweep_name) };
    },
    async listRuns(entity, project) {
      return all('SELECT * FROM runs WHERE entity = ? AND project = ? ORDER BY created_at, name', entity, project).map(toRun);
    },
    async listProjects(entity) {
      return all(`SELECT p.name, p.created_at, COUNT(r.name) AS run_count FROM projects p
                  LEFT JOIN runs r ON r.entity = p.entity AND r.project = p.name
                  WHERE p.entity = ? GROUP BY p.name, p.created_at ORDER BY p.created_at`, entity)
        .map((row) => ({ name: String(row.name), createdAt: String(row.created_at), runCount: Number(row.run_count) }));
    },
    async projectVersion(entity, project) {
      return String(one(`SELECT (SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), '') FROM runs WHERE entity = ? AND project = ?)
                || '|' || (SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), '') FROM sweeps WHERE entity = ? AND project = ?)
                || '|' || (SELECT COUNT(*) || ':' || COUNT(*) FILTER (WHERE state = 'RUNNING') FROM agents WHERE entity = ? AND project = ?) AS version`, entity, project, entity, project, entity, project)!.version);
    },
    async writeLines(key, file, offset, lines) {
      transaction(() => {
        const insert = statement(`INSERT INTO run_lines (entity, project, run, file, line_index, step, content) VALUES (?, ?, ?, ?, ?, ?, ?)
                                   ON CONFLICT (entity, project, run, file, line_index) DO UPDATE SET content = excluded.content, step = excluded.step`);
        lines.forEach((line, i) => insert.run(key.entity, key.project, key.name, file, offset + i, line.step ?? null, line.content));
        const column = COUNT_COLUMN[file];
        run(`UPDATE runs SET ${column} = MAX(${column}, ?), heartbeat_at = ?, updated_at = ? WHERE entity = ? AND project = ? AND name = ?`,
          offset + lines.length, now(), now(), key.entity, key.project, key.name);
      });
    },
    async readLines(key, file, from, limit) {
      return all(`SELECT content FROM run_lines WHERE entity = ? AND project = ? AND run = ? AND file = ? AND line_index >= ?
                  ORDER BY line_index LIMIT ?`, key.entity, key.project, key.name, file, from, limit).map((row) => String(row.content));
    },
    async readSteps(key, file, minStep, maxStep) {
      return all(`SELECT content FROM run_lines WHERE entity = ? AND project = ? AND run = ? AND file = ? AND step >= ? AND step < ?
                  ORDER BY step, line_index`, key.entity, key.project, key.name, file, minStep, maxStep).map((row) => String(row.content));
    },
    async lastStep(key) {
      const row = one("SELECT MAX(step) AS s FROM run_lines WHERE entity = ? AND project = ? AND run = ? AND file = 'history'", key.entity, key.project, key.name);
      return row?.s === null || row?.s === undefined ? undefined : Number(row.s);
    },
    async touchRun(key) {
      unsynced('UPDATE runs SET heartbeat_at = ? WHERE entity = ? AND project = ? AND name = ?', now(), key.entity, key.project, key.name);
    },
    async finishRun(key, state, exitcode) {
      run('UPDATE runs SET state = ?, exitcode = ?, updated_at = ?, heartbeat_at = ? WHERE entity = ? AND project = ? AND name = ?',
        state, exitcode, now(), now(), key.entity, key.project, key.name);
    },
    async deleteRun(key) {
      return transaction(() => {
        const where = 'entity = ? AND project = ? AND run = ?';
        run(`DELETE FROM run_lines WHERE ${where}`, key.entity, key.project, key.name);
        run(`DELETE FROM artifact_uses WHERE ${where}`, key.entity, key.project, key.name);
        return run('DELETE FROM runs WHERE entity = ? AND project = ? AND name = ?', key.entity, key.project, key.name).changes > 0;
      });
    },
    async addRunAlert(key, alert) {
      run(`INSERT INTO run_lines (entity, project, run, file, line_index, step, content)
           SELECT ?, ?, ?, 'alerts', COALESCE(MAX(line_index) + 1, 0), NULL, ? FROM run_lines WHERE entity = ? AND project = ? AND run = ? AND file = 'alerts'`,
      key.entity, key.project, key.name, alert, key.entity, key.project, key.name);
    },
    async runAlerts(key) {
      return all("SELECT content FROM run_lines WHERE entity = ? AND project = ? AND run = ? AND file = 'alerts' ORDER BY line_index", key.entity, key.project, key.name)
        .map((row) => String(row.content));
    },
    async requestStop(key) {
      return run('UPDATE runs SET stop_requested = 1, updated_at = ? WHERE entity = ? AND project = ? AND name = ?', now(), key.entity, key.project, key.name).changes > 0;
    },
    async crashStaleRuns(before) {
      return transaction(() => {
        const stale = all("SELECT entity, project, name FROM runs WHERE state IN ('running', 'pending') AND heartbeat_at < ?", before.toISOString());
        for (const row of stale) {
          run("UPDATE runs SET state = CASE WHEN stop_requested THEN 'killed' ELSE 'crashed' END, updated_at = ? WHERE entity = ? AND project = ? AND name = ?", now(), row.entity, row.project, row.name);
        }
        return stale.map(toRunKey);
      });
    },
    async createSweep(sweep) {
      const time = now();
      run('INSERT INTO projects (entity, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', sweep.entity, sweep.project, time);
      run('INSERT INTO sweeps (entity, project, name, display_name, config, state, run_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)',
        sweep.entity, sweep.project, sweep.name, sweep.displayName, sweep.config, sweep.state, time, time);
      return { ...sweep, runCount: 0, createdAt: time, updatedAt: time };
    },
    async getSweep(key) {
      const row = one('SELECT * FROM sweeps WHERE entity = ? AND project = ? AND name = ?', key.entity, key.project, key.name);
      return row && toSweep(row);
    },
    async updateSweep(key, patch) {
      run('UPDATE sweeps SET state = COALESCE(?, state), config = COALESCE(?, config), updated_at = ? WHERE entity = ? AND project = ? AND name = ?',
        patch.state ?? null, patch.config ?? null, now(), key.entity, key.project, key.name);
      const row = one('SELECT * FROM sweeps WHERE entity = ? AND project = ? AND name = ?', key.entity, key.project, key.name);
      return row && toSweep(row);
    },
    async listSweeps(entity) {
      return all('SELECT * FROM sweeps WHERE entity = ? ORDER BY created_at DESC, name', entity).map(toSweep);
    },
    async sweepAgents(key) {
      return all('SELECT * FROM agents WHERE entity = ? AND project = ? AND sweep = ? ORDER BY created_at', key.entity, key.project, key.name).map(toAgent);
    },
    async heartbeatRuns(key, agentId, names) {
      return all(`SELECT * FROM runs WHERE entity = ? AND project = ? AND sweep_name = ?
        AND ((agent_id = ? AND (state = 'pending' OR (state = 'running' AND stop_requested))) OR name IN (SELECT value FROM json_each(?))) ORDER BY created_at, name`, key.entity, key.project, key.name, agentId, JSON.stringify(names)).map(toRun);
    },
    async sweepRunsChangedSince(key, since) {
      return all('SELECT * FROM runs WHERE entity = ? AND project = ? AND sweep_name = ? AND updated_at >= ?', key.entity, key.project, key.name, since).map(toRun);
    },
    async sweepRuns(key) {
      return all('SELECT * FROM runs WHERE entity = ? AND project = ? AND sweep_name = ? ORDER BY created_at, name', key.entity, key.project, key.name).map(toRun);
    },
    async createAgent(agent) {
      const time = now();
      run('INSERT INTO agents (id, entity, project, sweep, host, state, created_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        agent.id, agent.sweep.entity, agent.sweep.project, agent.sweep.name, agent.host, agent.state, time, time);
      return { ...agent, createdAt: time, heartbeatAt: time };
    },
    async getAgent(id) {
      const row = one('SELECT * FROM agents WHERE id = ?', id);
      return row && toAgent(row);
    },
    async touchAgent(id) {
      unsynced("UPDATE agents SET heartbeat_at = ?, state = CASE state WHEN 'DEAD' THEN 'RUNNING' ELSE state END WHERE id = ?", now(), id);
    },
    async finishAgent(id) {
      run("UPDATE agents SET state = 'FINISHED' WHERE id = ?", id);
    },
    async buryAgents(before) {
      return transaction(() => {
        const time = now();
        const silent = all("SELECT id FROM agents WHERE state = 'RUNNING' AND heartbeat_at < ?", before.toISOString()).map((row) => String(row.id));
        const crashed = silent.flatMap((id) => {
          const runs = all(`UPDATE runs SET state = 'crashed', stop_requested = 1, updated_at = ?
            WHERE agent_id = ? AND state IN ('pending', 'running') RETURNING entity, project, name`, time, id);
          run('UPDATE agents SET state = ? WHERE id = ?', runs.length > 0 ? 'DEAD' : 'FINISHED', id);
          return runs;
        });
        return crashed.map(toRunKey);
      });
    },
    async assignSweepRuns(key, expected, assignments) {
      return transaction(() => {
        const times = batchTimes(assignments.length);
        const bumped = run('UPDATE sweeps SET run_count = run_count + ?, updated_at = ? WHERE entity = ? AND project = ? AND name = ? AND run_count = ?',
          assignments.length, times[0], key.entity, key.project, key.name, expected).changes > 0;
        if (!bumped) return false;
        for (const [i, assigned] of assignments.entries()) run(`INSERT INTO runs (entity, project, name, display_name, state, config, summary, sweep_name, tags, exitcode, stop_requested,
               history_line_count, events_line_count, log_line_count, created_at, updated_at, heartbeat_at, agent_id)
             VALUES (?, ?, ?, ?, 'pending', ?, '{}', ?, '[]', NULL, 0, 0, 0, 0, ?, ?, ?, ?)`,
        key.entity, key.project, assigned.name, assigned.displayName, JSON.stringify(assigned.config), key.name, times[i], times[i], times[i], assigned.agentId);
        return true;
      });
    },
    async close() {
      db.close();
    },
  };
}

function migrate(db: DatabaseSync): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const current = Number((db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as Row | undefined)?.v ?? 0);
  migrations('sqlite').slice(current).forEach((sql, i) => {
    db.exec('BEGIN IMMEDIATE');
    db.exec(sql);
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(current + i + 1);
    db.exec('COMMIT');
  });
}
