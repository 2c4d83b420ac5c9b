// Filters, orders and paging in SQL against the same rules in JavaScript: random runs in a SQLite
// and a PostgreSQL store, random W&B filters and orders; every page read through keyset cursors
// and every count must equal what `matches` and `sortRuns` give over all the runs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Json, JsonObject } from '@sextant/sweeps';
import { openSqliteStore } from '../store/sqlite.ts';
import { openPostgresStore } from '../store/postgres.ts';
import type { Run, Store } from '../store/store.ts';
import { matches, sortRuns, splitFilter } from './filter.ts';
import { countRuns, runsPage } from './query.ts';

const ENTITY = 'e';
const PROJECT = 'p';
const STRINGS = ['a', 'B', 'b', 'ab', '', '10', 'x y'];
const scalar = fc.oneof(
  fc.constantFrom<Json>(0, 1, -1, 2.5, 10, 0.1, true, false, null),
  fc.constantFrom(...STRINGS),
  fc.integer({ min: -3, max: 3 }),
);
const value: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ c: scalar }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined });
const runArbitrary = fc.record({
  config: fc.record({ a: maybe(value), b: maybe(value) }).map((c) => {
    const config: JsonObject = {};
    // Config values as the client writes them ({value, desc}), sometimes bare.
    if (c.a !== undefined) config.a = { value: c.a, desc: null };
    if (c.b !== undefined) config.b = c.b;
    return config;
  }),
  // Keys SQL cannot write as they are (a quote, a parameter mark, a replacement pattern) as well as plain ones.
  summary: fc.record({ x: maybe(value), n: maybe(value), "it's": maybe(value), 'a?b$&': maybe(value) }).map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as JsonObject),
  displayName: fc.option(fc.constantFrom(...STRINGS)),
  group: fc.option(fc.constantFrom('g1', 'g2')),
  tags: fc.uniqueArray(fc.constantFrom('t1', 't2', 't3'), { maxLength: 3 }),
  state: fc.constantFrom('running', 'finished', 'crashed'),
});

const PATHS = ['config.a', 'config.a.value', 'config.a.value.c', 'config.a.c', 'config.b', 'config.b.value', 'summary_metrics.x', 'summary.n',
  'summary_metrics.n.c', 'summary_metrics.x.0', "summary_metrics.it's", 'summary.a?b$&', 'tags', 'state', 'displayName', 'group', 'name', 'nothing.here', 'config', 'summary_metrics'];
const path = fc.constantFrom(...PATHS);
const operand = fc.oneof({ weight: 5, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) });
const leaf: fc.Arbitrary<Record<string, Json>> = fc.oneof(
  fc.tuple(path, scalar).map(([p, v]) => ({ [p]: v })),
  fc.tuple(path, fc.constantFrom('$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$all'), operand)
    .map(([p, op, v]) => ({ [p]: { [op]: op === '$exists' ? Boolean(v) : v } })),
  fc.tuple(path, fc.constantFrom('^a', 'b$', '1')).map(([p, r]) => ({ [p]: { $regex: r } })),
);
const filterArbitrary: fc.Arbitrary<Record<string, Json>> = fc.letrec((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom('$and', '$or', '$nor'), fc.array(tie('filter'), { maxLength: 3 })).map(([op, list]) => ({ [op]: list as Json })),
    fc.tuple(leaf, leaf).map(([a, b]) => ({ ...a, ...b })),
  ),
})).filter as fc.Arbitrary<Record<string, Json>>;
const orderArbitrary = fc.tuple(fc.constantFrom('+', '-', ''), fc.constantFrom(...PATHS.filter((p) => p !== 'tags'), 'created_at', 'tags'))
  .map(([sign, p]) => `${sign}${p}`);

type RandomRun = typeof runArbitrary extends fc.Arbitrary<infer T> ? T : never;

async function seed(store: Store, runs: RandomRun[]): Promise<void> {
  for (const [i, run] of runs.entries()) {
    await store.upsertRun({ entity: ENTITY, project: PROJECT, name: `r${String(i).padStart(2, '0')}` },
      { config: run.config, summary: run.summary, displayName: run.displayName, groupName: run.group, tags: run.tags, state: run.state as Run['state'] });
  }
}

