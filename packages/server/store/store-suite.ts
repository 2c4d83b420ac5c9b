// The contract every store must meet, run against SQLite and PostgreSQL alike: one section per
// part of the contract, and one for databases made by older versions.
import { describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { migrate, type Dialect } from './schema.ts';
import { all, exec, type Sql } from './sql.ts';
import { countSql, listingSql, sortIndexSql } from './run-query-sql.ts';
import { MAX_SORT_INDEXES } from './run-sort-index.ts';
import { sqlStore } from './sql-store.ts';
import { stringifyJson } from './json-text.ts';
import type { JsonObject } from '@sextant/sweeps';
import { ArtifactConflict, type NewArtifact, type Store } from './store.ts';
import type { AppendRest, FileLines } from './run-store.ts';

/** The schema version of databases made before line indexes were 64-bit on PostgreSQL. */
const BEFORE_64_BIT_LINES = 3;

export interface Backend {
  name: string;
  dialect: Dialect;
  /** A new empty database: its path or URL. */
  create(): Promise<string>;
  /** The database as it is, for SQL of the test's own. */
  connect(location: string): Sql;
  /** The store over the database, migrating it. */
  open(location: string): Promise<Store>;
}

export function storeSuite(backend: Backend): void {
  const key = { entity: 'alice', project: 'proj', name: 'run1' };
  const with_ = (name: string, body: (store: Store) => Promise<void>): void => {
    test(name, async () => {
      const store = await backend.open(await backend.create());
      try {
        await body(store);
      } finally {
        await store.close();
      }
    });
  };
  const section = (part: string, tests: () => void): void => {
    describe(`${backend.name}: ${part}`, tests);
  };

  /** A run as versions before documents wrote it: the JSON text only. */
  const insertOldRun = async (sql: Sql, config: JsonObject, summary: JsonObject): Promise<void> => {
    const time = new Date().toISOString();
    await sql.run(`INSERT INTO runs (entity, project, name, state, config, summary, tags, stop_requested, history_line_count, events_line_count, log_line_count,
        created_at, updated_at, heartbeat_at) VALUES (?, ?, ?, 'running', ?, ?, '[]', FALSE, 0, 0, 0, ?, ?, ?)`,
    key.entity, key.project, key.name, stringifyJson(config), stringifyJson(summary), time, time, time);
  };

  section('users and keys', () => {
    with_('users and hashed keys; revoked keys no longer authenticate', async (store) => {
      const alice = await store.createUser('alice', false);
      assert.deepEqual(await store.findUser('alice'), alice);
      assert.equal(await store.countUsers(), 1);
      const k = await store.addApiKey(alice.id, 'hash-1', 'abc123');
      assert.deepEqual(await store.userForKeyHash('hash-1'), alice);
      assert.equal((await store.listApiKeys(alice.id)).length, 1);
      assert.equal(await store.revokeApiKey(alice.id, k.id), true);
      assert.equal(await store.revokeApiKey(alice.id, k.id), false);
      assert.equal(await store.userForKeyHash('hash-1'), undefined);
      await assert.rejects(store.createUser('alice', true));
    });
  });

  section('runs and history', () => {
    with_('deleteRun removes the run, its lines, alerts and artifact uses; other runs stay', async (store) => {
      const other = { ...key, name: 'run2' };
      await store.upsertRun(key, {});
      await store.upsertRun(other, {});
      for (const k of [key, other]) {
        await store.writeLines(k, 'history', 0, [{ content: '{"_step": 0}', step: 0 }]);
        await store.addRunAlert(k, '{"title": "t"}');
      }
      await store.addRunAlert(key, '{"title": "u"}');
      assert.deepEqual(await store.runAlerts(key), ['{"title": "t"}', '{"title": "u"}']);
      assert.equal(await store.deleteRun(key), true);
      assert.equal(await store.getRun(key), undefined);
      assert.deepEqual(await store.readLines(key, 'history', 0, 10), []);
      assert.deepEqual(await store.runAlerts(key), []);
      assert.equal(await store.deleteRun(key), false);
      assert.deepEqual((await store.listRuns('alice', 'proj')).map((r) => r.name), ['run2']);
      assert.deepEqual(await store.readLines(other, 'history', 0, 10), ['{"_step": 0}']);
      assert.deepEqual(await store.runAlerts(other), ['{"title": "t"}']);
    });

    with_('alerts a run raises at once are all kept, in their own places', async (store) => {
      await store.upsertRun(key, {});
      await Promise.all([0, 1, 2, 3, 4, 5].map((i) => store.addRunAlert(key, `{"title": "${i}"}`)));
      assert.deepEqual((await store.runAlerts(key)).map((a) => JSON.parse(a).title).sort(), ['0', '1', '2', '3', '4', '5']);
    });

    with_('upsertRun creates the run and its project, then patches only given fields', async (store) => {
      const created = await store.upsertRun(key, { config: { lr: { value: 0.1, desc: null } }, tags: ['a'] });
      assert.equal(created.inserted, true);
      assert.equal(created.run.state, 'running');
      const patched = await store.upsertRun(key, { summary: { loss: 1 }, sweepName: 'swp' });
      assert.equal(patched.inserted, false);
      assert.deepEqual([patched.run.config, patched.run.summary, patched.run.tags, patched.run.sweepName], [{ lr: { value: 0.1, desc: null } }, { loss: 1 }, ['a'], 'swp']);
      assert.deepEqual((await store.listProjects('alice')).map((p) => [p.name, p.runCount]), [['proj', 1]]);
      assert.deepEqual(await store.getProject('alice', 'proj'), { name: 'proj', createdAt: (await store.listProjects('alice'))[0].createdAt });
      assert.equal(await store.getProject('alice', 'other'), undefined);
      assert.equal(await store.getProject('bob', 'proj'), undefined);
      assert.deepEqual((await store.listRuns('alice', 'proj')).map((r) => r.name), ['run1']);
      assert.equal(await store.getRun({ ...key, name: 'nope' }), undefined);
    });

    with_('lines are written at their offset: retries replace, counts follow, steps order reads', async (store) => {
      await store.upsertRun(key, {});
      const line = (step: number) => ({ content: JSON.stringify({ _step: step }), step });
      await store.writeLines(key, 'history', 0, [line(0), line(1), line(2)]);
      await store.writeLines(key, 'history', 1, [line(1), line(2)]);
      await store.writeLines(key, 'history', 3, [line(10), line(5)]);
      assert.equal((await store.getRun(key))?.historyLineCount, 5);
      assert.deepEqual((await store.readLines(key, 'history', 0, 100)).map((l) => JSON.parse(l)._step), [0, 1, 2, 10, 5]);
      assert.deepEqual((await store.readSteps(key, 'history', 1, 10)).map((l) => JSON.parse(l)._step), [1, 2, 5]);
      assert.equal(await store.lastStep(key), 10);
      await store.writeLines(key, 'log', 0, [{ content: 'a' }, { content: 'b' }]);
      await store.writeLines(key, 'log', 1, [{ content: 'b, rewritten' }]);
      assert.deepEqual(await store.readLines(key, 'log', 0, 10), ['a', 'b, rewritten']);
      assert.equal((await store.getRun(key))?.logLineCount, 2);
      assert.deepEqual((await store.runStatus(key))?.lineCounts, { history: 5, events: 0, log: 2 });
    });

    with_('appendLines writes only to a run that exists and holds the lines before its offset, and says whether it was asked to stop', async (store) => {
      const line = (step: number) => ({ content: JSON.stringify({ _step: step }), step });
      assert.equal(await store.appendLines(key, 'history', 0, [line(0)]), undefined, 'no such run');
      await store.upsertRun(key, {});
      assert.deepEqual(await store.appendLines(key, 'history', 0, [line(0), line(1)]), { stopRequested: false, sweepName: null });
      assert.equal(await store.appendLines(key, 'history', 3, [line(3)]), undefined, 'a gap');
      assert.equal(await store.appendLines(key, 'log', 1, [{ content: 'b' }]), undefined, 'each file counts its own lines');
      await store.requestStop(key);
      assert.deepEqual(await store.appendLines(key, 'history', 1, [line(1), line(2)]), { stopRequested: true, sweepName: null }, 'a retry from inside');
      const many = Array.from({ length: 1200 }, (_, i) => line(3 + i));
      assert.deepEqual(await store.appendLines(key, 'history', 3, many), { stopRequested: true, sweepName: null }, 'more lines than one INSERT takes');
      assert.equal((await store.getRun(key))?.historyLineCount, 1203);
      assert.deepEqual((await store.readLines(key, 'history', 0, 2000)).map((l) => JSON.parse(l)._step), Array.from({ length: 1203 }, (_, i) => i));
      assert.equal(await store.appendLines(key, 'history', 1204, [line(1204)]), undefined);
      assert.equal((await store.getRun(key))?.historyLineCount, 1203, 'nothing of a refused batch is written');
      assert.deepEqual(await store.readLines(key, 'log', 0, 10), []);
    });

    with_('appendLines with a summary writes it with the lines, where filters read it too; a refused append writes neither', async (store) => {
      const line = (step: number) => ({ content: JSON.stringify({ _step: step }), step });
      const loss = { document: 'summary' as const, paths: [['loss']] };
      const below = async (value: number) => (await store.queryRuns(key.entity, key.project, { where: { field: loss, compare: 'lt', value }, order: { field: loss, descending: false } })).map((r) => r.run.name);
      assert.equal(await store.appendLines(key, 'history', 0, [line(0)], { loss: 1 }), undefined, 'no such run');
      assert.equal(await store.getRun(key), undefined, 'the summary made no run');
      await store.upsertRun(key, { summary: { loss: 9, kept: 'x' } });
      assert.deepEqual(await store.appendLines(key, 'history', 0, [line(0), line(1)], { loss: 0.5, acc: Number.NaN }), { stopRequested: false, sweepName: null });
      assert.deepEqual([(await store.getRun(key))?.summary, (await store.getRun(key))?.historyLineCount], [{ loss: 0.5, acc: Number.NaN }, 2]);
      assert.deepEqual(await below(0.6), [key.name]);
      assert.equal(await store.appendLines(key, 'history', 5, [line(5)], { loss: 0.1 }), undefined, 'a gap');
      assert.deepEqual((await store.getRun(key))?.summary, { loss: 0.5, acc: Number.NaN }, 'a refused append leaves the summary as it was');
      assert.deepEqual(await below(0.2), []);
      assert.deepEqual(await store.appendLines(key, 'history', 2, [line(2)]), { stopRequested: false, sweepName: null });
      assert.deepEqual((await store.getRun(key))?.summary, { loss: 0.5, acc: Number.NaN }, 'an append without a summary leaves it');
    });

    with_('appendLines with other files writes their lines in its transaction; one offset past its file\'s end refuses all of it', async (store) => {
      const line = (step: number) => ({ content: JSON.stringify({ _step: step }), step });
      const events = (from: number) => ({ file: 'events' as const, offset: from, lines: [{ content: `{"_step":${from}}`, step: from }] });
      const log = (from: number, ...texts: string[]) => ({ file: 'log' as const, offset: from, lines: texts.map((content) => ({ content })) });
      assert.equal(await store.appendLines(key, 'history', 0, [line(0)], undefined, [log(0, 'a')]), undefined, 'no such run');
      await store.upsertRun(key, {});
      assert.deepEqual(await store.appendLines(key, 'history', 0, [line(0), line(1)], { loss: 1 }, [events(0), log(0, 'a', 'b')]), { stopRequested: false, sweepName: null });
      const counts = async () => {
        const run = await store.getRun(key);
        return [run?.historyLineCount, run?.eventsLineCount, run?.logLineCount, run?.summary];
      };
      assert.deepEqual(await counts(), [2, 1, 2, { loss: 1 }]);
      assert.deepEqual(await store.readLines(key, 'log', 0, 10), ['a', 'b']);
      // A gap in the log: nothing of the request is written, not the history, the events or the summary.
      assert.equal(await store.appendLines(key, 'history', 2, [line(2)], { loss: 0.5 }, [events(1), log(3, 'd')]), undefined);
      assert.deepEqual(await counts(), [2, 1, 2, { loss: 1 }]);
      assert.deepEqual(await store.readSteps(key, 'history', 0, 10), [line(0).content, line(1).content]);
      assert.deepEqual(await store.readLines(key, 'events', 0, 10), ['{"_step":0}']);
      // A retry from inside the log rewrites its lines.
      assert.deepEqual(await store.appendLines(key, 'history', 2, [line(2)], undefined, [log(1, 'b2', 'c')]), { stopRequested: false, sweepName: null });
      assert.deepEqual(await store.readLines(key, 'log', 0, 10), ['a', 'b2', 'c']);
      assert.deepEqual(await counts(), [3, 1, 3, { loss: 1 }]);
    });

    with_('appendLines in parts: all read before it returns, written in order; a part that throws rejects it with its error and writes nothing, beside appends of other runs that land', async (store) => {
      const line = (step: number) => ({ content: JSON.stringify({ _step: step }), step });
      const others = [0, 1].map((i) => ({ ...key, name: `other${i}` }));
      for (const run of [key, ...others]) await store.upsertRun(run, {});
      let read = 0;
      function* parts(from: number, sizes: number[], failAt?: number): Generator<ReturnType<typeof line>[]> {
        for (const [i, size] of sizes.entries()) {
          if (i === failAt) throw new Error(`part ${i} refused`);
          read++;
          yield Array.from({ length: size }, (_, j) => line(from + j));
          from += size;
        }
      }
      const appended = store.appendLines(key, 'history', 0, { parts: parts(0, [1, 249, 250, 100]) }, { loss: 1 });
      assert.equal(read, 4, 'every part read before appendLines returned');
      assert.deepEqual(await appended, { stopRequested: false, sweepName: null });
      const refused = store.appendLines(key, 'history', 600, { parts: parts(600, [250, 250, 200], 2) }, { loss: 2 });
      const beside = others.map((run) => store.appendLines(run, 'history', 0, { parts: parts(0, [250, 50]) }));
      await assert.rejects(refused, /part 2 refused/);
      assert.deepEqual(await Promise.all(beside), others.map(() => ({ stopRequested: false, sweepName: null })));
      assert.deepEqual([(await store.getRun(key))?.historyLineCount, (await store.getRun(key))?.summary], [600, { loss: 1 }], 'nothing of the refused appends');
      assert.deepEqual((await store.readLines(key, 'history', 0, 1000)).map((l) => JSON.parse(l)._step), Array.from({ length: 600 }, (_, i) => i));
      for (const run of others) assert.equal((await store.getRun(run))?.historyLineCount, 300);
      assert.deepEqual(await store.appendLines(key, 'history', 600, { parts: parts(600, [3]) }), { stopRequested: false, sweepName: null }, 'the run takes the next append');
    });

    with_('appendLines in parts with a rest: the rest is read after every part, written with them; a rest refused rolls the parts back', async (store) => {
      const line = (step: number) => ({ content: JSON.stringify({ _step: step }), step });
      const log = (from: number, ...texts: string[]) => ({ file: 'log' as const, offset: from, lines: texts.map((content) => ({ content })) });
      await store.upsertRun(key, {});
      const order: string[] = [];
      function* parts(from: number, sizes: number[]): Generator<ReturnType<typeof line>[]> {
        for (const size of sizes) {
          order.push(`part ${size}`);
          yield Array.from({ length: size }, (_, j) => line(from + j));
          from += size;
        }
      }
      const rest = (summary: JsonObject, others: FileLines[]) => (): AppendRest => {
        order.push('rest');
        return { summary, others };
      };
      const written = { stopRequested: false, sweepName: null };
      assert.deepEqual(await store.appendLines(key, 'history', 0, { parts: parts(0, [50, 250]), rest: rest({ loss: 1 }, [log(0, 'a', 'b')]) }), written);
      assert.deepEqual(order, ['part 50', 'part 250', 'rest']);
      const state = async () => {
        const run = await store.getRun(key);
        return [run?.historyLineCount, run?.logLineCount, run?.summary, (await store.readLines(key, 'history', 0, 1000)).length, await store.readLines(key, 'log', 0, 10)];
      };
      assert.deepEqual(await state(), [300, 2, { loss: 1 }, 300, ['a', 'b']]);
      // The log's offset is past its end: known only with the rest, after the history's lines were written.
      assert.equal(await store.appendLines(key, 'history', 300, { parts: parts(300, [50, 100]), rest: rest({ loss: 0.5 }, [log(3, 'd')]) }), undefined);
      assert.deepEqual(await state(), [300, 2, { loss: 1 }, 300, ['a', 'b']], 'nothing of the refused append');
      assert.deepEqual(await store.appendLines(key, 'history', 300, { parts: parts(300, [50]), rest: rest({ loss: 0.5 }, [log(2, 'c')]) }), written);
      assert.deepEqual(await state(), [350, 3, { loss: 0.5 }, 350, ['a', 'b', 'c']]);
    });

    with_('appended lines come back exactly as sent, whatever characters they hold', async (store) => {
      await store.upsertRun(key, {});
      const awkward = ['{"text": "a \\"quoted\\" word, a \\\\ backslash and \\n an escape"}', '', 'NULL', '{a,b}', ' spaced ', '😀 naïve «ü»',
        'a\\', '"', '\u2028', '{"k": "ok"}'];
      // The same with raw control characters, as console output holds them.
      const controls = [...awkward, 'tab\there', 'carriage\rreturn', 'bell\u0007'];
      await store.appendLines(key, 'history', 0, awkward.map((content) => ({ content, step: null })));
      await store.appendLines(key, 'log', 0, controls.map((content) => ({ content })));
      assert.deepEqual(await store.readLines(key, 'history', 0, 100), awkward);
      assert.deepEqual(await store.readLines(key, 'log', 0, 100), controls);
    });

    with_('concurrent appends (committed together): each run\'s lines land in order, a refused one writes nothing and leaves the others written', async (store) => {
      const runs = Array.from({ length: 12 }, (_, i) => ({ ...key, name: `run${i}` }));
      for (const run of runs) await store.upsertRun(run, {});
      const line = (run: number, step: number) => ({ content: JSON.stringify({ run, _step: step }), step });
      const batch = (run: number, from: number) => Array.from({ length: 5 }, (_, i) => line(run, from + i));
      // Three batches per run, all asked for at once (the same run's in order); run 7's second leaves a gap.
      const appends = [0, 5, 10].flatMap((from) => runs.map((run, r) => store.appendLines(run, 'history', r === 7 && from === 5 ? 6 : from, batch(r, from))));
      const answers = await Promise.all(appends);
      answers.forEach((answer, i) => {
        const [r, from] = [i % 12, [0, 5, 10][Math.floor(i / 12)]];
        const refused = r === 7 && from > 0; // the gap, and the batch after it (nothing at 5 yet)
        assert.deepEqual(answer, refused ? undefined : { stopRequested: false, sweepName: null }, `run${r} at ${from}`);
      });
      for (const [r, run] of runs.entries()) {
        const steps = (await store.readLines(run, 'history', 0, 100)).map((l) => JSON.parse(l) as { run: number; _step: number });
        assert.deepEqual(steps, Array.from({ length: r === 7 ? 5 : 15 }, (_, s) => ({ run: r, _step: s })), `run${r}`);
        assert.equal((await store.getRun(run))?.historyLineCount, r === 7 ? 5 : 15);
      }
    });

    with_('line indexes past 2^31 and steps past 2^53 are kept as W&B keeps them, in 64 bits', async (store) => {
      await store.upsertRun(key, {});
      const far = 2 ** 31 + 5;
      await store.writeLines(key, 'history', far, [2 ** 31 + 1, 2 ** 53 + 2, 2 ** 63].map((step, i) => ({ content: `line ${i}`, step })));
      assert.equal((await store.getRun(key))?.historyLineCount, far + 3);
      assert.deepEqual(await store.readLines(key, 'history', far + 1, 10), ['line 1', 'line 2']);
      assert.deepEqual(await store.readLines(key, 'history', 0, 10), ['line 0', 'line 1', 'line 2'], 'no line stands before');
      assert.deepEqual(await store.readSteps(key, 'history', 2 ** 31 + 0.5, 2 ** 31 + 1.5), ['line 0'], 'fractional bounds round up');
      assert.deepEqual(await store.readSteps(key, 'history', 2 ** 53, Infinity), ['line 1', 'line 2']);
      assert.equal(await store.lastStep(key), 2 ** 63, 'a step beyond the 64-bit range is kept at its end');
      await store.writeLines(key, 'history', far, [{ content: 'line 0, again', step: -1e30 }]);
      assert.deepEqual(await store.readSteps(key, 'history', -Infinity, 0), ['line 0, again']);
    });

    with_('stop requests, finishing, and crashing runs that went quiet', async (store) => {
      await store.upsertRun(key, {});
      await store.upsertRun({ ...key, name: 'run2' }, {});
      await store.upsertRun({ ...key, name: 'run3' }, {});
      await store.requestStop({ ...key, name: 'run3' });
      assert.deepEqual(await store.runStatus(key), { stopRequested: false, sweepName: null, lineCounts: { history: 0, events: 0, log: 0 } });
      assert.equal(await store.requestStop(key), true);
      assert.equal((await store.getRun(key))?.stopRequested, true);
      assert.deepEqual(await store.runStatus(key), { stopRequested: true, sweepName: null, lineCounts: { history: 0, events: 0, log: 0 } });
      assert.equal(await store.runStatus({ ...key, name: 'nope' }), undefined);
      await store.finishRun(key, 'failed', 3);
      assert.deepEqual([(await store.getRun(key))?.state, (await store.getRun(key))?.exitcode], ['failed', 3]);
      assert.deepEqual((await store.crashStaleRuns(-1000)).map((r) => r.name).sort(), ['run2', 'run3']);
      assert.equal((await store.getRun({ ...key, name: 'run2' }))?.state, 'crashed');
      assert.equal((await store.getRun({ ...key, name: 'run3' }))?.state, 'killed', 'a run asked to stop that went silent was killed');
      assert.equal(await store.lastStep(key), undefined);
    });

    with_('projectVersion changes with runs, history, sweeps and agents\' states, not with heartbeats', async (store) => {
      const versions: string[] = [];
      const step = async (change: () => Promise<unknown>): Promise<boolean> => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        await change();
        versions.push(await store.projectVersion('alice', 'proj'));
        return versions.at(-1) !== versions.at(-2);
      };
      const sweep = { entity: 'alice', project: 'proj', name: 'swp12345' };
      assert.equal(await step(async () => {}), true);
      assert.equal(await step(() => store.upsertRun(key, { config: {} })), true);
      assert.equal(await step(() => store.writeLines(key, 'history', 0, [{ content: '{"_step": 0}', step: 0 }])), true);
      assert.equal(await step(() => store.touchRun(key)), false);
      assert.equal(await step(() => store.upsertRun({ ...key, project: 'other' }, { config: {} })), false, 'another project');
      assert.equal(await step(() => store.createSweep({ ...sweep, displayName: null, config: 'method: grid', state: 'PENDING' })), true);
      assert.equal(await step(() => store.updateSweep(sweep, { state: 'RUNNING' })), true);
      assert.equal(await step(() => store.createAgent({ id: 'agent1', sweep, host: 'box', state: 'RUNNING' })), true);
      assert.equal(await step(() => store.touchAgent('agent1')), false);
      assert.equal(await step(() => store.finishAgent('agent1')), true);
      assert.equal(await step(() => store.finishRun(key, 'finished', 0)), true);
    });

    test('watchProjects tells the project of each committed write that changes its version, in commit order', async () => {
      const location = await backend.create();
      const store = await backend.open(location);
      const sql = backend.connect(location);
      const told: string[] = [];
      const errors: unknown[] = [];
      let wake = (): void => {};
      const stop = store.watchProjects((changed) => {
        told.push(changed ? `${changed.entity}/${changed.project}` : '*');
        wake();
      }, (error) => errors.push(error));
      /** Waits until `name` is told; what was told before it. */
      const until = async (name: string): Promise<string[]> => {
        for (;;) {
          const at = told.indexOf(name);
          if (at >= 0) return told.splice(0, at + 1).slice(0, -1);
          await new Promise<void>((resolve) => (wake = resolve));
        }
      };
      let markers = 0;
      /** Everything told until a write to another project has been told. */
      const marked = async (): Promise<string[]> => {
        await store.upsertRun({ entity: 'alice', project: 'marker', name: `m${markers++}` }, { config: {} });
        return until('alice/marker');
      };
      /** A write that does not change alice/proj: nothing about it is told before a later write elsewhere. */
      const unchanged = async (write: () => Promise<unknown>): Promise<void> => {
        await marked();
        await write();
        assert.deepEqual(await marked(), []);
      };
      try {
        // PostgreSQL's listener says when it listens: what was written before, it did not hear.
        if (backend.dialect === 'postgres') await until('*');
        const sweep = { entity: 'alice', project: 'proj', name: 'swp12345' };
        await store.upsertRun(key, { config: {} });
        await until('alice/proj');
        await store.writeLines(key, 'history', 0, [{ content: '{"_step": 0}', step: 0 }]);
        await until('alice/proj');
        await store.appendLines(key, 'history', 1, [{ content: '{"_step": 1}', step: 1 }]);
        await until('alice/proj');
        await unchanged(() => store.touchRun(key));
        await store.createSweep({ ...sweep, displayName: null, config: 'method: grid', state: 'PENDING' });
        await until('alice/proj');
        await store.createAgent({ id: 'agent1', sweep, host: 'box', state: 'RUNNING' });
        await until('alice/proj');
        await unchanged(() => store.touchAgent('agent1'));
        await store.finishAgent('agent1');
        await until('alice/proj');
        // Line counts changing are told by the store after the commit, not by the database's triggers,
        // whose notification inside the transaction would hold up every other stream's commit. (This
        // checks PostgreSQL's trigger: on SQLite another connection's writes are never told.)
        await unchanged(() => sql.run(`UPDATE runs SET history_line_count = 9, updated_at = 'later' WHERE entity = ? AND project = ? AND name = ?`, key.entity, key.project, key.name));
        assert.deepEqual(errors, []);
      } finally {
        stop();
        await sql.close();
        await store.close();
      }
    });
  });

  section('runs ordered by a document field', () => {
    test('the first listing in such an order makes its index, the listing reads through it, at most MAX_SORT_INDEXES are made', async () => {
      const location = await backend.create();
      const store = await backend.open(location);
      const sql = backend.connect(location);
      try {
        for (const [name, loss] of [['a', 0.5], ['b', 0.25], ['c', 'x'], ['d', 0.75]] as const) await store.upsertRun({ ...key, name }, { summary: { loss } });
        await store.upsertRun({ ...key, name: 'e' }, {});
        const order = { field: { document: 'summary' as const, paths: [['loss']] }, descending: true };
        const names = async (o: typeof order) => (await store.queryRuns(key.entity, key.project, { where: { all: [] }, order: o })).map((r) => r.run.name);
        const made = async () => (await sql.all('SELECT name FROM run_sort_indexes ORDER BY name')).map((r) => String(r.name));
        assert.deepEqual(await names(order), ['d', 'a', 'b', 'c', 'e']);
        const index = sortIndexSql(backend.dialect, order)!;
        assert.deepEqual(await made(), [index.name]);
        assert.deepEqual(await names(order), ['d', 'a', 'b', 'c', 'e'], 'the same listing once the index exists');
        const page = listingSql(backend.dialect, 'name', key.entity, key.project, { where: { all: [] }, order, limit: 2 });
        const plan = await sql.transaction(function* () {
          // PostgreSQL would sort five rows rather than read an index: told not to sort, it reads the index if it can.
          if (backend.dialect === 'postgres') yield exec('SET LOCAL enable_sort = off');
          return (yield all(`EXPLAIN ${backend.dialect === 'sqlite' ? 'QUERY PLAN ' : ''}${page.sql}`, ...page.params)) as Array<Record<string, unknown>>;
        });
        assert.match(JSON.stringify(plan), new RegExp(index.name), 'the listing reads the index');
        assert.doesNotMatch(JSON.stringify(plan), /Sort\b|TEMP B-TREE/, 'in its order, sorting nothing');
        const other = await sql.all(`EXPLAIN ${backend.dialect === 'sqlite' ? 'QUERY PLAN ' : ''}SELECT MAX(updated_at) FROM runs WHERE entity = ? AND project = ?`, key.entity, key.project);
        assert.doesNotMatch(JSON.stringify(other), new RegExp(index.name), 'other queries of the project leave the index alone (its order is no use to them)');
        const full = Array.from({ length: MAX_SORT_INDEXES - 1 }, (_, i) => `runs_sort_other${i}`);
        for (const name of full) await sql.run('INSERT INTO run_sort_indexes (name, created_at) VALUES (?, ?)', name, '2026-01-01T00:00:00.000Z');
        assert.deepEqual(await names({ ...order, descending: false }), ['b', 'a', 'd', 'c', 'e'], 'past the limit, listed without an index');
        assert.equal((await made()).length, MAX_SORT_INDEXES);
        assert.ok(!(await made()).includes(sortIndexSql(backend.dialect, { ...order, descending: false })!.name));
      } finally {
        await sql.close();
        await store.close();
      }
    });

    test('a count under a filter makes the ascending index of each document field it must match and counts through it', async () => {
      const location = await backend.create();
      const store = await backend.open(location);
      const sql = backend.connect(location);
      try {
        const runs: Array<[string, JsonObject, JsonObject]> = [
          ['a', { optimizer: { value: 'sgd' } }, { loss: 0.25 }], ['b', { optimizer: { value: 'adam' } }, { loss: 0.1 }],
          ['c', { optimizer: { value: ['adam', 'sgd'] } }, { loss: 0.3 }], ['d', { optimizer: { value: 'sgd' } }, { loss: 'nan' }],
          ['e', { optimizer: { value: 'sgd' } }, { loss: 2 }], ['f', {}, { loss: 0 }],
        ];
        for (const [name, config, summary] of runs) await store.upsertRun({ ...key, name }, { config, summary });
        const optimizer = { document: 'config' as const, paths: [['optimizer', 'value']] };
        const loss = { document: 'summary' as const, paths: [['loss']] };
        const where = { all: [{ field: optimizer, equals: 'sgd' }, { field: loss, compare: 'lt' as const, value: 1 }] };
        assert.equal(await store.countRuns(key.entity, key.project, where), 2, 'a and c (a list holding sgd)');
        const indexes = [optimizer, loss].map((field) => sortIndexSql(backend.dialect, { field, descending: false })!.name);
        assert.deepEqual((await sql.all('SELECT name FROM run_sort_indexes ORDER BY name')).map((r) => String(r.name)), [...indexes].sort());
        assert.equal(await store.countRuns(key.entity, key.project, where), 2, 'the same count once the indexes exist');
        assert.equal(await store.countRuns(key.entity, key.project, { field: loss, present: true }), 6);
        assert.equal(await store.countRuns(key.entity, key.project, { not: { field: optimizer, equals: 'sgd' } }), 2, 'b and f');
        for (const condition of where.all) {
          const count = countSql(backend.dialect, key.entity, key.project, condition);
          const plan = await sql.transaction(function* () {
            // PostgreSQL would read six rows rather than an index: told not to, it reads the index if it can.
            if (backend.dialect === 'postgres') yield exec('SET LOCAL enable_seqscan = off');
            return (yield all(`EXPLAIN ${backend.dialect === 'sqlite' ? 'QUERY PLAN ' : ''}${count.sql}`, ...count.params)) as Array<Record<string, unknown>>;
          });
          assert.match(JSON.stringify(plan), new RegExp(indexes[where.all.indexOf(condition)]), `the count under ${JSON.stringify(condition)} reads its field's index`);
        }
      } finally {
        await sql.close();
        await store.close();
      }
    });
  });

  section('sweeps and agents', () => {
    with_('sweepRunStates and entityAgents: every sweep of the entity (or one sweep) in one read, other entities left out', async (store) => {
      const sweeps = [{ entity: 'alice', project: 'p1', name: 'swpaaaaa' }, { entity: 'alice', project: 'p2', name: 'swpbbbbb' }, { entity: 'bob', project: 'p1', name: 'swpccccc' }];
      for (const [i, sweep] of sweeps.entries()) {
        await store.createSweep({ ...sweep, displayName: null, config: 'method: grid', state: 'RUNNING' });
        await store.createAgent({ id: `agent${i}`, sweep, host: 'h', state: 'RUNNING' });
        const runs = [0, 1, 2].slice(0, i + 2).map((j) => ({ name: `r${i}${j}`, displayName: `d${j}`, config: {}, agentId: `agent${i}` }));
        assert.equal(await store.assignSweepRuns(sweep, 0, runs), true);
      }
      await store.finishRun({ entity: 'alice', project: 'p2', name: 'r11' }, 'finished', 0);
      const states = (await store.sweepRunStates('alice')).map((r) => `${r.project}/${r.sweep}/${r.state}=${r.count}`).sort();
      assert.deepEqual(states, ['p1/swpaaaaa/pending=2', 'p2/swpbbbbb/finished=1', 'p2/swpbbbbb/pending=2']);
      const one = (await store.sweepRunStates(sweeps[1])).map((r) => `${r.project}/${r.sweep}/${r.state}=${r.count}`).sort();
      assert.deepEqual(one, ['p2/swpbbbbb/finished=1', 'p2/swpbbbbb/pending=2']);
      assert.deepEqual((await store.entityAgents('alice')).map((a) => [a.id, a.sweep.name]), [['agent0', 'swpaaaaa'], ['agent1', 'swpbbbbb']]);
    });
    with_('sweeps: the first runs assigned start a PENDING sweep in their transaction; a paused one stays paused', async (store) => {
      const sweep = { entity: 'alice', project: 'proj', name: 'swpstart' };
      await store.createSweep({ ...sweep, displayName: null, config: 'method: grid', state: 'PENDING' });
      const run = (name: string) => ({ name, displayName: name, config: {}, agentId: 'agent1' });
      assert.equal(await store.assignSweepRuns(sweep, 0, [run('s1')]), true);
      assert.deepEqual(await store.getSweep(sweep).then((s) => [s?.state, s?.runCount]), ['RUNNING', 1]);
      await store.updateSweep(sweep, { state: 'PAUSED' });
      assert.equal(await store.assignSweepRuns(sweep, 1, [run('s2')]), true);
      assert.deepEqual(await store.getSweep(sweep).then((s) => [s?.state, s?.runCount]), ['PAUSED', 2]);
      assert.equal(await store.assignSweepRuns(sweep, 1, [run('s3')]), false);
    });
    with_('sweeps: assignment is optimistic (a stale count assigns nothing), agents, state', async (store) => {
      const sweep = { entity: 'alice', project: 'proj', name: 'swp12345' };
      await store.createSweep({ ...sweep, displayName: null, config: 'method: grid', state: 'PENDING' });
      const run = { name: 'r1', displayName: 'calm-sweep-1', config: { a: { value: 1 } }, agentId: 'agent1' };
      assert.equal(await store.assignSweepRuns(sweep, 0, [run]), true);
      assert.equal(await store.assignSweepRuns(sweep, 0, [{ ...run, name: 'r2' }]), false);
      assert.equal((await store.getSweep(sweep))?.runCount, 1);
      assert.equal(await store.assignSweepRuns(sweep, 1, [{ ...run, name: 'r3', agentId: 'agent2' }, { ...run, name: 'r4', agentId: 'agent3' }]), true);
      assert.equal((await store.getSweep(sweep))?.runCount, 3);
      assert.deepEqual((await store.heartbeatRuns(sweep, 'agent2', [])).map((r) => r.name), ['r3']);
      const before = new Date(Date.now() - 1).toISOString();
      assert.deepEqual(await store.sweepRunsChangedSince(sweep, new Date(Date.now() + 60_000).toISOString()), []);
      await store.finishRun({ ...sweep, name: 'r3' }, 'failed', 1);
      assert.deepEqual((await store.sweepRunsChangedSince(sweep, before)).map((r) => [r.name, r.state]).filter(([name]) => name === 'r3'), [['r3', 'failed']]);
      assert.deepEqual((await store.heartbeatRuns(sweep, 'agent2', ['r1', 'nope'])).map((r) => r.name), ['r1'], 'r3 is no longer pending');
      assert.deepEqual((await store.heartbeatRuns(sweep, 'agent2', ['r3'])).map((r) => r.name), ['r3']);
      await store.upsertRun({ ...sweep, name: 'r4' }, { state: 'running' });
      assert.deepEqual((await store.heartbeatRuns(sweep, 'agent3', [])).map((r) => r.name), [], 'a running run it no longer reports is its own business');
      await store.requestStop({ ...sweep, name: 'r4' });
      assert.deepEqual((await store.heartbeatRuns(sweep, 'agent3', [])).map((r) => r.name), ['r4'], 'unless it was asked to stop');
      await store.upsertRun({ ...sweep, name: 'r4' }, { state: 'pending' });
      const runs = await store.sweepRuns(sweep);
      assert.deepEqual(runs.map((r) => [r.name, r.state, r.agentId, r.sweepName, r.displayName]),
        [['r1', 'pending', 'agent1', 'swp12345', 'calm-sweep-1'], ['r3', 'failed', 'agent2', 'swp12345', 'calm-sweep-1'], ['r4', 'pending', 'agent3', 'swp12345', 'calm-sweep-1']]);
      assert.equal((await store.updateSweep(sweep, { state: 'RUNNING' }))?.state, 'RUNNING');
      assert.equal((await store.updateSweep(sweep, {}))?.config, 'method: grid');
      await store.createAgent({ id: 'agent1', sweep, host: 'box', state: 'RUNNING' });
      assert.deepEqual((await store.getAgent('agent1'))?.sweep, sweep);
      assert.deepEqual((await store.sweepAgents(sweep)).map((a) => a.host), ['box']);
      assert.deepEqual((await store.listSweeps('alice')).map((s) => s.name), ['swp12345']);
      assert.equal(await store.getAgent('nope'), undefined);
      assert.deepEqual((await store.crashStaleRuns(-1000)).map((r) => r.name).sort(), ['r1', 'r4'], 'runs their agents never started');
    });

    with_('liveness goes by the database\'s clock: a server whose own clock is an hour off neither crashes live runs nor stamps stale ones', async (store) => {
      const sweep = { entity: 'alice', project: 'proj', name: 'swp00002' };
      await store.createSweep({ ...sweep, displayName: null, config: 'method: grid', state: 'RUNNING' });
      await store.createAgent({ id: 'agent1', sweep, host: 'box', state: 'RUNNING' });
      await store.upsertRun(key, {});
      const real = Date.now();
      for (const offset of [3_600_000, -3_600_000]) {
        mock.timers.enable({ apis: ['Date'], now: real + offset });
        try {
          await store.touchRun(key);
          await store.touchAgent('agent1');
          assert.deepEqual(await store.crashStaleRuns(60_000), [], `clock off by ${offset} ms`);
          assert.deepEqual(await store.buryAgents(60_000), [], `clock off by ${offset} ms`);
        } finally {
          mock.timers.reset();
        }
      }
      for (const stamp of [(await store.getRun(key))!.heartbeatAt, (await store.getAgent('agent1'))!.heartbeatAt]) {
        assert.ok(Math.abs(Date.parse(stamp) - Date.now()) < 60_000, `${stamp} is the database's time`);
      }
    });

    with_('deleteSweep removes the sweep and its agents, and its runs only when asked; other sweeps stay', async (store) => {
      const sweep = { entity: 'alice', project: 'proj', name: 'swpdel01' };
      const other = { ...sweep, name: 'swpkeep1' };
      for (const s of [sweep, other]) await store.createSweep({ ...s, displayName: null, config: 'method: grid', state: 'RUNNING' });
      await store.createAgent({ id: 'gone', sweep, host: 'box', state: 'RUNNING' });
      await store.createAgent({ id: 'kept', sweep: other, host: 'box', state: 'RUNNING' });
      const runs = (names: string[], agentId: string) => names.map((name) => ({ name, displayName: name, config: {}, agentId }));
      await store.assignSweepRuns(sweep, 0, runs(['s1', 's2'], 'gone'));
      await store.assignSweepRuns(other, 0, runs(['o1'], 'kept'));
      for (const name of ['s1', 'o1']) await store.writeLines({ ...sweep, name }, 'history', 0, [{ content: '{"_step": 0}', step: 0 }]);
      await store.addRunAlert({ ...sweep, name: 's1' }, '{"title": "t"}');

      assert.deepEqual((await store.deleteSweep(sweep, true))?.map((r) => r.name).sort(), ['s1', 's2']);
      assert.equal(await store.getSweep(sweep), undefined);
      assert.equal(await store.getAgent('gone'), undefined);
      assert.equal(await store.getRun({ ...sweep, name: 's1' }), undefined);
      assert.deepEqual(await store.readLines({ ...sweep, name: 's1' }, 'history', 0, 10), []);
      assert.deepEqual(await store.runAlerts({ ...sweep, name: 's1' }), []);
      assert.equal(await store.deleteSweep(sweep, true), undefined, 'no such sweep any more');
      assert.deepEqual(await store.readLines({ ...sweep, name: 'o1' }, 'history', 0, 10), ['{"_step": 0}']);
      assert.equal((await store.getAgent('kept'))?.state, 'RUNNING');

      assert.deepEqual(await store.deleteSweep(other, false), []);
      assert.deepEqual((await store.listSweeps('alice')).map((s) => s.name), []);
      const kept = await store.getRun({ ...other, name: 'o1' });
      assert.deepEqual([kept?.sweepName, kept?.displayName], [null, 'o1'], 'the run stays, as a run of no sweep');
      assert.deepEqual(await store.readLines({ ...other, name: 'o1' }, 'history', 0, 10), ['{"_step": 0}']);
    });

    with_('silent agents are buried: with active runs DEAD, those runs crashed and asked to stop; without, FINISHED; a heartbeat revives them', async (store) => {
      const sweep = { entity: 'alice', project: 'proj', name: 'swp00001' };
      await store.createSweep({ ...sweep, displayName: null, config: 'method: grid', state: 'RUNNING' });
      await store.createAgent({ id: 'quiet', sweep, host: 'box', state: 'RUNNING' });
      await store.createAgent({ id: 'done', sweep, host: 'box', state: 'RUNNING' });
      await store.finishAgent('done');
      await store.createAgent({ id: 'left', sweep, host: 'box', state: 'RUNNING' });
      await store.assignSweepRuns(sweep, 0, [{ name: 'active', displayName: 'a-sweep-1', config: {}, agentId: 'quiet' }, { name: 'ended', displayName: 'a-sweep-2', config: {}, agentId: 'quiet' }]);
      await store.finishRun({ ...sweep, name: 'ended' }, 'finished', 0);
      assert.deepEqual(await store.buryAgents(60_000), [], 'heartbeats are recent');
      assert.deepEqual(await store.buryAgents(-1000), [{ entity: 'alice', project: 'proj', name: 'active' }]);
      assert.deepEqual((await store.sweepAgents(sweep)).map((a) => [a.id, a.state]).sort(), [['done', 'FINISHED'], ['left', 'FINISHED'], ['quiet', 'DEAD']]);
      const runs = await store.sweepRuns(sweep);
      assert.deepEqual(runs.map((r) => [r.name, r.state, r.stopRequested]), [['active', 'crashed', true], ['ended', 'finished', false]]);
      assert.deepEqual(await store.buryAgents(-1000), [], 'buried once');
      await store.touchAgent('quiet');
      assert.equal((await store.getAgent('quiet'))?.state, 'RUNNING');
    });
  });

  section('artifacts', () => {
    const model = (digest: string, extra: Partial<NewArtifact> = {}): NewArtifact => ({
      entity: 'alice', project: 'proj', name: 'model', type: 'model', digest, description: null, metadata: '{"acc": 0.9}',
      aliases: [], clientId: null, sequenceClientId: null, createdBy: 'run1', historyStep: null, ...extra,
    });
    const file = (path: string, digest: string, birthArtifactId: number) => ({ path, digest, size: 3, birthArtifactId, ref: null });

    with_('artifacts: pending until committed, versions numbered at commit, latest and aliases move', async (store) => {
      const first = await store.createArtifact(model('d1', { aliases: ['best'], clientId: 'c1', sequenceClientId: 's1' }));
      assert.deepEqual([first.deduplicated, first.artifact.state, first.artifact.versionIndex, first.artifact.aliases], [false, 'PENDING', null, ['latest', 'best']]);
      assert.equal(await store.resolveArtifact('alice', 'proj', 'model', 'latest'), undefined, 'pending versions are not found by name');
      await assert.rejects(store.commitArtifact(first.artifact.id, [file('a.txt', 'AAA=', first.artifact.id)]), (e: Error) => e instanceof ArtifactConflict && /never uploaded: a\.txt/.test(e.message));
      await store.addArtifactObject('alice', { digest: 'AAA=', size: 3, birthArtifactId: first.artifact.id });
      await assert.rejects(store.commitArtifact(first.artifact.id, [{ ...file('a.txt', 'AAA=', first.artifact.id), size: 4 }]), /wrong sizes for a\.txt \(4 in the manifest, 3 stored\)/);
      const v0 = await store.commitArtifact(first.artifact.id, [file('a.txt', 'AAA=', first.artifact.id), { path: 'r', digest: 'etag', size: 0, birthArtifactId: null, ref: 's3://b/r' }]);
      assert.deepEqual([v0.state, v0.versionIndex, v0.aliases, v0.fileCount, v0.size], ['COMMITTED', 0, ['best', 'latest'], 2, 3]);
      assert.equal((await store.commitArtifact(first.artifact.id, [])).versionIndex, 0, 'a retried commit changes nothing');
      assert.equal((await store.artifactByClientId('c1'))?.id, v0.id);
      assert.equal((await store.latestBySequenceClientId('s1'))?.id, v0.id);

      const again = await store.createArtifact(model('d1', { aliases: ['prod'] }));
      assert.deepEqual([again.deduplicated, again.artifact.id, again.artifact.aliases], [true, v0.id, ['best', 'latest', 'prod']]);

      const second = await store.createArtifact(model('d2', { aliases: ['best'] }));
      assert.equal(second.deduplicated, false);
      const existing = await store.addArtifactObject('alice', { digest: 'AAA=', size: 3, birthArtifactId: second.artifact.id });
      assert.equal(existing.birthArtifactId, v0.id, 'stored bytes keep their birth artifact');
      await store.addArtifactObject('alice', { digest: 'BBB=', size: 3, birthArtifactId: second.artifact.id });
      const v1 = await store.commitArtifact(second.artifact.id, [file('a.txt', 'AAA=', v0.id), file('b.txt', 'BBB=', second.artifact.id)]);
      assert.deepEqual([v1.versionIndex, v1.aliases], [1, ['best', 'latest']]);
      assert.deepEqual((await store.getArtifact(v0.id))?.aliases, ['prod']);
      for (const [ref, index] of [['v0', 0], ['v1', 1], ['latest', 1], ['prod', 0], ['d1', 0], ['best', 1]] as const) {
        assert.equal((await store.resolveArtifact('alice', 'proj', 'model', ref))?.versionIndex, index, ref);
      }
      assert.equal(await store.resolveArtifact('alice', 'proj', 'model', 'v7'), undefined);
      assert.equal(await store.resolveArtifact('alice', 'proj', 'model', 'v99999999999999999999'), undefined, 'too large for a version: an alias nobody has');
      assert.deepEqual((await store.listArtifactVersions('alice', 'proj', 'model')).map((v) => v.versionIndex), [1, 0]);
      assert.deepEqual(await store.listArtifactSequences('alice', 'proj'), [{ name: 'model', type: 'model', versionCount: 2, createdAt: (await store.listArtifactSequences('alice', 'proj'))[0].createdAt }]);
      assert.deepEqual(await store.listArtifactSequences('alice', 'proj', 'dataset'), []);
      assert.deepEqual((await store.artifactFiles(v1.id, 1, 10)).map((f) => [f.path, f.birthArtifactId]), [['b.txt', v1.id]]);
      await assert.rejects(store.createArtifact(model('d3', { type: 'dataset' })), /is of type model/);
      const edited = await store.updateArtifact(v0.id, { description: 'first', metadata: '{"acc": 1}', addAliases: ['best', 'old'], removeAliases: ['prod'] });
      assert.deepEqual([edited.description, edited.metadata, edited.aliases], ['first', '{"acc": 1}', ['best', 'old']]);
      assert.deepEqual((await store.getArtifact(v1.id))?.aliases, ['latest'], 'best moved from v1 to v0');
      await assert.rejects(store.updateArtifact(v1.id, { removeAliases: ['latest'] }), ArtifactConflict);
      await assert.rejects(store.updateArtifact((await store.createArtifact(model('d4'))).artifact.id, { description: 'x' }), /not a committed version/);
    });

    with_('artifacts: lineage, manifests, and deleting a version frees only unreferenced objects', async (store) => {
      const a = (await store.createArtifact(model('d1', { historyStep: 2 ** 53 + 2 }))).artifact;
      assert.equal(a.historyStep, 2 ** 53 + 2, 'a 64-bit step');
      await store.setArtifactManifest(a.id, 'MMM=');
      assert.deepEqual([(await store.getArtifact(a.id))?.manifestDigest, (await store.getArtifact(a.id))?.manifestUploaded], ['MMM=', false]);
      await store.markManifestUploaded(a.id);
      assert.equal((await store.getArtifact(a.id))?.manifestUploaded, true);
      await store.addArtifactObject('alice', { digest: 'MMM=', size: 3, birthArtifactId: a.id });
      await store.addArtifactObject('alice', { digest: 'AAA=', size: 3, birthArtifactId: a.id });
      await store.addArtifactObject('alice', { digest: 'OLD=', size: 3, birthArtifactId: a.id });
      await store.commitArtifact(a.id, [file('a.txt', 'AAA=', a.id), file('old.txt', 'OLD=', a.id)]);
      const b = (await store.createArtifact(model('d2'))).artifact;
      await store.commitArtifact(b.id, [file('a.txt', 'AAA=', a.id)]);
      await store.useArtifact(b.id, { ...key, name: 'run2' });
      await store.useArtifact(b.id, { ...key, name: 'run2' });
      assert.deepEqual(await store.artifactUsers(b.id), [{ ...key, name: 'run2' }]);
      assert.deepEqual((await store.runArtifacts({ ...key, name: 'run2' }, 'input')).map((v) => v.id), [b.id]);
      assert.deepEqual((await store.runArtifacts(key, 'output')).map((v) => v.id), [a.id, b.id]);
      assert.deepEqual(await store.deleteArtifact(b.id), [], 'v0 still lists a.txt');
      assert.deepEqual((await store.resolveArtifact('alice', 'proj', 'model', 'latest'))?.id, a.id, 'latest falls back to v0');
      assert.deepEqual((await store.deleteArtifact(a.id)).sort(), ['AAA=', 'MMM=', 'OLD=']);
      assert.equal(await store.findArtifactObject('alice', 'AAA='), undefined);
      assert.deepEqual(await store.deleteArtifact(a.id), [], 'deleting twice');
      assert.deepEqual(await store.listArtifactVersions('alice', 'proj', 'model'), []);
      const pending = (await store.createArtifact(model('d3'))).artifact;
      assert.deepEqual((await store.stalePendingArtifacts(new Date(Date.now() + 1000))).map((v) => v.id), [pending.id]);
      assert.deepEqual(await store.stalePendingArtifacts(new Date(Date.now() - 60_000)), []);
    });

    with_('artifacts: concurrent creates and commits on one sequence give distinct version numbers', async (store) => {
      const created = await Promise.all(['d1', 'd2', 'd3', 'd4'].map((d) => store.createArtifact(model(d))));
      await store.addArtifactObject('alice', { digest: 'AAA=', size: 3, birthArtifactId: created[0].artifact.id });
      const committed = await Promise.all(created.map(({ artifact }) => store.commitArtifact(artifact.id, [file('a.txt', 'AAA=', created[0].artifact.id)])));
      assert.deepEqual(committed.map((v) => v.versionIndex).sort(), [0, 1, 2, 3]);
      assert.equal((await store.listArtifactVersions('alice', 'proj', 'model')).filter((v) => v.aliases.includes('latest')).length, 1);
    });
  });

  section('databases made by older versions', () => {
    test('a database from before 64-bit line indexes opens with its runs and lines, and takes lines past 2^31', async () => {
      const location = await backend.create();
      const old = backend.connect(location);
      await old.transaction(() => migrate(backend.dialect, BEFORE_64_BIT_LINES));
      await insertOldRun(old, { a: { value: 1 } }, { loss: Number.NaN });
      const before = sqlStore(old);
      await before.writeLines(key, 'history', 0, [{ content: '{"_step": 0}', step: 0 }]);
      await before.close();
      const store = await backend.open(location);
      try {
        assert.deepEqual((await store.getRun(key))?.config, { a: { value: 1 } });
        // Its config and summary are documents now: filters in SQL read them (NaN as null).
        const field = (document: 'config' | 'summary', ...keys: string[]) => ({ document, paths: [keys] });
        assert.equal(await store.countRuns(key.entity, key.project, { field: field('config', 'a', 'value'), equals: 1 }), 1);
        assert.equal(await store.countRuns(key.entity, key.project, { field: field('summary', 'loss'), equals: null }), 1);
        await store.writeLines(key, 'history', 2 ** 31, [{ content: '{"_step": 1}', step: 1 }]);
        assert.deepEqual(await store.readSteps(key, 'history', 0, 10), ['{"_step": 0}', '{"_step": 1}']);
        assert.equal((await store.getRun(key))?.historyLineCount, 2 ** 31 + 1);
      } finally {
        await store.close();
      }
    });
  });
}
