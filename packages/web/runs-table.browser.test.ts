// The project page's runs table in Debian's chromium against a real `sextant server` seeded through
// the W&B protocol: the sweep's metric shown by default, Name pinned while scrolling right, nested
// config as columns, same-named config and summary columns told apart, media as media, a Runtime
// column, a readable column picker, numbers aligned right; the view in the URL; grouping and CSV
// export; the charts of the table's first runs. Screenshots go to packages/web/test-output/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { TEST_KEY } from '../server/testing/server-process.ts';
import { WandbClient } from './testing/wandb-client.ts';
import { dashboard, OUT, screenshotDark } from './testing/dashboard.ts';
const SWEEP = 'method: grid\nmetric: {name: zscore, goal: maximize}\nparameters:\n  lr: {values: [0.001, 0.01, 0.1]}\n';
/** Nine metrics sorted before the sweep's: without the sweep, zscore would not be among the first eight. */
const METRICS = Array.from({ length: 9 }, (_, i) => `a${i}`);

const app = dashboard(async (url) => {
  const client = new WandbClient(url, TEST_KEY);
  const image = { _type: 'image-file', path: 'media/images/sample.png', sha256: '0', size: 10, format: 'png', width: 28, height: 28 };
  for (const [i, group] of ['adam', 'adam', 'sgd', 'sgd'].entries()) {
    await client.logRun({
      project: 'table', id: `nested-${i}`, name: `nested-${i}`, config: { opt: { name: group, lr: 0.01 * (i + 1) }, acc: 'top1', note: 'x'.repeat(40) },
      history: Array.from({ length: 10 }, (_, s) => ({ acc: s / 10 + i / 100, loss: 1 / (s + 1 + i), ...(s === 9 ? { sample: image } : {}) })),
    });
  }
  await client.sweep('table', SWEEP, 3, (p) => ({ history: [Object.fromEntries([...METRICS.map((m, j) => [m, j]), ['zscore', Number(p.lr) * 10]])] }));
  for (let i = 0; i < 7; i++) {
    await client.logRun({
      project: 'workspace', id: `w-${i}`, name: `w-${i}`, config: { seed: i },
      history: Array.from({ length: 20 }, (_, s) => ({ 'train/loss': 1 / (s + 1 + i), 'train/acc': s / 20 + i / 100, 'val/loss': 2 / (s + 1 + i), lr: 0.1 * 0.9 ** s })),
    });
  }
});

async function open(path: string): Promise<Page> {
  const page = await app.open(path);
  await page.waitForSelector('.runs-row[data-run]');
  return page;
}

const headerIds = (page: Page): Promise<string[]> => page.$$eval('.runs-head [role=columnheader][title]', (els) => els.map((e) => e.getAttribute('title')!));
const cell = async (page: Page, run: string, column: string): Promise<{ text: string; align: string }> => {
  const index = (await headerIds(page)).indexOf(column);
  assert.ok(index >= 0, `no column ${column}`);
  return page.$eval(`.runs-row[data-run="${run}"]`, (row, i) => {
    const el = row.children[i + 1] as HTMLElement;
    return { text: el.textContent ?? '', align: getComputedStyle(el).textAlign };
  }, index);
};

test('runs table defaults: sweep metric, nested config, told-apart names, media, runtime, numbers right', { timeout: 60_000 }, async () => {
  const page = await open('/admin/table');
  await page.waitForFunction(() => document.querySelector('.runs-head [title="summary.zscore"]') !== null);
  const ids = await headerIds(page);
  assert.equal(ids[0], 'name');
  assert.ok(ids.includes('runtime') && ids.includes('config.opt.lr') && ids.includes('config.opt.name'), JSON.stringify(ids));
  assert.ok(!ids.includes('summary.acc'), 'eight summary columns by default, the sweep metric first');
  await page.click('button:has-text("Columns")');
  await page.check('[aria-label=columns] label[title="summary.acc"] input');
  await page.check('[aria-label=columns] label[title="summary.sample"] input');
  await page.click('[aria-label=columns] button:has-text("close")');
  const labels = await page.$$eval('.runs-head [role=columnheader][title]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('title'), e.textContent])));
  assert.equal(labels['config.acc'], 'config.acc');
  assert.equal(labels['summary.acc'], 'summary.acc');
  assert.equal(labels['config.opt.lr'], 'opt.lr');
  assert.deepEqual(await cell(page, 'nested-2', 'config.opt.lr'), { text: '0.03', align: 'right' });
  assert.equal((await cell(page, 'nested-1', 'summary.sample')).text, 'image 28×28');
  assert.match((await cell(page, 'nested-1', 'runtime')).text, /^\d+ s$/);
  assert.equal(await page.$eval('.runs-head [title="summary.zscore"]', (el) => getComputedStyle(el).textAlign), 'right');
  assert.equal(await page.$eval('.runs-head [title="config.opt.name"]', (el) => getComputedStyle(el).textAlign), 'left');
  await page.screenshot({ path: join(OUT, 'runs-table.png') });

  const nameLeft = (): Promise<number> => page.$eval('.runs-row[data-run="nested-0"] .pinned', (el) => el.getBoundingClientRect().left);
  const before = await nameLeft();
  await page.$eval('.runs-table', (el) => el.scrollTo({ left: el.scrollWidth }));
  await page.waitForFunction(() => document.querySelector('.runs-table')!.scrollLeft > 300);
  assert.equal(await nameLeft(), before, 'the name stays in place when the table scrolls right');
  assert.ok(await page.isVisible('.runs-row[data-run="nested-0"] .pinned a'));
  await page.screenshot({ path: join(OUT, 'runs-table-scrolled.png') });

  await page.click('button:has-text("Columns")');
  const boxes = await page.$$eval('[aria-label=columns] label', (els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom, height: r.height })));
  assert.ok(boxes.length > 20, `${boxes.length} entries`);
  for (let i = 1; i < boxes.length; i++) assert.ok(boxes[i].top >= boxes[i - 1].bottom - 0.5 && boxes[i].height >= 18, `entry ${i} overlaps the one above: ${JSON.stringify(boxes.slice(i - 1, i + 1))}`);
  await screenshotDark(page, 'runs-table-picker-dark', false);
  await page.close();
});

