import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './sqlite.ts';
import { storeSuite } from './store-suite.ts';

storeSuite('sqlite', async () => openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sextant-store-')), 'db.sqlite')));
