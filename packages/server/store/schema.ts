// The tables, in SQL both SQLite and PostgreSQL accept. Each migration runs once, in order.

export const MIGRATIONS: string[] = [
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
];
