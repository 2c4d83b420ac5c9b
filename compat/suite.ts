// Runs every scenario against one client version (one server, scenarios in parallel), records
// each feature row's outcome and the requests the client sent, then rewrites docs/compatibility.md.
import { test } from 'node:test';
import { Client, tail, type Session } from './harness.ts';
import { NotApplicable, type Scenario } from './scenario.ts';
import { SCENARIOS } from './scenarios/index.ts';
import { operationsSeen, writeResults, type Outcome } from './results.ts';
import { writeReport } from './report.ts';

/** COMPAT_ONLY=name,name runs only those scenarios (while working on them); the results and the
 * report are then left as they were. */
const only = process.env.COMPAT_ONLY?.split(',');

export function suite(version: string): void {
  const scenarios = SCENARIOS.filter((s) => !only || only.includes(s.name));
  test(`wandb ${version}`, { concurrency: true, timeout: 600_000 }, async (t) => {
    const client = await Client.start(version);
    const outcomes: Record<string, Outcome> = {};
    const sessions: Session[] = [];
    try {
      await Promise.all(scenarios.map((scenario) => t.test(scenario.name, async (st) => {
        const session = await client.session(scenario.name);
        sessions.push(session);
        let failed = false;
        try {
          await scenario.run(session, (title, check) => st.test(title, async () => {
            if (!scenario.rows.includes(title)) throw new Error(`row "${title}" is not declared by scenario ${scenario.name}`);
            try {
              await check();
              outcomes[title] = { ok: true };
            } catch (error) {
              if (error instanceof NotApplicable) {
                outcomes[title] = { ok: true, na: error.message };
                return;
              }
              failed = true;
              outcomes[title] = { ok: false, error: firstLine(error), requests: failing(session) };
              throw new Error(explain(error, session));
            }
          }));
          for (const title of scenario.rows) {
            if (outcomes[title]) continue;
            failed = true;
            outcomes[title] = { ok: false, error: 'never checked (the scenario stopped before)' };
          }
          if (failed) throw new Error(`scenario ${scenario.name}: a feature row failed`);
        } catch (error) {
          failed = true;
          for (const title of scenario.rows) outcomes[title] ??= { ok: false, error: firstLine(error), requests: failing(session) };
          throw error;
        } finally {
          await session.close(failed);
        }
      })));
    } finally {
      await client.stop();
      if (!only) {
        writeResults(version, outcomes, operationsSeen(sessions.flatMap((s) => s.exchanges)));
        writeReport();
      }
    }
  });
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\nTraceback')[0].replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** The requests the server refused or answered with GraphQL errors. */
function failing(session: Session): string[] {
  return session.exchanges
    .filter((e) => e.status >= 400 || e.errors.length > 0)
    .map((e) => `${e.method} ${e.path}${e.operation ? ` ${e.operation}` : ''} -> ${e.status} ${e.errors.join('; ')}`.slice(0, 400));
}

function explain(error: unknown, session: Session): string {
  const message = error instanceof Error ? error.message : String(error);
  const requests = failing(session);
  return [
    message,
    requests.length ? `requests the server refused:\n  ${requests.slice(-10).join('\n  ')}` : 'no request was refused by the server',
    `commands (folder ${session.dir}):\n${session.log.map((l) => tail(l, 30)).join('\n')}`,
    session.clientLogs(),
  ].join('\n');
}

export type { Scenario };
