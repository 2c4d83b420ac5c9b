// The store suite against a real PostgreSQL: a throwaway cluster on loopback (scripts/postgres.sh),
// one fresh database per test.
import { after, before } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresDatabase, openPostgresStore } from './postgres.ts';
import { storeSuite } from './store-suite.ts';

const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'postgres.sh');
const dir = mkdtempSync(join(tmpdir(), 'sextant-pg-'));
let url = '';
let databases = 0;

before(() => {
  url = execFileSync('sh', [script, 'start', dir], { encoding: 'utf8' }).trim();
});
after(() => {
  execFileSync('sh', [script, 'stop', dir]);
});

storeSuite({
  name: 'postgres',
  dialect: 'postgres',
  async create() {
    const name = `store_${process.pid}_${databases++}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return url.replace(/\/postgres$/, `/${name}`);
  },
  connect: openPostgresDatabase,
  open: openPostgresStore,
});
