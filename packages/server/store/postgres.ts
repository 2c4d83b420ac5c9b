// The scale-out store: PostgreSQL through `pg`, the same contract as the SQLite store. Several
// servers may share one database: migrations take an advisory lock, and every write is one
// transaction or one statement.
import pg from 'pg';
import { migrations } from './schema.ts';
import type { Run, RunKey, Store, StreamFile } from './store.ts';
import { artifactMethods, type Work } from './artifact-sql.ts';
import { batchTimes, patchColumns, toAgent, toKey, toRunKey, toRun, toSweep, toUser } from './rows.ts';
import { stringifyJson } from './json-text.ts';

type Row = Record<string, unknown>;
const COUNT_COLUMN: Record<StreamFile, string> = { history: 'history_line_count', events: 'events_line_count', log: 'log_line_count' };
const MIGRATION_LOCK = 7_413_201;

export async function openPostgresStore(url: string): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const q = async (sql: string, params: unknown[] = [], client: pg.Pool | pg.PoolClient = pool): Promise<Row[]> => (await client.query(sql, params)).rows as Row[];
  const transaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };
  await migrate(pool);
  const now = (): string => new Date().toISOString();
  const getRun = async (key: RunKey, client: pg.Pool | pg.PoolClient = pool): Promise<Run | undefined> => {
    const [row] = await q('SELECT * FROM runs WHERE entity = $1 AND project = $2 AND name = $3', [key.entity, key.project, key.name], client);
    return row && toRun(row);
  };

  const transact = <T>(work: () => Work<T>): Promise<T> => transaction(async (client) => {
    const steps = work();
    let next = steps.next();
    while (!next.done) {
      const { sql, params, mode } = next.value;
      let n = 0;
      const result = await client.query(sql.replace(/\?/g, () => `$${++n}`), params);
      next = steps.next(mode === 'one' ? result.rows[0] : mode === 'all' ? result.rows : result.rowCount ?? 0);
    }
    return next.value;
  });

  return {
    ...artifactMethods(transact),
    async createUser(username, admin) {
      const [row] = await q('INSERT INTO users (username, admin, created_at) VALUES ($1, $2, $3) RETURNING id', [username, admin, now()]);
      return { id: Number(row.id), username, admin };
    },
    async findUser(username) {
      const [row] = await q('SELECT * FROM users WHERE username = $1', [username]);
      return row && toUser(row);
    },
    async countUsers() {
      return Number((await q('SELECT COUNT(*) AS n FROM users'))[0].n);
    },
    async addApiKey(userId, hash, prefix) {
      const createdAt = now();
      const [row] = await q('INSERT INTO api_keys (user_id, hash, prefix, created_at) VALUES ($1, $2, $3, $4) RETURNING id', [userId, hash, prefix, createdAt]);
      return { id: Number(row.id), userId, prefix, createdAt, revokedAt: null };
    },
    async userForKeyHash(hash) {
      const [row] = await q('SELECT users.* FROM api_keys JOIN users ON users.id = api_keys.user_id WHERE hash = $1 AND revoked_at IS NULL', [hash]);
      return row && toUser(row);
    },
    async listApiKeys(userId) {
      return (await q('SELECT * FROM api_keys WHERE user_id = $1 ORDER BY id', [userId])).map(toKey);
    },
    async revokeApiKey(userId, keyId) {
      return (await pool.query('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL', [now(), keyId, userId])).rowCount! > 0;
    },
    async upsertRun(key, patch) {
      return transaction(async (client) => {
        const time = now();
        await client.query('INSERT INTO projects (entity, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [key.entity, key.project, time]);
        const inserted = (await client.query(
          `INSERT INTO runs (entity, project, name, display_name, state, config, summary, sweep_name, group_name, job_type, notes, tags,
             host, program, exitcode, stop_requested, history_line_count, events_line_count, log_line_count, created_at, updated_at, heartbeat_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULL, false, 0, 0, 0, $15, $15, $15)
           ON CONFLICT (entity, project, name) DO NOTHING`,
          [key.entity, key.project, key.name, patch.displayName ?? null, patch.state ?? 'running', stringifyJson(patch.config ?? {}),
            stringifyJson(patch.summary ?? {}), patch.sweepName ?? null, patch.groupName ?? null, patch.jobType ?? null,
            patch.notes ?? null, JSON.stringify(patch.tags ?? []), patch.host ?? null, patch.program ?? null, time])).rowCount! > 0;
        if (!inserted) {
          const columns = patchColumns(patch, time);
          const n = columns.length;
          await client.query(`UPDATE runs SET ${columns.map(([c], i) => `${c} = $${i + 1}`).join(', ')} WHERE entity = $${n + 1} AND project = $${n + 2} AND name = $${n + 3}`,
            [...columns.map(([, v]) => v), key.entity, key.project, key.name]);
        }
        return { run: (await getRun(key, client)) as Run, inserted };
      });
    },
    getRun: (key) => getRun(key),
    async runStatus(key) {
      const [row] = await q('SELECT stop_requested, sweep_name FROM runs WHERE entity = $1 AND project = $2 AND name = $3', [key.entity, key.project, key.name]);
      return row && { stopRequested: Boolean(row.stop_requested), sweepName: row.sweep_name === null ? null : String(row.sweep_name) };
    },
    async listRuns(entity, project) {
      return (await q('SELECT * FROM runs WHERE entity = $1 AND project = $2 ORDER BY created_at, name', [entity, project])).map(toRun);
    },
    async listProjects(entity) {
      return (await q(`SELECT p.name, p.created_at, COUNT(r.name) AS run_count FROM projects p
                       LEFT JOIN runs r ON r.entity = p.entity AND r.project = p.name
                       WHERE p.entity = $1 GROUP BY p.name, p.created_at ORDER BY p.created_at`, [entity]))
        .map((row) => ({ name: String(row.name), createdAt: String(row.created_at), runCount: Number(row.run_count) }));
    },
    async projectVersion(entity, project) {
      const [row] = await q(`SELECT (SELECT COUNT(*)::text || ':' || COALESCE(MAX(updated_at), '') FROM runs WHERE entity = $1 AND project = $2)
                || '|' || (SELECT COUNT(*)::text || ':' || COALESCE(MAX(updated_at), '') FROM sweeps WHERE entity = $1 AND project = $2)
                || '|' || (SELECT COUNT(*)::text || ':' || (COUNT(*) FILTER (WHERE state = 'RUNNING'))::text FROM agents WHERE entity = $1 AND project = $2) AS version`, [entity, project]);
      return String(row.version);
    },
    async writeLines(key, file, offset, lines) {
      await transaction(async (client) => {
        for (let start = 0; start < lines.length; start += 1000) {
          const chunk = lines.slice(start, start + 1000);
          await client.query(
            `INSERT INTO run_lines (entity, project, run, file, line_index, step, content)
             SELECT $1, $2, $3, $4, idx, step, content FROM unnest($5::int[], $6::bigint[], $7::text[]) AS t(idx, step, content)
             ON CONFLICT (entity, project, run, file, line_index) DO UPDATE SET content = excluded.content, step = excluded.step`,
            [key.entity, key.project, key.name, file, chunk.map((_, i) => offset + start + i), chunk.map((l) => l.step ?? null), chunk.map((l) => l.content)]);
        }
        const column = COUNT_COLUMN[file];
        await client.query(`UPDATE runs SET ${column} = GREATEST(${column}, $1), heartbeat_at = $2, updated_at = $2 WHERE entity = $3 AND project = $4 AND name = $5`,
          [offset + lines.length, now(), key.entity, key.project, key.name]);
      });
    },
    async readLines(key, file, from, limit) {
      return (await q(`SELECT content FROM run_lines WHERE entity = $1 AND project = $2 AND run = $3 AND file = $4 AND line_index >= $5
                       ORDER BY line_index LIMIT $6`, [key.entity, key.project, key.name, file, from, limit])).map((row) => String(row.content));
    },
    async readSteps(key, file, minStep, maxStep) {
      return (await q(`SELECT content FROM run_lines WHERE entity = $1 AND project = $2 AND run = $3 AND file = $4 AND step >= $5 AND step < $6
                       ORDER BY step, line_index`, [key.entity, key.project, key.name, file, minStep, maxStep])).map((row) => String(row.content));
    },
    async lastStep(key) {
      const [row] = await q("SELECT MAX(step) AS s FROM run_lines WHERE entity = $1 AND project = $2 AND run = $3 AND file = 'history'", [key.entity, key.project, key.name]);
      return row.s === null ? undefined : Number(row.s);
    },
    async touchRun(key) {
      await q('UPDATE runs SET heartbeat_at = $1 WHERE entity = $2 AND project = $3 AND name = $4', [now(), key.entity, key.project, key.name]);
    },
    async finishRun(key, state, exitcode) {
      await q('UPDATE runs SET state = $1, exitcode = $2, updated_at = $3, heartbeat_at = $3 WHERE entity = $4 AND project = $5 AND name = $6',
        [state, exitcode, now(), key.entity, key.project, key.name]);
    },
    async deleteRun(key) {
      return transaction(async (client) => {
        const params = [key.entity, key.project, key.name];
        await client.query('DELETE FROM run_lines WHERE entity = $1 AND project = $2 AND run = $3', params);
        await client.query('DELETE FROM artifact_uses WHERE entity = $1 AND project = $2 AND run = $3', params);
        return (await client.query('DELETE FROM runs WHERE entity = $1 AND project = $2 AND name = $3', params)).rowCount! > 0;
      });
    },
    async addRunAlert(key, alert) {
      // Serialised per run by the row lock, so two alerts never take the same index.
      await transaction(async (client) => {
        await client.query('SELECT 1 FROM runs WHERE entity = $1 AND project = $2 AND name = $3 FOR UPDATE', [key.entity, key.project, key.name]);
        await client.query(`INSERT INTO run_lines (entity, project, run, file, line_index, step, content)
          SELECT $1, $2, $3, 'alerts', COALESCE(MAX(line_index) + 1, 0), NULL, $4 FROM run_lines WHERE entity = $1 AND project = $2 AND run = $3 AND file = 'alerts'`,
        [key.entity, key.project, key.name, alert]);
      });
    },
    async runAlerts(key) {
      return (await q("SELECT content FROM run_lines WHERE entity = $1 AND project = $2 AND run = $3 AND file = 'alerts' ORDER BY line_index", [key.entity, key.project, key.name]))
        .map((row) => String(row.content));
    },
    async requestStop(key) {
      return (await pool.query('UPDATE runs SET stop_requested = true, updated_at = $1 WHERE entity = $2 AND project = $3 AND name = $4', [now(), key.entity, key.project, key.name])).rowCount! > 0;
    },
    async crashStaleRuns(before) {
      const rows = await q(`UPDATE runs SET state = CASE WHEN stop_requested THEN 'killed' ELSE 'crashed' END, updated_at = $1
        WHERE state IN ('running', 'pending') AND heartbeat_at < $2 RETURNING entity, project, name`, [now(), before.toISOString()]);
      return rows.map(toRunKey);
    },
    async createSweep(sweep) {
      const time = now();
      await q('INSERT INTO projects (entity, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [sweep.entity, sweep.project, time]);
      await q('INSERT INTO sweeps (entity, project, name, display_name, config, state, run_count, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $7)',
        [sweep.entity, sweep.project, sweep.name, sweep.displayName, sweep.config, sweep.state, time]);
      return { ...sweep, runCount: 0, createdAt: time, updatedAt: time };
    },
    async getSweep(key) {
      const [row] = await q('SELECT * FROM sweeps WHERE entity = $1 AND project = $2 AND name = $3', [key.entity, key.project, key.name]);
      return row && toSweep(row);
    },
    async updateSweep(key, patch) {
      const [row] = await q('UPDATE sweeps SET state = COALESCE($1, state), config = COALESCE($2, config), updated_at = $3 WHERE entity = $4 AND project = $5 AND name = $6 RETURNING *',
        [patch.state ?? null, patch.config ?? null, now(), key.entity, key.project, key.name]);
      return row && toSweep(row);
    },
    async listSweeps(entity) {
      return (await q('SELECT * FROM sweeps WHERE entity = $1 ORDER BY created_at DESC, name', [entity])).map(toSweep);
    },
    async sweepAgents(key) {
      return (await q('SELECT * FROM agents WHERE entity = $1 AND project = $2 AND sweep = $3 ORDER BY created_at', [key.entity, key.project, key.name])).map(toAgent);
    },
    async heartbeatRuns(key, agentId, names) {
      return (await q(`SELECT * FROM runs WHERE entity = $1 AND project = $2 AND sweep_name = $3 AND ((agent_id = $4 AND (state = 'pending' OR (state = 'running' AND stop_requested))) OR name = ANY($5))
        ORDER BY created_at, name`, [key.entity, key.project, key.name, agentId, names])).map(toRun);
    },
    async sweepRunsChangedSince(key, since) {
      return (await q('SELECT * FROM runs WHERE entity = $1 AND project = $2 AND sweep_name = $3 AND updated_at >= $4', [key.entity, key.project, key.name, since])).map(toRun);
    },
    async sweepRuns(key) {
      return (await q('SELECT * FROM runs WHERE entity = $1 AND project = $2 AND sweep_name = $3 ORDER BY created_at, name', [key.entity, key.project, key.name])).map(toRun);
    },
    async createAgent(agent) {
      const time = now();
      await q('INSERT INTO agents (id, entity, project, sweep, host, state, created_at, heartbeat_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)',
        [agent.id, agent.sweep.entity, agent.sweep.project, agent.sweep.name, agent.host, agent.state, time]);
      return { ...agent, createdAt: time, heartbeatAt: time };
    },
    async getAgent(id) {
      const [row] = await q('SELECT * FROM agents WHERE id = $1', [id]);
      return row && toAgent(row);
    },
    async touchAgent(id) {
      await q("UPDATE agents SET heartbeat_at = $1, state = CASE state WHEN 'DEAD' THEN 'RUNNING' ELSE state END WHERE id = $2", [now(), id]);
    },
    async finishAgent(id) {
      await q("UPDATE agents SET state = 'FINISHED' WHERE id = $1", [id]);
    },
    async buryAgents(before) {
      return transaction(async (client) => {
        const silent = (await client.query("SELECT id FROM agents WHERE state = 'RUNNING' AND heartbeat_at < $1 FOR UPDATE", [before.toISOString()])).rows.map((row) => String(row.id));
        const crashed: RunKey[] = [];
        for (const id of silent) {
          const runs = (await client.query(`UPDATE runs SET state = 'crashed', stop_requested = true, updated_at = $1
            WHERE agent_id = $2 AND state IN ('pending', 'running') RETURNING entity, project, name`, [now(), id])).rows.map(toRunKey);
          await client.query('UPDATE agents SET state = $1 WHERE id = $2', [runs.length > 0 ? 'DEAD' : 'FINISHED', id]);
          crashed.push(...runs);
        }
        return crashed;
      });
    },
    async assignSweepRuns(key, expected, assignments) {
      return transaction(async (client) => {
        const times = batchTimes(assignments.length);
        const bumped = (await client.query('UPDATE sweeps SET run_count = run_count + $1, updated_at = $2 WHERE entity = $3 AND project = $4 AND name = $5 AND run_count = $6',
          [assignments.length, times[0], key.entity, key.project, key.name, expected])).rowCount! > 0;
        if (!bumped) return false;
        for (const [i, assigned] of assignments.entries()) await client.query(`INSERT INTO runs (entity, project, name, display_name, state, config, summary, sweep_name, tags, exitcode, stop_requested,
               history_line_count, events_line_count, log_line_count, created_at, updated_at, heartbeat_at, agent_id)
             VALUES ($1, $2, $3, $4, 'pending', $5, '{}', $6, '[]', NULL, false, 0, 0, 0, $7, $7, $7, $8)`,
        [key.entity, key.project, assigned.name, assigned.displayName, JSON.stringify(assigned.config), key.name, times[i], assigned.agentId]);
        return true;
      });
    },
    async close() {
      await pool.end();
    },
  };
}

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const current = Number((await client.query('SELECT COALESCE(MAX(version), 0) AS v FROM schema_version')).rows[0].v);
    for (const [i, sql] of migrations('postgres').slice(current).entries()) {
      await client.query('BEGIN');
      await client.query(sql);
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [current + i + 1]);
      await client.query('COMMIT');
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    client.release();
  }
}
