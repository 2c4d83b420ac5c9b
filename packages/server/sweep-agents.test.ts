// Many agents on one sweep over real HTTP, each looping as `wandb agent` does: heartbeat, run the
// suggestion (here: finish it at once), heartbeat again, until told to exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServerProcess } from './testing/server-process.ts';
import { SweepClient } from './testing/sweep-client.ts';

const AGENTS = 50;

async function agentLoop(client: SweepClient, agent: string): Promise<unknown[]> {
  const points: unknown[] = [];
  for (;;) {
    const commands = await client.heartbeat(agent);
    if (commands.some((c) => c.type === 'exit')) return points;
    for (const command of commands) {
      if (command.type !== 'run') continue;
      points.push(`${command.args.a.value},${command.args.b.value}`);
      await client.finishRun(command.run_id);
    }
  }
}

test(`${AGENTS} concurrent agents on one grid get each point exactly once; with run_cap never more`, { timeout: 120_000 }, async () => {
  const server = await startServerProcess();
  try {
    const client = new SweepClient(server.url, 'crowd');
    const grid = 'method: grid\nparameters:\n  a: {values: [1, 2, 3, 4, 5, 6, 7, 8]}\n  b: {values: [1, 2, 3, 4, 5]}\n';
    const sweep = await client.createSweep(grid);
    const agents = await Promise.all(Array.from({ length: AGENTS }, () => client.createAgent(sweep)));
    const full = (await Promise.all(agents.map((agent) => agentLoop(client, agent)))).flat();
    assert.equal(full.length, 40);
    assert.equal(new Set(full).size, 40);

    const capped = await client.createSweep(`${grid}run_cap: 25\n`);
    const cappedAgents = await Promise.all(Array.from({ length: AGENTS }, () => client.createAgent(capped)));
    const points = (await Promise.all(cappedAgents.map((agent) => agentLoop(client, agent)))).flat();
    assert.equal(points.length, 25);
    assert.equal(new Set(points).size, 25);
  } finally {
    await server.stop();
  }
});
