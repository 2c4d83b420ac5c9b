import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDatabase, openSqliteStore } from './sqlite.ts';
import { storeSuite } from './store-suite.ts';

storeSuite({
  name: 'sqlite',
  dialect: 'sqlite',
  create: async () => join(mkdtempSync(join(tmpdir(), 'sextant-store-')), 'db.sqlite'),
  connect: openSqliteDatabase,
  open: async (path) => openSqliteStore(path),
});
