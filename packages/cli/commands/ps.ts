// `sextant ps` lists sweeps with their state, runs and agents; `sextant stop SWEEP | --all` ends them.
import { Command } from 'commander';
import { addServerOptions, graphql, serverFrom, type Server, type ServerOptions } from './connection.ts';

interface SweepRow {
  entity: string;
  project: string;
  id: string;
  state: string;
  runCount: number;
  runs: Record<string, number>;
  agents: Array<{ id: string; host: string; state: string; heartbeatAt: string }>;
}

async function listSweeps(server: Server): Promise<SweepRow[]> {
  let response: Response;
  try {
    response = await fetch(`${server.url}/api/v1/sweeps`, { headers: { authorization: `Bearer ${server.key}` } });
  } catch (error) {
    process.stderr.write(`sextant: cannot reach ${server.url}: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const body = (await response.json()) as { sweeps?: SweepRow[]; errors?: Array<{ message: string }> };
  if (!response.ok || !body.sweeps) {
    process.stderr.write(`sextant: ${body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`}\n`);
    process.exit(1);
  }
  return body.sweeps;
}

const age = (iso: string): string => {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return seconds < 120 ? `${seconds}s` : seconds < 7200 ? `${Math.round(seconds / 60)}m` : `${Math.round(seconds / 3600)}h`;
};

/** "3 (last heartbeat 2s, 4s; 1 dead)": live agents with their heartbeat age, then how many died. */
function agentsCell(agents: SweepRow['agents']): string {
  const live = agents.filter((a) => a.state === 'RUNNING');
  const dead = agents.filter((a) => a.state === 'DEAD').length;
  const notes = [live.length > 0 ? `last heartbeat ${live.map((a) => age(a.heartbeatAt)).join(', ')}` : '', dead > 0 ? `${dead} dead` : ''].filter(Boolean);
  return notes.length === 0 ? String(live.length) : `${live.length} (${notes.join('; ')})`;
}

export function psCommand(): Command {
  return addServerOptions(new Command('ps'))
    .description('List your sweeps: state, runs by state, and agents with the age of their last heartbeat.')
    .option('--all', 'include finished and canceled sweeps')
    .addHelpText('after', `
Example:
  $ sextant ps
  SWEEP                  STATE     RUNS                         AGENTS
  admin/mnist/4vcna8xj   RUNNING   2 running, 5 finished        2 (last heartbeat 3s, 4s)`)
    .action(async (options: ServerOptions & { all?: boolean }) => {
      const sweeps = (await listSweeps(serverFrom(options))).filter((s) => options.all || (s.state !== 'FINISHED' && s.state !== 'CANCELED'));
      if (sweeps.length === 0) {
        process.stdout.write(options.all ? 'no sweeps yet: create one with sextant sweep sweep.yaml\n' : 'no active sweeps (sextant ps --all lists ended ones)\n');
        return;
      }
      const rows = sweeps.map((s) => [
        `${s.entity}/${s.project}/${s.id}`, s.state,
        Object.entries(s.runs).map(([state, n]) => `${n} ${state}`).join(', ') || 'none',
        agentsCell(s.agents),
      ]);
      const all = [['SWEEP', 'STATE', 'RUNS', 'AGENTS'], ...rows];
      const widths = all[0].map((_, c) => Math.max(...all.map((r) => r[c].length)));
      process.stdout.write(all.map((r) => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c] + 2) : cell)).join('')).join('\n') + '\n');
    });
}

export function stopCommand(): Command {
  return addServerOptions(new Command('stop'))
    .description('End sweeps: no new runs, running runs finish, then their agents exit (state FINISHED).')
    .argument('[sweep]', 'the sweep: ID, PROJECT/ID or ENTITY/PROJECT/ID')
    .option('--all', 'every active sweep of yours')
    .addHelpText('after', `
Examples:
  $ sextant stop mnist/4vcna8xj
  $ sextant stop --all`)
    .action(async (sweep: string | undefined, options: ServerOptions & { all?: boolean }, command: Command) => {
      const server = serverFrom(options);
      let targets: Array<{ entity: string | null; project: string; id: string }>;
      if (options.all) {
        targets = (await listSweeps(server)).filter((s) => s.state !== 'FINISHED' && s.state !== 'CANCELED').map((s) => ({ entity: s.entity, project: s.project, id: s.id }));
      } else if (sweep) {
        const parts = sweep.split('/').reverse();
        targets = [{ id: parts[0], project: parts[1] ?? process.env.WANDB_PROJECT ?? 'uncategorized', entity: parts[2] ?? null }];
      } else {
        return command.help();
      }
      for (const t of targets) {
        await graphql(server, 'mutation($id: ID, $p: String, $e: String) { upsertSweep(input: {id: $id, state: "FINISHED", projectName: $p, entityName: $e}) { sweep { name } } }',
          { id: t.id, p: t.project, e: t.entity });
        process.stdout.write(`stopped sweep ${t.project}/${t.id}\n`);
      }
      if (targets.length === 0) process.stdout.write('no active sweeps\n');
    });
}