/** Every page of the listing through its cursors, `size` at a time. */
async function pages(store: Store, filter: Record<string, Json>, order: string, size: number): Promise<string[]> {
  const names: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await runsPage(store, ENTITY, PROJECT, filter, order, after, size);
    names.push(...page.runs.map(({ run }) => run.name));
    if (!page.hasNext) return names;
    after = page.runs[page.runs.length - 1].cursor;
  }
}

function differential(name: string, open: () => Promise<Store>): void {
  describe(`${name}: filters, orders and keyset pages in SQL agree with the JavaScript filter`, () => {
    let store: Store;
    let runs: Run[];
    before(async () => {
      store = await open();
      await seed(store, fc.sample(runArbitrary, { numRuns: 60, seed: 17 }));
      runs = await store.listRuns(ENTITY, PROJECT);
    });
    after(() => store.close());

    test('random filters and orders: the same runs in the same order, page by page, and the same count', async () => {
      let translated = 0;
      await fc.assert(fc.asyncProperty(filterArbitrary, orderArbitrary, fc.integer({ min: 1, max: 25 }), async (filter, order, size) => {
        let expected: string[];
        try {
          expected = sortRuns(runs.filter((run) => matches(run, filter)), order).map((run) => run.name);
        } catch {
          return; // a malformed filter ($and of a non-list): the SQL side refuses it too, checked below
        }
        if (Object.keys(splitFilter(filter).rest).length === 0) translated++;
        assert.deepEqual(await pages(store, filter, order, size), expected);
        assert.equal(await countRuns(store, ENTITY, PROJECT, filter), expected.length);
      }), { numRuns: 300 });
      // About half of the random filters translate wholly (the count varies with fast-check's seed,
      // sd ≈ 9 of 300); a third is far below any seed's count and far above a broken translation's.
      assert.ok(translated > 100, `a good share of random filters run wholly in SQL (${translated} of 300)`);
    });

    test('non-finite numbers filter as the documents hold them: NaN as null, Infinity as the largest double', async () => {
      const names = async (filter: Record<string, Json>) => (await pages(store, filter, '+name', 100)).sort();
      const expect = (filter: Record<string, Json>) => runs.filter((run) => matches(run, filter)).map((run) => run.name).sort();
      const filters: Array<Record<string, Json>> = [{ 'summary_metrics.x': null }, { 'summary_metrics.x': { $gt: 1e300 } }, { 'summary_metrics.x': { $exists: true } }];
      for (const filter of filters) {
        assert.deepEqual(await names(filter), expect(filter));
      }
      assert.ok(runs.some((run) => Number.isNaN(run.summary.x)) && runs.some((run) => run.summary.x === Infinity), 'the sample holds NaN and Infinity');
    });

    test('a cursor from elsewhere and a malformed filter are request errors', async () => {
      await assert.rejects(runsPage(store, ENTITY, PROJECT, {}, undefined, 'not-a-cursor', 10), /invalid cursor/);
      await assert.rejects(runsPage(store, ENTITY, PROJECT, { $or: 1 }, undefined, undefined, 10), /\$or takes a list/);
      await assert.rejects(runsPage(store, ENTITY, PROJECT, { name: { $near: 1 } }, undefined, undefined, 10), /unknown filter operator \$near/);
    });
  });
}

differential('sqlite', async () => openSqliteStore(join(mkdtempSync(join(tmpdir(), 'sextant-query-')), 'db.sqlite')));

const script = join(import.meta.dirname, '..', '..', '..', 'scripts', 'postgres.sh');
const pgDir = mkdtempSync(join(tmpdir(), 'sextant-query-pg-'));
let url = '';
before(() => {
  url = execFileSync('sh', [script, 'start', pgDir], { encoding: 'utf8' }).trim();
});
after(() => {
  execFileSync('sh', [script, 'stop', pgDir]);
});
differential('postgres', () => openPostgresStore(url));
