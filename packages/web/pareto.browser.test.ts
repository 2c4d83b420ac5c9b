// The sweep page of a sweep with several objectives (`metrics`), in Debian's chromium against a
// real `sextant server`: the runs on the first two objectives with the Pareto front highlighted,
// and the front as a table. Screenshots go to packages/web/test-output/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TEST_KEY } from '../server/testing/server-process.ts';
import { WandbClient } from './testing/wandb-client.ts';
import { dashboard, OUT, screenshotDark } from './testing/dashboard.ts';

const SWEEP = 'method: random\nseed: 7\nmetrics: [{name: loss}, {name: speed, goal: maximize}]\nparameters:\n  a: {min: 0.0, max: 1.0}\n  b: {min: 0.0, max: 1.0}\n';
let sweepId = '';
let tradeOffs = 0;

const app = dashboard(async (url) => {
  const client = new WandbClient(url, TEST_KEY);
  // Runs with b < 0.5 trade loss for speed (loss − speed = 1): none beats another. Every run with
  // b ≥ 0.5 is 1 worse in both than some such run, so the front is exactly the b < 0.5 runs.
  sweepId = await client.sweep('multi', SWEEP, 14, (p) => {
    const [a, worse] = [Number(p.a), Number(p.b) >= 0.5 ? 1 : 0];
    if (!worse) tradeOffs++;
    return { history: [{ loss: a + worse, speed: a - 1 - worse }] };
  });
});

test('a sweep with metrics shows its runs on both objectives, the Pareto front highlighted, and the front as a table', { timeout: 60_000 }, async () => {
  assert.ok(tradeOffs > 0 && tradeOffs < 14, `the seeded runs have both kinds (${tradeOffs} trade-offs of 14)`);
  const page = await app.open(`/admin/multi/sweeps/${sweepId}`);
  await page.waitForSelector('[data-testid=pareto-scatter] circle');
  assert.match((await page.textContent('.page-head .muted'))!, /Pareto front of minimize loss, maximize speed/);
  const circles = await page.$$eval('[data-testid=pareto-scatter] circle', (cs) => cs.map((c) => c.getAttribute('data-front')));
  assert.equal(circles.length, 14);
  assert.equal(circles.filter((f) => f === 'yes').length, tradeOffs);
  const rows = await page.$$eval('[data-testid=pareto-front] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  assert.equal(rows.length, tradeOffs);
  for (const [, loss, speed] of rows) assert.ok(Math.abs(Number(loss) - Number(speed) - 1) < 1e-3, `${loss} − ${speed}`);
  const losses = rows.map((r) => Number(r[1]));
  assert.deepEqual(losses, [...losses].sort((x, y) => x - y), 'the front is listed by the first objective');
  assert.equal(await page.$eval('select[aria-label=metric]', (s) => (s as HTMLSelectElement).value), 'loss', 'the analysis starts on the first objective');
  await page.selectOption('select[aria-label=metric]', 'speed');
  await page.waitForSelector('h2:has-text("Parameter importance for speed")');
  assert.equal(await page.$eval('select[aria-label=goal]', (s) => (s as HTMLSelectElement).value), 'maximize', 'the goal the sweep gives speed');
  await page.screenshot({ path: join(OUT, 'sweep-pareto.png'), fullPage: true });
  await screenshotDark(page, 'sweep-pareto-dark');
  await page.close();
});