test('the view lives in the URL: a reload or a pasted link shows the same filter, sort, columns and chart settings', { timeout: 60_000 }, async () => {
  const page = await open('/admin/table');
  await page.fill('input[aria-label=filter]', 'opt.name = sgd');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-count]')?.textContent === '2 runs');
  await page.click('.runs-head [title="config.opt.lr"]');
  await page.click('.runs-head [title="config.opt.lr"]');
  await page.click('button:has-text("Columns")');
  await page.uncheck('[aria-label=columns] label[title="config.note"] input');
  await page.click('[aria-label=columns] button:has-text("close")');
  await page.waitForFunction(() => new URLSearchParams(location.search).has('columns'));
  const link = page.url();
  const query = new URL(link).searchParams;
  assert.equal(query.get('filter'), 'opt.name = sgd');
  assert.equal(query.get('sort'), '-config.opt.lr');

  // Another browser profile's view of the pasted link: nothing remembered locally.
  await page.evaluate(() => { for (const key of Object.keys(localStorage)) if (key.startsWith('sextant.columns.')) localStorage.removeItem(key); });
  await page.goto(link);
  await page.waitForFunction(() => document.querySelector('[data-testid=run-count]')?.textContent === '2 runs');
  assert.equal(await page.inputValue('input[aria-label=filter]'), 'opt.name = sgd');
  assert.equal(await page.getAttribute('.runs-head [title="config.opt.lr"]', 'aria-sort'), 'descending');
  assert.deepEqual(await page.$$eval('.runs-row[data-run]', (rows) => rows.map((r) => ({ id: r.getAttribute('data-run'), y: r.getBoundingClientRect().top })).sort((a, b) => a.y - b.y).map((r) => r.id)), ['nested-3', 'nested-2']);
  const ids = await headerIds(page);
  assert.ok(!ids.includes('config.note') && ids.includes('config.opt.lr'), JSON.stringify(ids));

  await page.goto(`${app.url}/admin/table/compare?runs=nested-0,nested-1`);
  await page.waitForSelector('[data-page=compare][data-ready=true]');
  await page.selectOption('select[aria-label="x axis"]', 'acc');
  await page.selectOption('select[aria-label="y scale"]', 'log');
  await page.waitForSelector('[data-page=compare][data-ready=true] [data-chart=loss][data-x=acc]');
  const compareLink = page.url();
  assert.deepEqual(Object.fromEntries(new URL(compareLink).searchParams), { runs: 'nested-0,nested-1', x: 'acc', y: 'log' });
  await page.reload();
  await page.waitForSelector('[data-page=compare][data-ready=true] [data-chart=loss][data-x=acc]');
  assert.equal(await page.$eval('select[aria-label="y scale"]', (s) => (s as HTMLSelectElement).value), 'log');
  assert.equal(await page.textContent('[data-chart=loss] figcaption .badge'), 'log');
  assert.equal(await page.$$eval('.chips a.chip', (chips) => chips.length), 2);
  await page.close();
});

