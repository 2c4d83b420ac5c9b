// The fastify app in-process on a fresh SQLite file, with the admin (TEST_KEY) and a second user
// bob (OTHER_KEY), for tests that inject requests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type AppOptions } from '../app.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { bootstrapAdmin } from '../auth/bootstrap.ts';
import { registerKey } from '../auth/keys.ts';
import { TEST_KEY } from './server-process.ts';

export const OTHER_KEY = 'otherkey0123456789otherkey0123456789abcd';

export async function testApp(options: Partial<AppOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-app-'));
  const store = openSqliteStore(join(dir, 'db.sqlite'));
  await bootstrapAdmin(store, TEST_KEY);
  await registerKey(store, await store.createUser('bob', false), OTHER_KEY);
  const app = buildApp({ store, filesDir: join(dir, 'files'), secret: Buffer.alloc(32, 7), externalUrl: 'http://sextant.test:9000', log: () => {}, ...options });
  return { app, store, dir };
}
