// The tables, in SQL both SQLite and PostgreSQL accept. Each migration runs once, in order; a
// migration only one database needs names its SQL per database.

import { all, exec, one, script, type Dialect, type Row, type Work } from './sql.ts';
import { parseJson } from './json-text.ts';
import { documentParam, documentText } from './run-query-sql.ts';

export type { Dialect } from './sql.ts';

/** A migration: SQL for both databases, SQL for each, or work of its own (data rewritten in JavaScript). */
type Migration = string | Record<Dialect, string> | ((dialect: Dialect) => Work<void>);

const MIGRATIONS: Migration[] = [
  `CREATE TABLE users (
     id INTEGER PRIMARY KEY,
     username TEXT NOT NULL UNIQUE,
     admin BOOLEAN NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE TABLE api_keys (
     id INTEGER PRIMARY KEY,
     user_id INTEGER NOT NULL REFERENCES users(id),
     hash TEXT NOT NULL UNIQUE,
     prefix TEXT NOT NULL,
     created_at TEXT NOT NULL,
     revoked_at TEXT
   );
   CREATE TABLE projects (
     entity TEXT NOT NULL,
     name TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (entity, name)
   );
   CREATE TABLE runs (
     entity TEXT NOT NULL,
     project TEXT NOT NULL,
     name TEXT NOT NULL,
     display_name TEXT,
     state TEXT NOT NULL,
     config TEXT NOT NULL,
     summary TEXT NOT NULL,
     sweep_name TEXT,
     group_name TEXT,
     job_type TEXT,
     notes TEXT,
     tags TEXT NOT NULL,
     host TEXT,
     program TEXT,
     exitcode INTEGER,
     stop_requested BOOLEAN NOT NULL,
     history_line_count INTEGER NOT NULL,
     events_line_count INTEGER NOT NULL,
     log_line_count INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     heartbeat_at TEXT NOT NULL,
     PRIMARY KEY (entity, project, name)
   );
   CREATE INDEX runs_by_state ON runs (state, heartbeat_at);
   CREATE TABLE run_lines (
     entity TEXT NOT NULL,
     project TEXT NOT NULL,
     run TEXT NOT NULL,
     file TEXT NOT NULL,
     line_index INTEGER NOT NULL,
     step BIGINT,
     content TEXT NOT NULL,
     PRIMARY KEY (entity, project, run, file, line_index)
   );
   CREATE INDEX run_lines_by_step ON run_lines (entity, project, run, file, step);`,
  `CREATE TABLE sweeps (
     entity TEXT NOT NULL,
     project TEXT NOT NULL,
     name TEXT NOT NULL,
     display_name TEXT,
     config TEXT NOT NULL,
     state TEXT NOT NULL,
     run_count INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (entity, project, name)
   );
   CREATE TABLE agents (
     id TEXT PRIMARY KEY,
     entity TEXT NOT NULL,
     project TEXT NOT NULL,
     sweep TEXT NOT NULL,
     host TEXT NOT NULL,
     state TEXT NOT NULL,
     created_at TEXT NOT NULL,
     heartbeat_at TEXT NOT NULL
   );
   ALTER TABLE runs ADD COLUMN agent_id TEXT;
   CREATE INDEX runs_by_sweep ON runs (entity, project, sweep_name);`,
  // Artifacts: a sequence per (entity, project, name), its versions, aliases, the runs that used a
  // version, the files of committed versions, the stored objects (bytes by MD5) of each entity, and
  // the IDs clients made up for versions and sequences.
  `CREATE TABLE artifact_sequences (
     id INTEGER PRIMARY KEY,
     entity TEXT NOT NULL,
     project TEXT NOT NULL,
     name TEXT NOT NULL,
     type TEXT NOT NULL,
     version_count INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     UNIQUE (entity, project, name)
   );
   CREATE TABLE artifacts (
     id INTEGER PRIMARY KEY,
     sequence_id INTEGER NOT NULL REFERENCES artifact_sequences(id),
     version_index INTEGER,
     digest TEXT NOT NULL,
     state TEXT NOT NULL,
     description TEXT,
     metadata TEXT,
     created_by TEXT,
     history_step BIGINT,
     requested_aliases TEXT NOT NULL,
     manifest_digest TEXT,
     manifest_uploaded INTEGER NOT NULL,
     file_count INTEGER NOT NULL,
     size BIGINT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     UNIQUE (sequence_id, version_index)
   );
   CREATE TABLE artifact_client_ids (
     client_id TEXT PRIMARY KEY,
     artifact_id INTEGER REFERENCES artifacts(id),
     sequence_id INTEGER REFERENCES artifact_sequences(id)
   );
   CREATE INDEX artifacts_by_creator ON artifacts (sequence_id, created_by);
   CREATE INDEX artifacts_by_state ON artifacts (state, created_at);
   CREATE TABLE artifact_aliases (
     sequence_id INTEGER NOT NULL REFERENCES artifact_sequences(id),
     alias TEXT NOT NULL,
     artifact_id INTEGER NOT NULL REFERENCES artifacts(id),
     PRIMARY KEY (sequence_id, alias)
   );
   CREATE TABLE artifact_uses (
     artifact_id INTEGER NOT NULL REFERENCES artifacts(id),
     entity TEXT NOT NULL,
     project TEXT NOT NULL,
     run TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (artifact_id, entity, project, run)
   );
   CREATE INDEX artifact_uses_by_run ON artifact_uses (entity, project, run);
   CREATE TABLE artifact_files (
     artifact_id INTEGER NOT NULL REFERENCES artifacts(id),
     path TEXT NOT NULL,
     digest TEXT NOT NULL,
     size BIGINT NOT NULL,
     birth_artifact_id INTEGER,
     ref TEXT,
     PRIMARY KEY (artifact_id, path)
   );
   CREATE INDEX artifact_files_by_digest ON artifact_files (digest);
   CREATE TABLE artifact_objects (
     entity TEXT NOT NULL,
     digest TEXT NOT NULL,
     size BIGINT NOT NULL,
     birth_artifact_id INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (entity, digest)
   );`,
  // Line indexes and line counts are 64-bit, as W&B's are: PostgreSQL's INTEGER has 32 bits,
  // SQLite's INTEGER already has 64.
  {
    sqlite: '',
    postgres: `ALTER TABLE run_lines ALTER COLUMN line_index TYPE BIGINT;
      ALTER TABLE runs ALTER COLUMN history_line_count TYPE BIGINT, ALTER COLUMN events_line_count TYPE BIGINT,
        ALTER COLUMN log_line_count TYPE BIGINT;`,
  },
  // Filters and orders in SQL (run-query-sql.ts): config and summary as documents the database's
  // JSON functions read without parsing text, and indexes for listing a project's runs by creation
  // time and by the columns runs are filtered by most.
  {
    sqlite: `ALTER TABLE runs ADD COLUMN config_doc BLOB;
      ALTER TABLE runs ADD COLUMN summary_doc BLOB;
      CREATE INDEX runs_by_created ON runs (entity, project, created_at, name);`,
    postgres: `ALTER TABLE runs ADD COLUMN config_doc JSONB, ADD COLUMN summary_doc JSONB;
      CREATE INDEX runs_by_created ON runs (entity, project, created_at COLLATE "C", name COLLATE "C");`,
  },
  `CREATE INDEX runs_by_project_state ON runs (entity, project, state);
   CREATE INDEX runs_by_group ON runs (entity, project, group_name);
   CREATE INDEX runs_by_job_type ON runs (entity, project, job_type);`,
  function* writeDocuments(dialect) {
    const runs: Row[] = yield all('SELECT entity, project, name, config, summary FROM runs');
    const doc = documentParam(dialect);
    for (const run of runs) {
      yield exec(`UPDATE runs SET config_doc = ${doc}, summary_doc = ${doc} WHERE entity = ? AND project = ? AND name = ?`,
        documentText(parseJson(String(run.config))), documentText(parseJson(String(run.summary))), String(run.entity), String(run.project), String(run.name));
    }
  },
  // Runs in sweeps alone (the sweeps list counts them), each sweep's by creation time (its page
  // lists them so), in place of the index of every run by sweep; and runs by state, by creation
  // time within a state (a page of the finished runs).
  {
    sqlite: `DROP INDEX runs_by_sweep;
      CREATE INDEX runs_in_sweeps ON runs (entity, project, sweep_name, created_at, name) WHERE sweep_name IS NOT NULL;
      DROP INDEX runs_by_project_state;
      CREATE INDEX runs_by_project_state ON runs (entity, project, state, created_at, name);`,
    postgres: `DROP INDEX runs_by_sweep;
      CREATE INDEX runs_in_sweeps ON runs (entity, project, sweep_name, created_at COLLATE "C", name COLLATE "C") WHERE sweep_name IS NOT NULL;
      DROP INDEX runs_by_project_state;
      CREATE INDEX runs_by_project_state ON runs (entity, project, state, created_at COLLATE "C", name COLLATE "C");`,
  },
  // The indexes made for listings ordered by a config or summary field (run-sort-index.ts).
  'CREATE TABLE run_sort_indexes (name TEXT PRIMARY KEY, created_at TEXT NOT NULL);',
  // How often a sweep run was handed to its agent again (heartbeat.ts MAX_DELIVERIES), counted in
  // the database so that servers sharing it share the count.
  'ALTER TABLE runs ADD COLUMN redeliveries INTEGER NOT NULL DEFAULT 0;',
  // Live updates across servers (postgres-changes.ts): a write that changes a project's version
  // (Store.projectVersion: its runs, its sweeps, its agents' states) notifies within its
  // transaction; PostgreSQL sends one notification per project and transaction, at commit. SQLite
  // has one server per file: its triggers are that server's own (sqlite.ts).
  {
    sqlite: '',
    postgres: `CREATE FUNCTION sextant_project_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM pg_notify('sextant_projects', json_build_array(OLD.entity, OLD.project)::text);
        ELSE
          PERFORM pg_notify('sextant_projects', json_build_array(NEW.entity, NEW.project)::text);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER runs_project_changed AFTER INSERT OR DELETE ON runs FOR EACH ROW EXECUTE FUNCTION sextant_project_changed();
      CREATE TRIGGER runs_project_updated AFTER UPDATE ON runs FOR EACH ROW
        WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at) EXECUTE FUNCTION sextant_project_changed();
      CREATE TRIGGER sweeps_project_changed AFTER INSERT OR DELETE ON sweeps FOR EACH ROW EXECUTE FUNCTION sextant_project_changed();
      CREATE TRIGGER sweeps_project_updated AFTER UPDATE ON sweeps FOR EACH ROW
        WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at) EXECUTE FUNCTION sextant_project_changed();
      CREATE TRIGGER agents_project_changed AFTER INSERT OR DELETE ON agents FOR EACH ROW EXECUTE FUNCTION sextant_project_changed();
      CREATE TRIGGER agents_project_updated AFTER UPDATE ON agents FOR EACH ROW
        WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION sextant_project_changed();`,
  },
  // A NOTIFY holds PostgreSQL's lock on the notification queue until its transaction's commit is
  // flushed, so file_stream's appends, each notifying, committed one at a time across all streams:
  // an update that changes a line count is left to the store, which notifies after the commit
  // (Sql.linesWritten).
  {
    sqlite: '',
    postgres: `DROP TRIGGER runs_project_updated ON runs;
      CREATE TRIGGER runs_project_updated AFTER UPDATE ON runs FOR EACH ROW
        WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at AND OLD.history_line_count = NEW.history_line_count
          AND OLD.events_line_count = NEW.events_line_count AND OLD.log_line_count = NEW.log_line_count)
        EXECUTE FUNCTION sextant_project_changed();`,
  },
  // Every file_stream append stamps its run's heartbeat_at: indexed, it moved the run's entry in
  // that index on each append, and on PostgreSQL it made every append's new row version a new entry
  // in each of the runs' indexes (no heap-only update). Only live runs are ever looked up by it
  // (crashStaleRuns), a few at a time: they are indexed alone, without the time. Room is left in
  // PostgreSQL's pages for the new versions of the rows updated there.
  {
    sqlite: `DROP INDEX runs_by_state;
      CREATE INDEX runs_live ON runs (state) WHERE state IN ('running', 'pending');`,
    postgres: `DROP INDEX runs_by_state;
      CREATE INDEX runs_live ON runs (state) WHERE state IN ('running', 'pending');
      ALTER TABLE runs SET (fillfactor = 80);`,
  },
];

