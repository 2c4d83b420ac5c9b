// Starting the server: open the store, bootstrap the admin, listen, and mark silent runs and agents crashed.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { bootstrapAdmin } from './auth/bootstrap.ts';
import { openSqliteStore } from './store/sqlite.ts';
import { openPostgresStore } from './store/postgres.ts';
import type { Store } from './store/store.ts';
import { Blobs } from './artifacts/blobs.ts';
import { dropAbandonedUploads } from './artifacts/cleanup.ts';
import { checkEveryMs, expireSilent } from './sweeps/liveness.ts';
import { stderrLine } from './failure-log.ts';
import { warmUp } from './warm-up.ts';

/** A version still uploading after this long is given up: its upload URLs expired a while ago. */
const ABANDONED_AFTER_MS = 8 * 24 * 3600 * 1000;

export interface ServerOptions {
  host: string;
  port: number;
  dataDir: string;
  database?: string;
  externalUrl?: string;
  /** A run with no file_stream request for this long becomes crashed. */
  crashAfterMs: number;
  /** An agent with no heartbeat for this long is DEAD and its runs crashed (default 60 s). */
  agentTimeoutMs?: number;
  bodyLimit?: number;
  fileLimit?: number;
  artifactFileLimit?: number;
  authCacheMs?: number;
  bootstrapKey?: string;
  /** Answer crowds of simulated agents on a scratch store before listening (warm-up.ts). */
  warmUp?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  url: string;
  /** The admin's key, only on the very first start. */
  adminKey?: string;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = await openStore(options.database, dataDir);
  const adminKey = await bootstrapAdmin(store, options.bootstrapKey);
  const blobs = new Blobs(join(dataDir, 'artifacts'));
  const app = buildApp({ store, filesDir: join(dataDir, 'files'), artifactsDir: blobs.root, secret: secret(dataDir), externalUrl: options.externalUrl, bodyLimit: options.bodyLimit, fileLimit: options.fileLimit, artifactFileLimit: options.artifactFileLimit, authCacheMs: options.authCacheMs });
  if (options.warmUp) {
    // Only slower without it: the server starts either way.
    await warmUp().catch((error: unknown) => stderrLine(`warm-up skipped: ${error instanceof Error ? error.message : String(error)}`));
  }
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = options.externalUrl ?? `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  const timeouts = { crashAfterMs: options.crashAfterMs, agentTimeoutMs: options.agentTimeoutMs ?? 60_000 };
  const logError = (error: unknown): void => stderrLine(`background check failed (liveness, abandoned uploads): ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  const sweeper = setInterval(() => {
    expireSilent(store, timeouts, logError);
    dropAbandonedUploads(store, blobs, new Date(Date.now() - ABANDONED_AFTER_MS)).catch(logError);
  }, checkEveryMs(timeouts));
  sweeper.unref();
  return {
    app, store, url, adminKey,
    async close() {
      clearInterval(sweeper);
      await app.close();
      await store.close();
    },
  };
}

/** SQLite in the data dir by default; `sqlite:PATH` or `postgres://…` otherwise. */
export async function openStore(database: string | undefined, dataDir: string): Promise<Store> {
  if (!database) return openSqliteStore(join(dataDir, 'sextant.db'));
  if (database.startsWith('sqlite:')) return openSqliteStore(database.slice('sqlite:'.length));
  if (/^postgres(ql)?:\/\//.test(database)) return openPostgresStore(database);
  throw new Error(`--database ${database}: expected postgres://USER@HOST:PORT/DB or sqlite:PATH`);
}

/** The key that signs upload URLs, made once per data directory. */
function secret(dataDir: string): Buffer {
  const path = join(dataDir, 'signing.key');
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600 });
  return Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
}
