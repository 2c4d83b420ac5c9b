// The dashboard in Debian's chromium against a real `sextant server` seeded through the W&B
// protocol (the @wandb/sdk client for one run, the wire protocol for the rest and for a sweep).
// Screenshots go to packages/web/test-output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startServerProcess, TEST_KEY, type ServerProcess } from '../server/testing/server-process.ts';
import { openSqliteStore } from '../server/store/sqlite.ts';
import { WandbClient } from './testing/wandb-client.ts';
import { openChromium } from './testing/chromium.ts';
import { checkedPages } from './testing/checked-pages.ts';

const OUT = join(import.meta.dirname, 'test-output');
const SWEEP = 'method: random\nmetric: {name: loss, goal: minimize}\nparameters:\n  lr: {min: 0.0001, max: 0.1}\n  dropout: {min: 0.0, max: 0.5}\n';
const LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3];

let server: ServerProcess;
let browser: { context: BrowserContext; close: () => Promise<void> };
let client: WandbClient;
let sweepId: string;

before(async () => {
  assert.ok(existsSync(join(import.meta.dirname, 'dist', 'index.html')), 'the dashboard is built (scripts/install.sh builds it)');
  mkdirSync(OUT, { recursive: true });
  server = await startServerProcess();
  client = new WandbClient(server.url, TEST_KEY);
  const sdk = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import wandb from '@wandb/sdk';
    const run = await wandb.init({ project: 'mnist', name: 'sdk-run', config: { lr: 0.05, batch: 64 } });
    for (let i = 0; i < 5; i++) wandb.log({ loss: 1 / (i + 1), acc: i / 10 });
    await wandb.finish();
    console.log('run=' + run.id);`], { cwd: import.meta.dirname, encoding: 'utf8', timeout: 45_000, env: { ...process.env, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY } });
  assert.equal(sdk.status, 0, sdk.stderr);
  for (const [i, lr] of LRS.entries()) {
    await client.logRun({
      project: 'mnist', id: `run-${i}`, name: `lr-${lr}`, config: { lr, batch: 32 }, state: i === 5 ? 'failed' : 'finished',
      history: Array.from({ length: 100 }, (_, s) => ({ loss: lr * 10 / (s + 1), acc: Math.min(1, s / 100 + lr) })),
      console: [`epoch 0 lr=${lr}`, 'training done'], files: { 'notes.txt': `notes of run ${i}` },
    });
  }
  // loss is driven by lr alone: importance must put lr first.
  sweepId = await client.sweep('mnist', SWEEP, 12, (p) => ({ history: [{ loss: Number(p.lr) * 20 + 0.01 * Number(p.dropout) }] }));
  browser = await openChromium();
});

const newPage = checkedPages();

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** How many times the project's live version changed while `during` ran. */
async function projectChanges(project: string, during: () => Promise<void>): Promise<number> {
  const abort = new AbortController();
  const response = await fetch(`${server.url}/api/v1/live/admin/${project}`, { headers: { authorization: `Bearer ${TEST_KEY}` }, signal: abort.signal });
  const events: string[] = [];
  const reading = (async () => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      events.push(...decoder.decode(read.value, { stream: true }).split('\n').filter((l) => l.startsWith('data: ')));
    }
  })().catch(() => undefined);
  while (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  await during();
  abort.abort();
  await reading;
  return events.length - 1;
}

async function signedIn(): Promise<Page> {
  const page = await newPage(browser.context);
  await page.goto(`${server.url}/admin/mnist`);
  // Every test signs in anew: the browser profile is shared and keeps the key otherwise.
  await page.evaluate(() => localStorage.removeItem('sextant.apiKey'));
  await page.reload();
  await page.fill('#api-key', 'wrong-key');
  await page.click('button[type=submit]');
  assert.match((await (await page.waitForSelector('[role=alert]')).textContent())!, /invalid or missing API key/);
  await page.fill('#api-key', TEST_KEY);
  await page.click('button[type=submit]');
  return page;
}

/** The run ids in the table, top to bottom. */
const rowOrder = (page: Page): Promise<string[]> =>
  page.$$eval('.runs-row[data-run]', (rows) => rows.map((r) => ({ id: r.getAttribute('data-run')!, y: r.getBoundingClientRect().top })).sort((a, b) => a.y - b.y).map((r) => r.id));

test('sign in, open a project, sort and filter the runs table; bad expressions say what is wrong', { timeout: 60_000 }, async () => {
  const page = await signedIn();
  await page.waitForSelector('[data-testid=run-count]');
  assert.equal(await page.textContent('[data-testid=run-count]'), '19 runs');
  await page.click('button[role=columnheader]:has-text("lr")');
  await page.waitForFunction(() => document.querySelector('button[aria-sort=ascending]')?.textContent?.startsWith('lr'));
  const ascending = await rowOrder(page);
  await page.click('button[role=columnheader]:has-text("lr")');
  await page.waitForFunction(() => document.querySelector('button[aria-sort=descending]')?.textContent?.startsWith('lr'));
  const descending = await rowOrder(page);
  assert.deepEqual(descending.filter((id) => id.startsWith('run-')), ['run-5', 'run-4', 'run-3', 'run-2', 'run-1', 'run-0']);
  assert.deepEqual(ascending.filter((id) => id.startsWith('run-')), ['run-0', 'run-1', 'run-2', 'run-3', 'run-4', 'run-5']);
  await page.screenshot({ path: join(OUT, 'project-sorted.png') });

  await page.fill('input[aria-label=filter]', 'lr > 0.005 and state = finished and batch = 32');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-count]')?.textContent === '3 runs');
  assert.deepEqual((await rowOrder(page)).sort(), ['run-2', 'run-3', 'run-4']);
  await page.fill('input[aria-label=filter]', 'state = failed or name = sdk-run');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-count]')?.textContent === '2 runs');
  await page.click('button:has-text("Columns")');
  await page.uncheck('[aria-label=columns] label[title="config.batch"] input');
  await page.click('[aria-label=columns] button:has-text("close")');
  const headers = await page.$$eval('.runs-head button[role=columnheader]', (els) => els.map((e) => e.getAttribute('title')));
  assert.ok(!headers.includes('config.batch') && headers.includes('config.lr'), JSON.stringify(headers));
  await page.fill('input[aria-label=filter]', 'lr >');
  assert.equal(await page.textContent('[role=alert]'), 'expected a value after > at the end');
  await page.screenshot({ path: join(OUT, 'project-filter-error.png') });
  await page.close();
});

test('a run: the logged values in its chart, console, a file to download', { timeout: 60_000 }, async () => {
  const page = await signedIn();
  await page.click('a:has-text("sdk-run")');
  const plot = page.locator('[data-chart=loss] .u-over');
  const box = (await plot.boundingBox())!;
  const legend = (): Promise<string | null> => page.textContent('[data-chart=loss] .legend');
  await plot.hover({ position: { x: 1, y: box.height / 2 } });
  await page.waitForFunction(() => document.querySelector('[data-chart=loss] .legend')?.textContent?.includes('_step 0'));
  assert.match((await legend())!, /_step 0loss 1$/);
  await plot.hover({ position: { x: box.width - 1, y: box.height / 2 } });
  await page.waitForFunction(() => document.querySelector('[data-chart=loss] .legend')?.textContent?.includes('_step 4'));
  assert.match((await legend())!, /_step 4loss 0\.2$/);
  assert.match((await page.textContent('[data-chart=acc] .legend'))!, /acc 0\.4/);
  await page.selectOption('select[aria-label="x axis"]', 'acc');
  // The chart is rebuilt for the new x axis after the select's render: a hover that came before the
  // new plot existed moved nothing on it, so the pointer moves (between two neighbouring spots) until the legend follows.
  await page.waitForSelector('[data-chart=loss][data-x=acc] .u-over');
  for (let attempt = 0; ; attempt++) {
    await plot.hover({ position: { x: box.width - 1 - (attempt % 2), y: box.height / 2 } });
    if (await page.waitForFunction(() => document.querySelector('[data-chart=loss] .legend')?.textContent === 'acc 0.4loss 0.2', undefined, { timeout: 2000 }).then(() => true, () => attempt >= 10)) break;
  }
  assert.equal(await legend(), 'acc 0.4loss 0.2');
  assert.equal(await page.$('[data-chart=acc]'), null, 'the x key has no chart of its own');
  await page.screenshot({ path: join(OUT, 'run-sdk.png'), fullPage: true });

  await page.goto(`${server.url}/admin/mnist/runs/run-2`);
  await page.waitForSelector('[data-testid=console]');
  assert.equal(await page.textContent('[data-testid=console]'), 'epoch 0 lr=0.01\ntraining done');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Download")')]);
  assert.equal(readFileSync((await download.path())!, 'utf8'), 'notes of run 2');
  await page.close();
});

test('compare two runs: one chart per metric with both runs in the legend', { timeout: 60_000 }, async () => {
  const page = await signedIn();
  await page.waitForSelector('.runs-row[data-run=run-1]');
  await page.check('[data-run=run-1] input[type=checkbox]');
  await page.check('[data-run=run-4] input[type=checkbox]');
  await page.click('a:has-text("Compare 2 selected")');
  await page.waitForSelector('[data-page=compare][data-ready=true]');
  assert.deepEqual(await page.$$eval('[data-chart]', (charts) => charts.map((c) => c.getAttribute('data-chart'))), ['acc', 'loss']);
  await page.locator('[data-chart=loss] .u-over').hover({ position: { x: 1, y: 5 } });
  await page.waitForFunction(() => document.querySelector('[data-chart=loss] .legend')?.textContent?.includes('_step 0'));
  const items = await page.$$eval('[data-chart=loss] .legend-item', (els) => els.map((e) => e.textContent));
  assert.deepEqual(items, ['lr-0.003 0.03', 'lr-0.1 1']);
  assert.match((await page.textContent('[data-chart=acc] .legend'))!, /^_step 0lr-0\.003 0\.003lr-0\.1 0\.1$/, 'the other chart follows the hovered x');
  await page.screenshot({ path: join(OUT, 'compare.png'), fullPage: true });
  await page.close();
});

test('a sweep: parallel coordinates that filter its runs table, importance with the driving parameter first, pause and resume from the UI', { timeout: 60_000 }, async () => {
  const page = await signedIn();
  await page.click(`a.chip:has-text("${sweepId}")`);
  await page.waitForSelector('[data-echart=parallel] canvas');
  await page.waitForSelector('[data-testid=importance]');
  const importance = await page.$$eval('[data-testid=importance] tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(importance.map((r) => r[0]), ['lr', 'dropout']);
  assert.ok(Number(importance[0][1]) > 0.8, JSON.stringify(importance));
  assert.equal(importance[0][2], '1.00');
  assert.match((await page.textContent('[data-testid=sweep-config]'))!, /lr: \{min: 0.0001, max: 0.1\}/);
  assert.match((await page.textContent('[data-testid=agents]'))!, /seed-host/);
  await page.screenshot({ path: join(OUT, 'sweep.png'), fullPage: true });

  // Brush the upper half of the lr axis: the table keeps the runs in the brushed lr range, and keeps
  // them through the next refresh. Axes are spread evenly between the chart's paddings (60, 90).
  const get = async <T,>(path: string): Promise<T> => (await (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).json()) as T;
  const { runs } = await get<{ runs: Array<{ id: string; config: { lr: number } }> }>(`/api/v1/runs/admin/mnist?filter=${encodeURIComponent(JSON.stringify({ sweep: sweepId }))}`);
  const { parameters } = await get<{ parameters: Array<{ name: string }> }>(`/api/v1/sweeps/admin/mnist/${sweepId}`);
  assert.equal(runs.length, 12);
  const box = (await page.locator('[data-echart=parallel]').boundingBox())!;
  const axisX = box.x + 60 + parameters.findIndex((p) => p.name === 'lr') * (box.width - 150) / parameters.length;
  await page.mouse.move(axisX, box.y + 45);
  await page.mouse.down();
  await page.mouse.move(axisX, box.y + 160, { steps: 8 });
  await page.mouse.up();
  await page.waitForSelector('[data-testid=brushed]');
  const shownIds = async () => (await page.$$eval('.runs-row[data-run]', (rows) => rows.map((r) => r.getAttribute('data-run')!))).sort();
  const brushed = await shownIds();
  assert.ok(brushed.length > 0 && brushed.length < 12, `brushed ${brushed.length} of 12`);
  // The brush keeps one lr range: exactly the runs whose lr lies within it (the sweep draws its own
  // values each time, so the range's ends vary).
  const lrOf = new Map(runs.map((r) => [r.id, r.config.lr]));
  const kept = brushed.map((id) => lrOf.get(id)!);
  const inRange = runs.filter((r) => r.config.lr >= Math.min(...kept) && r.config.lr <= Math.max(...kept)).map((r) => r.id).sort();
  assert.deepEqual(brushed, inRange);
  assert.match((await page.textContent('[data-testid=brushed]'))!, new RegExp(`^${brushed.length} of 12 runs`));
  const headers = await page.$$eval('.runs-head [role=columnheader]', (cells) => cells.map((c) => c.textContent));
  assert.ok(['lr', 'dropout', 'loss'].every((h) => headers.some((text) => text?.startsWith(h))), JSON.stringify(headers));
  await page.screenshot({ path: join(OUT, 'sweep-brushed.png'), fullPage: true });
  const reloaded = page.waitForResponse((response) => response.url().endsWith(`/api/v1/sweeps/admin/mnist/${sweepId}`));
  await client.logRun({ project: 'mnist', id: 'during-brush', config: {}, history: [{ loss: 1 }] });
  await reloaded;
  await page.waitForTimeout(300);
  assert.deepEqual(await shownIds(), brushed, 'the brush survives a refresh');
  await page.mouse.click(axisX, box.y + 300);
  await page.waitForSelector('[data-testid=brushed]', { state: 'detached' });

  await page.click('button:has-text("Pause")');
  await page.waitForFunction(() => document.querySelector('[data-testid=sweep-state]')?.textContent === 'paused');
  const stored = await fetch(`${server.url}/api/v1/sweeps/admin/mnist/${sweepId}`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
  assert.equal(((await stored.json()) as { state: string }).state, 'PAUSED');
  await page.click('button:has-text("Resume")');
  await page.waitForFunction(() => document.querySelector('[data-testid=sweep-state]')?.textContent === 'running');
  await page.close();
});

test('live: a new run appears in the open project and new history in the open run, without a reload; a server error at sign-in offers a retry; dark theme; empty project', { timeout: 60_000 }, async () => {
  const page = await signedIn();
  const runLoads: string[] = [];
  page.on('request', (request) => { if (request.url().includes('/api/v1/runs/admin/mnist?')) runLoads.push(request.url()); });
  await page.waitForSelector('[data-testid=run-count]');
  await page.waitForTimeout(500);
  // The project may still change by itself (the seeded sweep's agent ends once it is silent long
  // enough): the page must load once per change at most, where polling would load every 2 s.
  const changes = await projectChanges('mnist', async () => {
    runLoads.length = 0;
    await page.waitForTimeout(4500);
  });
  assert.ok(runLoads.length <= changes, `${runLoads.length} loads for ${changes} changes: the page waits for the live stream instead of polling`);
  await client.logRun({ project: 'mnist', id: 'late-run', config: { lr: 0.2 }, history: [{ loss: 0.5 }] });
  await page.waitForSelector('.runs-row[data-run=late-run]', { timeout: 10_000 });

  const growing = (steps: number) => client.logRun({ project: 'mnist', id: 'growing-run', config: {}, state: 'running', history: Array.from({ length: steps }, (_, s) => ({ loss: 100 + s })) });
  await growing(3);
  await page.goto(`${server.url}/admin/mnist/runs/growing-run`);
  await page.waitForFunction(() => document.querySelector('[data-chart=loss] .legend')?.textContent === 'loss 102');
  await growing(6);
  await page.waitForFunction(() => document.querySelector('[data-chart=loss] .legend')?.textContent === 'loss 105', undefined, { timeout: 10_000 });
  assert.equal(await page.textContent('.badge'), 'running');
  await page.click('button[aria-label="switch theme"]');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await page.screenshot({ path: join(OUT, 'project-dark.png') });
  await page.route('**/api/v1/viewer', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"errors": [{"message": "server busy"}]}' }));
  await page.reload();
  await page.waitForSelector('text=Cannot check your key: server busy');
  await page.unroute('**/api/v1/viewer');
  await page.click('button:has-text("Retry")');
  await page.waitForSelector('[data-chart=loss]');
  await page.goto(`${server.url}/admin/empty-project`);
  await page.waitForSelector('.empty pre');
  assert.match((await page.textContent('.empty pre'))!, new RegExp(`wandb login --host ${server.url.replace(/[.]/g, '\\.')}`));
  await page.screenshot({ path: join(OUT, 'empty-project-dark.png') });
  await page.close();
});

test('10,000 runs: the table keeps only the rows in view in the page and scrolls to the last', { timeout: 90_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sextant-web-big-'));
  const store = openSqliteStore(join(dataDir, 'sextant.db'));
  for (let i = 0; i < 10_000; i++) {
    await store.upsertRun({ entity: 'admin', project: 'big', name: `r${String(i).padStart(5, '0')}` }, { config: { lr: { value: i / 10_000, desc: null } }, summary: { loss: 1 - i / 10_000 }, state: 'finished' });
  }
  await store.close();
  const big = await startServerProcess(dataDir);
  const page = await browser.context.newPage();
  try {
    await page.goto(`${big.url}/admin/big`);
    await page.fill('#api-key', TEST_KEY);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=run-count]', { timeout: 30_000 });
    assert.equal(await page.textContent('[data-testid=run-count]'), '10000 runs');
    assert.ok((await page.$$('.runs-row[data-run]')).length < 80);
    await page.click('button[role=columnheader]:has-text("lr")');
    await page.$eval('.runs-table', (el) => el.scrollTo(0, el.scrollHeight));
    await page.waitForSelector('.runs-row[data-run=r09999]');
    assert.ok((await page.$$('.runs-row[data-run]')).length < 80);
    await page.screenshot({ path: join(OUT, 'project-10000-runs.png') });
  } finally {
    await page.close();
    await big.stop();
  }
});
