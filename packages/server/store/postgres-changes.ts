// Project changes made through any server sharing a PostgreSQL database, for live updates
// (Store.watchProjects). Triggers on runs, sweeps and agents (schema.ts) NOTIFY on CHANNEL inside
// the writing transaction, so a notification is delivered at commit and only then. Each server
// LISTENs on one connection of its own, outside the pool, opened while anyone watches; when that
// connection drops it is opened again (after a growing pause) and the watchers are told to read
// every project again, since notifications sent meanwhile are lost.
import pg from 'pg';
import type { ProjectRef, ProjectsChanged } from './sql.ts';

/** The channel the schema's triggers notify, the payload a JSON [entity, project]. */
export const CHANNEL = 'sextant_projects';
/** How the listening connection shows in pg_stat_activity. */
export const LISTENER_NAME = 'sextant-listen';
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 5000;

interface Watcher {
  changed: ProjectsChanged;
  onError(error: unknown): void;
}

export interface ProjectChanges {
  watch(changed: ProjectsChanged, onError: (error: unknown) => void): () => void;
  close(): Promise<void>;
}

export function postgresProjectChanges(url: string): ProjectChanges {
  const watchers = new Set<Watcher>();
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let retryMs = FIRST_RETRY_MS;
  let closed = false;

  const tell = (project?: ProjectRef): void => {
    for (const watcher of watchers) watcher.changed(project);
  };
  const fail = (error: unknown): void => {
    for (const watcher of watchers) watcher.onError(error);
  };
  const end = (connection: pg.Client): void => void connection.end().catch(() => undefined);

  const connect = async (): Promise<void> => {
    const connection = new pg.Client({ connectionString: url, application_name: LISTENER_NAME, keepAlive: true });
    client = connection;
    connection.on('notification', ({ payload }) => {
      const project = parsePayload(payload);
      if (project) tell(project);
    });
    connection.on('error', (error) => {
      fail(error);
      lost(connection);
    });
    connection.on('end', () => lost(connection));
    try {
      await connection.connect();
      await connection.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      fail(error);
      return lost(connection);
    }
    if (client !== connection) return;
    retryMs = FIRST_RETRY_MS;
    // What was committed before LISTEN took effect (or while the connection was down) was not heard.
    tell();
  };

  /** The connection is gone (or failed to open): another, later, while anyone watches. */
  const lost = (connection: pg.Client): void => {
    if (client !== connection) return;
    client = undefined;
    end(connection);
    if (closed || watchers.size === 0) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
  };

  const stop = (): void => {
    clearTimeout(retry);
    retry = undefined;
    const connection = client;
    client = undefined;
    if (connection) end(connection);
  };

  return {
    watch(changed, onError) {
      const watcher = { changed, onError };
      watchers.add(watcher);
      if (!client && !retry && !closed) void connect();
      return () => {
        watchers.delete(watcher);
        if (watchers.size === 0) stop();
      };
    },
    async close() {
      closed = true;
      stop();
    },
  };
}

/** A project's appended lines are notified at most this often while they keep coming. */
export const LINES_NOTIFY_GAP_MS = 100;

/**
 * Sql.linesWritten on PostgreSQL: `notify` (a NOTIFY of its own, after the write's commit) for a
 * project at once, then at most every LINES_NOTIFY_GAP_MS while it is written to, the last write
 * always followed by one. Live updates re-read a busy project no more often than that anyway.
 */
export function linesNotifier(notify: (project: ProjectRef) => Promise<unknown>): { linesWritten(project: ProjectRef): void; close(): void } {
  /** Projects notified less than a gap ago; `again`: written to since. */
  const recent = new Map<string, { again: boolean; timer?: NodeJS.Timeout }>();
  let closed = false;
  const send = (id: string, project: ProjectRef): void => {
    const state = recent.get(id)!;
    state.again = false;
    // A notification lost (the database unreachable) costs other servers' watchers an update, not a write.
    void notify(project).catch(() => undefined).then(() => {
      if (closed) return;
      state.timer = setTimeout(() => (state.again ? send(id, project) : recent.delete(id)), LINES_NOTIFY_GAP_MS);
    });
  };
  return {
    linesWritten(project) {
      if (closed) return;
      const id = JSON.stringify([project.entity, project.project]);
      const state = recent.get(id);
      if (state) state.again = true;
      else {
        recent.set(id, { again: false });
        send(id, project);
      }
    },
    close() {
      closed = true;
      for (const { timer } of recent.values()) clearTimeout(timer);
      recent.clear();
    },
  };
}

function parsePayload(payload: string | undefined): ProjectRef | undefined {
  try {
    const [entity, project] = JSON.parse(payload ?? '') as unknown[];
    return typeof entity === 'string' && typeof project === 'string' ? { entity, project } : undefined;
  } catch {
    return undefined;
  }
}
