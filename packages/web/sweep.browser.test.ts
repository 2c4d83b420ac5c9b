// The sweep pages in Debian's chromium against a real `sextant server` seeded through the W&B
// protocol: the analysis for any metric the runs logged (not only the sweep's), the metric per run
// against creation order or start time, only the actions that apply to a pending sweep, and a new
// sweep written in YAML, checked and previewed as it is typed, created, with its agent commands.
// Screenshots (light and dark) go to packages/web/test-output/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TEST_KEY } from '../server/testing/server-process.ts';
import { WandbClient } from './testing/wandb-client.ts';
import { dashboard, OUT, screenshotDark } from './testing/dashboard.ts';

const SWEEP = 'method: random\nmetric: {name: val_loss, goal: minimize}\nparameters:\n  lr: {min: 0.001, max: 0.1}\n  dropout: {min: 0.0, max: 0.5}\n';
let sweepId = '';
let pendingId = '';

const app = dashboard(async (url) => {
  const client = new WandbClient(url, TEST_KEY);
  // val_loss follows lr; val_accuracy follows dropout.
  sweepId = await client.sweep('tuning', SWEEP, 16, (p) => ({ history: [{ val_loss: Number(p.lr) * 10, val_accuracy: 0.9 - Number(p.dropout) }] }));
  const pending = await client.graphql<{ upsertSweep: { sweep: { name: string } } }>(
    'mutation($config: String, $project: String) { upsertSweep(input: {config: $config, projectName: $project}) { sweep { name } } }', { config: SWEEP, project: 'tuning' });
  pendingId = pending.upsertSweep.sweep.name;
});

const importanceOrder = (page: import('playwright-core').Page) =>
  page.$$eval('[data-testid=importance] tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));

test('the analysis follows any logged metric with its goal, in the URL; the metric per run against creation order or start time', { timeout: 60_000 }, async () => {
  const page = await app.open(`/admin/tuning/sweeps/${sweepId}`);
  await page.waitForSelector('[data-testid=importance]');
  assert.deepEqual(await importanceOrder(page), ['lr', 'dropout']);
  const options = await page.$$eval('select[aria-label=metric] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
  assert.deepEqual(options, ['val_loss', 'val_accuracy']);

  await page.selectOption('select[aria-label=metric]', 'val_accuracy');
  await page.waitForSelector('h2:has-text("Parameter importance for val_accuracy")');
  assert.deepEqual(await importanceOrder(page), ['dropout', 'lr']);
  assert.equal(await page.$eval('select[aria-label=goal]', (s) => (s as HTMLSelectElement).value), 'maximize');
  assert.equal(await page.textContent('[data-testid=importance] tbody tr:first-child td:last-child'), '-1.00');
  await page.waitForSelector('[data-chart="val_accuracy per run"][data-x="run (creation order)"] canvas');

  await page.selectOption('select[aria-label="runs by"]', 'time');
  await page.waitForSelector('[data-chart="val_accuracy per run"][data-x="run start time"] canvas');
  assert.match(page.url(), /\?metric=val_accuracy&x=time$/);
  await page.screenshot({ path: join(OUT, 'sweep-analysis.png'), fullPage: true });
  await screenshotDark(page, 'sweep-analysis-dark');

  await page.reload();
  await page.waitForSelector('h2:has-text("Parameter importance for val_accuracy")');
  assert.equal(await page.$eval('select[aria-label="runs by"]', (s) => (s as HTMLSelectElement).value), 'time', 'the view survives a reload');
  await page.close();
});

test('a pending sweep offers only pause and cancel (and delete, which every sweep offers)', { timeout: 60_000 }, async () => {
  const page = await app.open(`/admin/tuning/sweeps/${pendingId}`);
  await page.waitForFunction(() => document.querySelector('[data-testid=sweep-state]')?.textContent === 'pending');
  assert.deepEqual(await page.$$eval('.page-head .row button', (bs) => bs.map((b) => b.textContent)), ['Pause', 'Cancel', 'Delete']);
  const running = await app.open(`/admin/tuning/sweeps/${sweepId}`);
  await running.waitForSelector('[data-testid=sweep-state]');
  assert.deepEqual(await running.$$eval('.page-head .row button', (bs) => bs.map((b) => b.textContent)), ['Pause', 'Stop', 'Cancel', 'Delete']);
  await running.close();
  await page.close();
});

test('a new sweep: YAML checked and previewed as it is typed, created PENDING, with the commands that start its agents', { timeout: 60_000 }, async () => {
  const page = await app.open('/admin/tuning');
  await page.click('a:has-text("New sweep")');
  await page.waitForSelector('[data-testid=preview-runs]');
  assert.equal(await page.$$eval('[data-testid=preview-runs] tbody tr', (rows) => rows.length), 10);
  assert.equal(await page.textContent('[data-testid=planned]'), '20');

  await page.fill('textarea[aria-label="sweep config"]', 'method: grid\nparameters:\n  x:\n    min: 2\n    max: 1\n');
  await page.waitForSelector('[data-testid=violations] li.error');
  assert.match((await page.textContent('[data-testid=violations] li.error'))!, /^line \d+: parameters\.x/);
  assert.equal(await page.isDisabled('button:has-text("Create sweep")'), true);
  assert.equal(await page.$('[data-testid=preview-runs]'), null);
  await page.screenshot({ path: join(OUT, 'sweep-new-invalid.png'), fullPage: true });

  await page.fill('textarea[aria-label="sweep config"]', 'method: grid\nmetric: {name: val_loss, goal: minimize}\nparameters:\n  lr: {values: [0.1, 0.01, 0.001]}\n  batch: {values: [32, 64]}\n');
  await page.waitForSelector('[data-testid=violations] li', { state: 'detached' });
  assert.equal(await page.textContent('[data-testid=planned]'), '6');
  assert.deepEqual(await page.$$eval('[data-testid=preview-runs] thead th', (ths) => ths.map((th) => th.textContent)), ['#', 'batch', 'lr']);
  assert.equal(await page.$$eval('[data-testid=preview-runs] tbody tr', (rows) => rows.length), 6, 'a grid of 6 previews 6 runs');
  await page.fill('input[aria-label="sweep name"]', 'grid from the UI');
  await page.screenshot({ path: join(OUT, 'sweep-new.png'), fullPage: true });
  await screenshotDark(page, 'sweep-new-dark');

  await page.click('button:has-text("Create sweep")');
  await page.waitForSelector('[data-testid=created]');
  const id = (await page.textContent('h1'))!.match(/^Sweep (\w+) created$/)![1];
  const commands = await page.$$eval('[data-testid=created] pre', (pres) => pres.map((p) => p.textContent));
  assert.deepEqual(commands, [`wandb agent admin/tuning/${id}`, `sextant launch --sweep admin/tuning/${id} --jobs 4`]);
  const stored = (await (await fetch(`${app.url}/api/v1/sweeps/admin/tuning/${id}`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).json()) as { state: string; name: string; method: string };
  assert.deepEqual([stored.state, stored.name, stored.method], ['PENDING', 'grid from the UI', 'grid']);
  await screenshotDark(page, 'sweep-created-dark');
  await page.click('a:has-text("Open the sweep")');
  await page.waitForFunction(() => document.querySelector('[data-testid=sweep-state]')?.textContent === 'pending');
  await page.close();
});
