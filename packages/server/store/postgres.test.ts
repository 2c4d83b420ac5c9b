// The store suite against a real PostgreSQL: a throwaway cluster on loopback, one fresh database per test.
import { after, before } from 'node:test';
import { openPostgresDatabase, openPostgresStore } from './postgres.ts';
import { storeSuite } from './store-suite.ts';
import { startPostgresCluster, type PostgresCluster } from '../testing/postgres-cluster.ts';

let cluster: PostgresCluster;

before(() => {
  cluster = startPostgresCluster();
});
after(() => cluster.stop());

storeSuite({
  name: 'postgres',
  dialect: 'postgres',
  create: () => cluster.createDatabase(),
  connect: openPostgresDatabase,
  open: openPostgresStore,
});
