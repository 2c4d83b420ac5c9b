// Commands that manage users and keys open the server's database directly (the server may be running:
// SQLite in WAL mode allows it).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openSqliteStore, type Store } from '@sextant/server';

export async function withStore<T>(dataDir: string, work: (store: Store) => Promise<T>): Promise<T> {
  const path = join(resolve(dataDir), 'sextant.db');
  if (!existsSync(path)) {
    process.stderr.write(`sextant: no database at ${path}; start the server once with --data-dir ${dataDir}, or pass the right --data-dir\n`);
    process.exit(2);
  }
  const store = openSqliteStore(path);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
