// Commands that manage users and keys open the server's database directly, while the server may be
// running: its SQLite file (WAL mode allows it) or the PostgreSQL database its replicas share.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openStore, type Store } from '@sextant/server';

/** Where the database is: as the server was started (--data-dir, and --database or --store). */
export interface StoreOptions {
  dataDir: string;
  database?: string;
  store?: string;
}

export async function withStore<T>(options: StoreOptions, work: (store: Store) => Promise<T>): Promise<T> {
  const database = options.database ?? options.store;
  const path = join(resolve(options.dataDir), 'sextant.db');
  if (!database && !existsSync(path)) {
    process.stderr.write(`sextant: no database at ${path}; start the server once with --data-dir ${options.dataDir}, or pass the right --data-dir (or --database)\n`);
    process.exit(2);
  }
  let store: Store;
  try {
    store = await openStore(database, resolve(options.dataDir));
  } catch (error) {
    process.stderr.write(`sextant: cannot open the database ${database}: ${(error as Error).message}\n`);
    process.exit(2);
  }
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
