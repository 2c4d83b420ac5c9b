// Before a server listens, it answers crowds of simulated sweep agents on a scratch store of its
// own, over loopback HTTP. V8 compiles and optimizes code as it runs, so without this the first
// crowd after a (re)start — every agent of a cluster registering and asking for a run at once —
// would wait on cold code (bench/dispatch measures that first crowd with and without this). The
// scratch store is a SQLite file in a temporary folder of its own (replicas share a data dir, and
// may start together), deleted after; nothing reaches the real store.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './app.ts';
import { bootstrapAdmin } from './auth/bootstrap.ts';
import { newApiKey } from './auth/keys.ts';
import { openSqliteStore } from './store/sqlite.ts';
import { AgentConnection } from './sweeps/agent-connection.ts';

const AGENTS = 100;
const CROWDS = 2;
const PROJECT = 'warm-up';
const SWEEP = 'method: random\nparameters:\n  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}\n';

/** Plays CROWDS crowds of AGENTS agents (createAgent, then the heartbeat handing out a run) on a scratch server. */
export async function warmUp(parent = tmpdir()): Promise<void> {
  const dir = mkdtempSync(join(parent, 'sextant-warm-up-'));
  const store = openSqliteStore(join(dir, 'scratch.db'));
  const app = buildApp({ store, filesDir: join(dir, 'files'), artifactsDir: join(dir, 'artifacts'), secret: randomBytes(32) });
  try {
    const key = newApiKey();
    await bootstrapAdmin(store, key);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('the scratch server has no port');
    const url = `http://127.0.0.1:${address.port}`;
    for (let crowd = 0; crowd < CROWDS; crowd++) {
      const sweep = await createSweep(new AgentConnection(url, key));
      const agents = Array.from({ length: AGENTS }, () => new AgentConnection(url, key));
      try {
        await Promise.all(agents.map(async (agent) => {
          const id = await agent.createAgent(PROJECT, sweep);
          if (!id) throw new Error('createAgent answered no agent');
          // A warm-up that hands out no run has not run the code the first crowd needs.
          if (!(await agent.heartbeat(id)).some((command) => command.type === 'run')) throw new Error('a heartbeat handed out no run');
        }));
      } finally {
        agents.forEach((agent) => agent.close());
      }
    }
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function createSweep(connection: AgentConnection): Promise<string> {
  try {
    const data = await connection.gql<{ upsertSweep: { sweep: { name: string } } }>(
      'mutation($config: String, $project: String) { upsertSweep(input: {config: $config, projectName: $project}) { sweep { name } } }', { config: SWEEP, project: PROJECT });
    return data.upsertSweep.sweep.name;
  } finally {
    connection.close();
  }
}