test('grouping by a config key: groups together in the table, mean and min–max band per group when compared; the filtered table exports as CSV', { timeout: 60_000 }, async () => {
  const page = await open('/admin/table');
  await page.selectOption('select[aria-label="group by"]', 'config.opt.name');
  await page.waitForSelector('[data-testid=groups]');
  assert.deepEqual(await page.$$eval('[data-testid=groups] .chip', (chips) => chips.map((c) => c.textContent)), ['(none) 3', 'sgd 2', 'adam 2']);
  assert.equal(new URL(page.url()).searchParams.get('group'), 'config.opt.name');
  assert.equal((await headerIds(page))[1], 'config.opt.name', 'the group column next to the name');
  await page.screenshot({ path: join(OUT, 'runs-grouped.png') });

  await page.fill('input[aria-label=filter]', 'opt.name = sgd or opt.name = adam');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-count]')?.textContent === '4 runs');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Export CSV")')]);
  assert.equal(download.suggestedFilename(), 'table-runs.csv');
  const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
  const header = lines[0].split(',');
  assert.deepEqual(header.slice(0, 3), ['name', 'config.opt.name', 'state']);
  assert.equal(lines.length, 5, 'a header and the four filtered runs');
  const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
  assert.deepEqual(rows.map((r) => [r.name, r['config.opt.name'], r['config.opt.lr']]).sort(), [['nested-0', 'adam', '0.01'], ['nested-1', 'adam', '0.02'], ['nested-2', 'sgd', '0.03'], ['nested-3', 'sgd', '0.04']]);

  await page.check('input[aria-label="select all runs"]');
  await page.click('a:has-text("Compare 4 selected")');
  await page.waitForSelector('[data-page=compare][data-ready=true] [data-testid=groups]');
  assert.equal(await page.$eval('select[aria-label="group by"]', (s) => (s as HTMLSelectElement).value), 'config.opt.name');
  const legend = await page.$$eval('[data-chart=acc] .legend-item', (items) => items.map((i) => i.textContent));
  assert.deepEqual(legend.sort(), ['adam (2) 0.905', 'sgd (2) 0.925'], 'each group reads the mean of its runs');
  await page.screenshot({ path: join(OUT, 'compare-grouped.png'), fullPage: true });
  await screenshotDark(page, 'compare-grouped-dark');
  await page.selectOption('select[aria-label="group by"]', '');
  await page.waitForFunction(() => document.querySelectorAll('[data-chart=acc] .legend-item').length === 4);
  await page.close();
});

test('project charts: one panel per metric over the table\'s first runs in its colours, grouped by prefix, collapsible, searchable', { timeout: 60_000 }, async () => {
  const page = await open('/admin/workspace');
  await page.waitForSelector('[data-testid=workspace][data-ready=true] [data-chart="train/loss"] canvas');
  assert.deepEqual(await page.$$eval('.panel-group', (groups) => groups.map((g) => g.getAttribute('data-group'))), ['Charts', 'train', 'val']);
  assert.deepEqual(await page.$$eval('[data-group=train] [data-chart]', (charts) => charts.map((c) => c.getAttribute('data-chart'))), ['train/acc', 'train/loss']);
  await page.selectOption('select[aria-label="runs charted"]', '5');
  await page.waitForFunction(() => document.querySelectorAll('[data-chart="train/loss"] .legend-item').length === 5);
  assert.match((await page.textContent('[data-testid=workspace-note]'))!, /\(5 of 7 charted\)/);
  assert.equal(new URL(page.url()).searchParams.get('charted'), '5', 'the number charted is part of the view\'s URL');
  const tableColors = async (): Promise<Array<[string, string]>> => page.$$eval('.runs-row[data-run]', (rows) => rows
    .map((r) => ({ y: r.getBoundingClientRect().top, name: r.querySelector('.pinned a')!.textContent!, color: (r.querySelector('.pinned .swatch') as HTMLElement | null)?.style.background ?? '' }))
    .sort((a, b) => a.y - b.y).filter((r) => r.color).map((r) => [r.name, r.color] as [string, string]));
  const legendColors = async (): Promise<Array<[string, string]>> => page.$$eval('[data-chart="train/loss"] .legend-item', (items) => items
    .map((i) => [i.getAttribute('data-line')!, (i.querySelector('i') as HTMLElement).style.background] as [string, string]));
  assert.equal((await tableColors()).length, 5);
  assert.deepEqual((await legendColors()).sort(), (await tableColors()).sort(), 'the charted runs are the table\'s first five, in the same colours');

  await page.click('.runs-head [title="config.seed"]');
  await page.click('.runs-head [title="config.seed"]');
  await page.waitForFunction(() => document.querySelector('.runs-row[data-run="w-6"] .pinned .swatch') !== null && document.querySelectorAll('[data-chart="train/loss"] .legend-item[data-line="w-6"]').length === 1);
  assert.deepEqual((await tableColors()).map(([name]) => name), ['w-6', 'w-5', 'w-4', 'w-3', 'w-2']);
  assert.deepEqual((await legendColors()).sort(), (await tableColors()).sort(), 'sorting the table changes the charted runs');
  await page.screenshot({ path: join(OUT, 'workspace.png'), fullPage: true });

  await page.click('[data-group=train] .panel-group-head');
  await page.waitForSelector('[data-group=train] [data-chart]', { state: 'detached' });
  assert.equal(await page.getAttribute('[data-group=train] .panel-group-head', 'aria-expanded'), 'false');
  await page.fill('input[aria-label="search charts"]', 'VAL');
  await page.waitForFunction(() => document.querySelectorAll('.panel-group').length === 1);
  assert.deepEqual(await page.$$eval('[data-testid=workspace] [data-chart]', (charts) => charts.map((c) => c.getAttribute('data-chart'))), ['val/loss']);
  await page.fill('input[aria-label="search charts"]', '');
  await screenshotDark(page, 'workspace-dark');
  await page.close();
});
