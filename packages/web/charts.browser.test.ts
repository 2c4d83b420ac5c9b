// Charts that tell the truth, in Debian's chromium against a real `sextant server` seeded through
// the W&B protocol: tick labels written for the axis's range, log scale where values span decades,
// a metric logged once as a value (one run) or bars (runs compared), the compare view's x axis and
// its config/summary diff.
// Screenshots (light and dark) go to packages/web/test-output/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { TEST_KEY } from '../server/testing/server-process.ts';
import { WandbClient } from './testing/wandb-client.ts';
import { dashboard, OUT, screenshotDark } from './testing/dashboard.ts';

const app = dashboard(async (url) => {
  const client = new WandbClient(url, TEST_KEY);
  await client.logRun({
    project: 'axes', id: 'schedule', config: { lr: 1e-4 },
    history: Array.from({ length: 50 }, (_, s) => ({ lr: 1e-4 + s * 4e-6, frac: 0.002 + s * 2e-5, tokens: s * 3000, loss: 10 * 0.8 ** s })),
  });
  for (const [i, id] of ['scored-a', 'scored-b'].entries()) {
    await client.logRun({ project: 'axes', id, config: { lr: 0.1 }, history: [...Array.from({ length: 20 }, (_, s) => ({ loss: 1 / (s + 1 + i) })), { test_acc: 0.9 + i / 20 }] });
  }
  for (const [i, id] of ['cmp-a', 'cmp-b'].entries()) {
    await client.logRun({
      project: 'axes', id, config: { lr: [0.1, 0.01][i], batch: 32, opt: { name: 'adam', beta: [0.9, 0.99][i] } },
      history: Array.from({ length: 30 }, (_, s) => ({ loss: 1 / (s + 1 + i), acc: s / 30 })),
    });
  }
});
const open = app.open;

/** The y tick labels a chart drew, once it has drawn. */
async function yTicks(page: Page, chart: string): Promise<string[]> {
  const figure = await page.waitForSelector(`[data-chart="${chart}"][data-y-ticks]`);
  return (await figure.getAttribute('data-y-ticks'))!.split(' ');
}

test('tick labels follow the axis range: tiny, fractional and large values; log scale where values span decades', { timeout: 60_000 }, async () => {
  const page = await open('/admin/axes/runs/schedule');
  const lr = await yTicks(page, 'lr');
  assert.ok(lr.length >= 3 && lr.every((t) => /^\d(\.\d)?e-4$/.test(t)), `lr ticks ${lr.join(' ')}`);
  const frac = await yTicks(page, 'frac');
  assert.ok(frac.some((t) => Number(t) === 0.0025) && frac.every((t) => /^0\.00[23]\d+$/.test(t)), `frac ticks ${frac.join(' ')}`);
  const tokens = await yTicks(page, 'tokens');
  assert.ok(tokens.includes('100k') && tokens.every((t) => /^\d+k?$/.test(t)), `tokens ticks ${tokens.join(' ')}`);
  for (const ticks of [lr, frac, tokens]) assert.equal(new Set(ticks).size, ticks.length, `two ticks read the same: ${ticks.join(' ')}`);

  assert.equal(await page.textContent('[data-chart=loss] figcaption .badge'), 'log', 'loss spans five decades');
  assert.equal(await page.$('[data-chart=tokens] figcaption .badge'), null, 'tokens start at 0: no log scale');
  const loss = await yTicks(page, 'loss');
  assert.ok(loss.length >= 3 && loss.every((t) => Number.isInteger(Math.log10(Number(t)))), `loss ticks at powers of ten: ${loss.join(' ')}`);
  await page.screenshot({ path: join(OUT, 'charts-axes.png'), fullPage: true });
  await page.selectOption('select[aria-label="y scale"]', 'linear');
  await page.waitForSelector('[data-chart=loss] figcaption .badge', { state: 'detached' });
  await screenshotDark(page, 'charts-axes-dark');
  await page.close();
});

test('a metric logged once reads as its value, and as bars when runs are compared; no system section without samples', { timeout: 60_000 }, async () => {
  const page = await open('/admin/axes/runs/scored-a');
  await page.waitForSelector('[data-chart=loss] canvas');
  assert.match((await page.textContent('[data-chart=test_acc][data-single-value]'))!, /^test_acc0\.9 logged once, at _step 20$/);
  assert.equal(await page.$('h2:has-text("System")'), null);
  await page.screenshot({ path: join(OUT, 'charts-single-value.png'), fullPage: true });
  await page.goto(`${app.url}/admin/axes/compare?runs=scored-a,scored-b`);
  await page.waitForSelector('[data-page=compare][data-ready=true]');
  const bars = await page.$$eval('[data-chart=test_acc] .value-bar', (els) => els.map((e) => e.textContent));
  assert.deepEqual(bars, ['scored-a0.9', 'scored-b0.95']);
  await screenshotDark(page, 'charts-single-value-compare-dark');
  await page.close();
});

test('compare: the x axis switches cleanly (the select keeps the choice, the charts keep their old x until the new data is in); a config diff with differences marked', { timeout: 60_000 }, async () => {
  const page = await open('/admin/axes/compare?runs=cmp-a,cmp-b');
  await page.waitForSelector('[data-page=compare][data-ready=true]');
  const differs = async (key: string): Promise<boolean> => (await page.getAttribute(`[data-testid=run-diff] tr[data-key="${key}"]`, 'class')) === 'differs';
  assert.deepEqual(await page.$$eval('[data-testid=run-diff] tr[data-key="config.opt.beta"] td', (tds) => tds.map((td) => td.textContent)), ['0.9', '0.99'], 'nested config flattened');
  assert.deepEqual([await differs('config.lr'), await differs('config.opt.beta'), await differs('config.batch'), await differs('config.opt.name')], [true, true, false, false]);
  await page.screenshot({ path: join(OUT, 'compare-diff.png'), fullPage: true });
  await page.check('text=only differences');
  await page.waitForSelector('[data-testid=run-diff] tr[data-key="config.batch"]', { state: 'detached' });

  let release!: () => void;
  const held = new Promise<void>((resolve) => { release = resolve; });
  await page.route('**/api/v1/histories/**', async (route) => {
    if (route.request().url().includes('x=acc')) await held;
    await route.continue();
  });
  await page.selectOption('select[aria-label="x axis"]', 'acc');
  await page.waitForSelector('.charts[aria-busy=true]');
  assert.equal(await page.$eval('select[aria-label="x axis"]', (s) => (s as HTMLSelectElement).value), 'acc');
  assert.equal(await page.getAttribute('[data-chart=loss]', 'data-x'), '_step', 'old data keeps its own x label while the new one loads');
  release();
  await page.waitForSelector('[data-page=compare][data-ready=true] [data-chart=loss][data-x=acc]');
  assert.equal(await page.$eval('select[aria-label="x axis"]', (s) => (s as HTMLSelectElement).value), 'acc', 'the chosen metric stays chosen');
  assert.equal(await page.$('[data-chart=acc]'), null, 'the x key has no chart of its own');
  await screenshotDark(page, 'compare-diff-dark');
  await page.close();
});