/** The version of the newest schema: a database migrated to it holds this many migrations. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The migrations for one database; PostgreSQL needs identity columns where SQLite has rowids. */
function migrations(dialect: Dialect): Array<string | ((dialect: Dialect) => Work<void>)> {
  return MIGRATIONS.map((migration) => {
    if (typeof migration === 'function') return migration;
    if (typeof migration !== 'string') return migration[dialect];
    return dialect === 'sqlite' ? migration : migration.replaceAll('INTEGER PRIMARY KEY,', 'INTEGER PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY,');
  });
}

/**
 * Brings a database to the newest schema at start-up, as work for one transaction: several servers
 * starting on one PostgreSQL database wait for each other (SQLite's transactions already do), and
 * a failed migration leaves the schema as it was. `upTo` stops earlier, for tests of older databases.
 */
export function* migrate(dialect: Dialect, upTo = SCHEMA_VERSION): Work<void> {
  if (dialect === 'postgres') yield one('SELECT pg_advisory_xact_lock(7413201)');
  yield script('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const current = Number((yield one('SELECT COALESCE(MAX(version), 0) AS v FROM schema_version')).v);
  for (const [i, migration] of migrations(dialect).slice(current, upTo).entries()) {
    if (typeof migration === 'function') yield* migration(dialect);
    else yield script(migration);
    yield exec('INSERT INTO schema_version (version) VALUES (?)', current + i + 1);
  }
}
