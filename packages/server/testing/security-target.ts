// The security suite's app: the real fastify app on SQLite and on PostgreSQL (a throwaway cluster
// from scripts/postgres.sh, one fresh database per app), with the admin (TEST_KEY) and a second
// user bob (OTHER_KEY), and a snapshot of everything a request could change.
import { after, before, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { openPostgresStore } from '../store/postgres.ts';
import type { Store } from '../store/store.ts';
import { bootstrapAdmin } from '../auth/bootstrap.ts';
import { registerKey } from '../auth/keys.ts';
import { authHeader, TEST_KEY } from './server-process.ts';
import { OTHER_KEY } from './test-app.ts';

export { OTHER_KEY, TEST_KEY };
export type StoreName = 'sqlite' | 'postgres';
export const STORES: StoreName[] = ['sqlite', 'postgres'];

export interface Target {
  store: Store;
  app: FastifyInstance;
  dir: string;
  /** A request as the admin (or with `key`, or none when key is null). */
  send(options: InjectOptions & { key?: string | null }): Promise<LightMyRequestResponse>;
  gql(query: string, variables?: Record<string, unknown>, key?: string): Promise<{ status: number; body: { data?: any; errors?: Array<{ message: string }> } }>;
  /** Everything stored, as text: users' projects, runs (with their lines), sweeps, artifacts, and the files on disk. */
  snapshot(): Promise<string>;
  close(): Promise<void>;
}

const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'postgres.sh');
let cluster: { dir: string; url: string } | undefined;
let databases = 0;

/** Registers the cluster's start and stop around the file's tests; call at the top of a test file. */
export function withPostgres(): void {
  before(() => {
    const dir = mkdtempSync(join(tmpdir(), 'sextant-security-pg-'));
    cluster = { dir, url: execFileSync('sh', [script, 'start', dir], { encoding: 'utf8' }).trim() };
  });
  after(() => {
    if (cluster) execFileSync('sh', [script, 'stop', cluster.dir]);
  });
}

async function openStore(name: StoreName, dir: string): Promise<Store> {
  if (name === 'sqlite') return openSqliteStore(join(dir, 'db.sqlite'));
  if (!cluster) throw new Error('call withPostgres() at the top of the test file');
  const database = `security_${process.pid}_${databases++}`;
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  return openPostgresStore(cluster.url.replace(/\/postgres$/, `/${database}`));
}

export async function target(name: StoreName): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), `sextant-security-${name}-`));
  const store = await openStore(name, dir);
  await bootstrapAdmin(store, TEST_KEY);
  await registerKey(store, await store.createUser('bob', false), OTHER_KEY);
  const app = buildApp({ store, filesDir: join(dir, 'data', 'files'), artifactsDir: join(dir, 'data', 'artifacts'), secret: Buffer.alloc(32, 7), externalUrl: 'http://sextant.test:9000', authCacheMs: 0, bodyLimit: 8 * 1024 * 1024 });
  const send: Target['send'] = ({ key = TEST_KEY, headers, ...options }) =>
    app.inject({ ...options, headers: { ...(key === null ? {} : { authorization: authHeader(key) }), ...headers } });
  const gql: Target['gql'] = async (query, variables = {}, key = TEST_KEY) => {
    const response = await send({ method: 'POST', url: '/graphql', key, payload: { query, variables } });
    return { status: response.statusCode, body: response.json() };
  };
  const snapshot = async (): Promise<string> => {
    const state: Record<string, unknown> = {};
    for (const entity of ['admin', 'bob']) {
      for (const project of await store.listProjects(entity)) {
        const runs = await store.listRuns(entity, project.name);
        state[`${entity}/${project.name}`] = await Promise.all(runs.map(async (run) => ({
          ...run, heartbeatAt: undefined, updatedAt: undefined,
          lines: await Promise.all((['history', 'events', 'log'] as const).map((file) => store.readLines(run, file, 0, 100_000))),
        })));
        state[`${entity}/${project.name} artifacts`] = await store.listArtifactSequences(entity, project.name);
      }
      state[`${entity} sweeps`] = (await store.listSweeps(entity)).map((s) => ({ ...s, updatedAt: undefined }));
    }
    state.files = walk(join(dir, 'data'));
    return JSON.stringify(state, null, 1);
  };
  return { store, app, dir, send, gql, snapshot, close: async () => { await app.close(); await store.close(); } };
}

function walk(root: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root, { recursive: true }) as string[];
  } catch {
    return [];
  }
  return entries.map((e) => join(root, e)).filter((p) => statSync(p).isFile()).map((p) => `${relative(root, p)} ${statSync(p).size}`).sort();
}

/** One test per store, each on a fresh app. */
export function eachStore(title: string, body: (t: Target, store: StoreName) => Promise<void>, options: { timeout?: number } = {}): void {
  for (const name of STORES) {
    test(`${title} [${name}]`, { timeout: options.timeout ?? 60_000 }, async () => {
      const t = await target(name);
      try {
        await body(t, name);
      } finally {
        await t.close();
      }
    });
  }
}
