export { openStore, startServer, type RunningServer, type ServerOptions } from './server.ts';
export { buildApp } from './app.ts';
export { openSqliteStore } from './store/sqlite.ts';
export type { Store } from './store/store.ts';
export { newApiKey, registerKey } from './auth/keys.ts';
