// The Store over a SQL backend: each part of the contract from its own SQL module.
import { artifactMethods } from './artifact-sql.ts';
import { runMethods } from './run-sql.ts';
import type { Sql } from './sql.ts';
import type { Store } from './store.ts';
import { sweepMethods } from './sweep-sql.ts';
import { userMethods } from './user-sql.ts';

export function sqlStore(sql: Sql): Store {
  return { ...userMethods(sql), ...runMethods(sql), ...sweepMethods(sql), ...artifactMethods(sql),
    watchProjects: (changed, onError) => sql.watchProjects(changed, onError), close: () => sql.close() };
}
