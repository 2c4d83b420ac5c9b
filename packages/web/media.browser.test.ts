// Media and artifacts in Debian's chromium against a real `sextant server`, seeded as the wandb
// client logs them (docs/protocol/artifacts.md#media): wandb.Image over 20 steps as run files,
// a wandb.Histogram per step, a wandb.Table with image cells as a run_table artifact, and a model
// artifact logged by one run and used by another. Screenshots go to packages/web/test-output/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { authHeader, TEST_KEY } from '../server/testing/server-process.ts';
import { artifactLogger } from './testing/artifacts.ts';
import { WandbClient } from './testing/wandb-client.ts';
import { dashboard, OUT } from './testing/dashboard.ts';
import { png } from './testing/png.ts';
const STEPS = 20;
const TABLE_ROWS = 60;
const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** The table's rows as logged: [id, image cell, label, score]. */
let tableRows: Array<[number, Record<string, unknown>, string, number]>;

const app = dashboard(async (url) => {
  const client = new WandbClient(url, TEST_KEY);
  const logged = artifactLogger(url);
  await client.graphql('mutation { upsertBucket(input: {name: "trainer", modelName: "vision"}) { bucket { id } } }', {});

  // wandb.Table with an image column: the client logs a run_table artifact holding the table and its images.
  const cellImages = [[220, 40, 40], [40, 160, 60], [40, 80, 220]].map(([r, g, b]) => png(8, 8, () => [r, g, b]));
  const cellPaths = cellImages.map((bytes) => `media/images/${sha256(bytes).slice(0, 20)}.png`);
  tableRows = Array.from({ length: TABLE_ROWS }, (_, i) => [
    i, { _type: 'image-file', path: cellPaths[i % 3], sha256: sha256(cellImages[i % 3]), size: cellImages[i % 3].length, format: 'png', width: 8, height: 8 },
    ['red', 'green', 'blue'][i % 3], ((i * 37) % TABLE_ROWS) / TABLE_ROWS,
  ]);
  const table = { _type: 'table', columns: ['id', 'image', 'label', 'score'], data: tableRows, ncols: 4, nrows: TABLE_ROWS };
  await logged({ 'predictions.table.json': JSON.stringify(table), ...Object.fromEntries(cellPaths.map((p, i) => [p, cellImages[i]])) },
    { name: 'run-trainer-predictions', type: 'run_table', project: 'vision', run: 'trainer', clientId: 'predictions-client' });
  const tableFile = JSON.stringify({ columns: table.columns, data: table.data });
  const tablePath = `media/table/predictions_${STEPS - 1}_${sha256(tableFile).slice(0, 20)}.table.json`;

  // wandb.Image per step: the PNG is a run file, the history row names it.
  const files: Record<string, string | Buffer> = { [tablePath]: tableFile };
  const history = Array.from({ length: STEPS }, (_, step) => {
    const bytes = png(8, 8, (x, y) => [step * 12, (x * 32) % 256, (y * 32) % 256]);
    const path = `media/images/sample_${step}_${sha256(bytes).slice(0, 20)}.png`;
    files[path] = bytes;
    const values = Array.from({ length: 10 }, (_, i) => Math.round(100 * Math.exp(-((i - step / 2) ** 2) / 4)));
    return {
      loss: 1 / (step + 1),
      sample: { _type: 'image-file', path, sha256: sha256(bytes), size: bytes.length, format: 'png', width: 8, height: 8, caption: `digit ${step}` },
      weights: { _type: 'histogram', values, bins: Array.from({ length: 11 }, (_, i) => i / 10) },
      ...(step === STEPS - 1 ? { predictions: { _type: 'table-file', path: tablePath, sha256: sha256(tableFile), size: tableFile.length, ncols: 4, nrows: TABLE_ROWS,
        artifact_path: 'wandb-client-artifact://predictions-client/predictions.table.json' } } : {}),
    };
  });
  await client.logRun({ project: 'vision', id: 'trainer', name: 'trainer', config: { lr: 0.01 }, history, files });

  // The trainer's model, twice; the evaluator uses the one aliased best.
  await logged({ 'model.pt': 'weights v0', 'config.yaml': 'lr: 0.01\n' }, { name: 'classifier', type: 'model', project: 'vision', run: 'trainer', aliases: ['best'] });
  await logged({ 'model.pt': 'weights v1', 'config.yaml': 'lr: 0.01\n' }, { name: 'classifier', type: 'model', project: 'vision', run: 'trainer' });
  await client.logRun({ project: 'vision', id: 'evaluator', name: 'holdout-eval', config: {}, history: [{ acc: 0.9 }] });
  const best = await (await fetch(`${url}/api/v1/artifacts/admin/vision/classifier/best`, { headers: { authorization: authHeader() } })).json() as { id: string };
  await client.graphql('mutation($id: ID!) { useArtifact(input: {entityName: "admin", projectName: "vision", runName: "evaluator", artifactID: $id}) { artifact { id } } }', { id: best.id });
});
const open = app.open;

const text = (page: Page, selector: string): Promise<string | null> => page.textContent(selector);
/** A cell's text in the table's rows as shown, by column index. */
const column = (page: Page, index: number): Promise<string[]> =>
  page.$$eval(`[data-media-table=predictions] tbody tr td:nth-child(${index + 1})`, (cells) => cells.map((c) => c.textContent ?? ''));

test('a run\'s images: the newest step first, the slider shows another step\'s image and caption; a histogram per step', { timeout: 60_000 }, async () => {
  const page = await open('/admin/vision/runs/trainer');
  const image = '[data-media=sample] img';
  await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLImageElement | null)?.naturalWidth === 8, image);
  assert.equal(await text(page, '[data-media=sample] [data-testid=caption]'), `digit ${STEPS - 1}`);
  assert.match((await page.getAttribute(image, 'title'))!, new RegExp(`^media/images/sample_${STEPS - 1}_`));
  const newest = await page.getAttribute(image, 'src');
  assert.match(newest!, /^blob:/);

  await page.focus('input[aria-label="sample step"]');
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelector('[data-media=sample] [data-testid=caption]')?.textContent === 'digit 0');
  await page.waitForFunction(([sel, before]) => {
    const img = document.querySelector(sel) as HTMLImageElement;
    return img.getAttribute('src') !== before && img.title.startsWith('media/images/sample_0_') && img.complete && img.naturalWidth === 8;
  }, [image, newest] as const);
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('[data-media=sample] [data-testid=caption]')?.textContent === 'digit 3');
  assert.equal(await text(page, '[data-media=sample] [data-testid=step]'), '3');
  assert.match((await page.getAttribute(image, 'title'))!, /^media\/images\/sample_3_/);

  assert.equal((await page.$$('[data-media=weights] svg rect')).length, 10);
  const tallest = async (): Promise<number> => page.$$eval('[data-media=weights] svg rect', (bars) => {
    const heights = bars.map((b) => Number(b.getAttribute('height')));
    return heights.indexOf(Math.max(...heights));
  });
  assert.equal(await tallest(), 9, 'at step 19 the histogram peaks in its last bin');
  await page.focus('input[aria-label="weights step"]');
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelector('[data-media=weights] [data-testid=step]')?.textContent === '0');
  assert.equal(await tallest(), 0, 'at step 0 in its first');
  await page.screenshot({ path: join(OUT, 'run-media.png'), fullPage: true });
  await page.click('button[aria-label="switch theme"]');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await page.screenshot({ path: join(OUT, 'run-media-dark.png'), fullPage: true });
  await page.click('button[aria-label="switch theme"]');
  await page.close();
});

test('a run\'s table: 50 rows a page with its images inline, sorted by a header, the next page', { timeout: 60_000 }, async () => {
  const page = await open('/admin/vision/runs/trainer');
  const table = '[data-media-table=predictions]';
  await page.waitForSelector(`${table} tbody tr`);
  assert.equal(await text(page, `${table} [data-testid=rows]`), `rows 1–50 of ${TABLE_ROWS}`);
  assert.equal((await page.$$(`${table} tbody tr`)).length, 50);
  assert.deepEqual(await page.$$eval(`${table} thead th`, (ths) => ths.map((th) => th.textContent)), ['id', 'image', 'label', 'score']);
  // The images come from the table's artifact through signed URLs: loaded, 8 pixels wide.
  await page.waitForFunction((sel) => {
    const images = [...document.querySelectorAll(`${sel} tbody img`)] as HTMLImageElement[];
    return images.length === 50 && images.every((img) => img.complete && img.naturalWidth === 8);
  }, table);
  assert.equal(await page.getAttribute(`${table} tbody tr:first-child img`, 'alt'), (tableRows[0][1] as { path: string }).path);

  const byScore = [...tableRows].sort((a, b) => a[3] - b[3]).map((r) => String(r[0]));
  await page.click(`${table} th button:has-text("score")`);
  await page.waitForSelector(`${table} th[aria-sort=ascending]`);
  assert.deepEqual((await column(page, 0)).slice(0, 5), byScore.slice(0, 5));
  await page.click(`${table} th button:has-text("score")`);
  await page.waitForSelector(`${table} th[aria-sort=descending]`);
  assert.deepEqual((await column(page, 0)).slice(0, 5), byScore.toReversed().slice(0, 5));
  assert.equal((await column(page, 3))[0], '0.98333', 'the highest score, 59/60');
  await page.screenshot({ path: join(OUT, 'run-table-sorted.png'), fullPage: true });
  await page.click(`${table} button:has-text("Next")`);
  await page.waitForFunction((sel) => document.querySelector(`${sel} [data-testid=rows]`)?.textContent === 'rows 51–60 of 60', table);
  assert.deepEqual(await column(page, 0), byScore.toReversed().slice(50));
  await page.close();
});

test('find the best model: project artifacts by type, the model\'s versions, the run that logged it and the run that used it', { timeout: 60_000 }, async () => {
  const page = await open('/admin/vision');
  await page.click('a:has-text("Artifacts")');
  await page.waitForSelector('[data-artifact-type=model]');
  assert.deepEqual(await page.$$eval('[data-artifact-type] h2', (hs) => hs.map((h) => h.textContent)), ['model', 'run_table']);
  assert.deepEqual(await page.$$eval('[data-artifact-type=model] tbody td', (tds) => tds.slice(0, 2).map((td) => td.textContent)), ['classifier', '2']);
  await page.screenshot({ path: join(OUT, 'artifacts.png') });

  await page.click('a:has-text("classifier")');
  await page.waitForSelector('[data-testid=version] h2');
  assert.equal(await text(page, '[data-testid=version] h2'), 'classifier:v1');
  assert.deepEqual(await page.$$eval('[data-testid=versions] tbody tr', (rows) => rows.map((r) => r.textContent?.slice(0, 2) + ' ' + [...r.querySelectorAll('.alias')].map((a) => a.textContent).join(','))),
    ['v1 latest', 'v0 best']);
  assert.equal(await text(page, '[data-testid=used-by]'), 'no run yet');
  await page.click('[data-testid=versions] a:has-text("v0")');
  await page.waitForFunction(() => document.querySelector('[data-testid=version] h2')?.textContent === 'classifier:v0');
  assert.equal(new URL(page.url()).pathname, '/admin/vision/artifacts/classifier/v0');
  assert.equal(await text(page, '[data-testid=logged-by]'), 'trainer');
  await page.waitForFunction(() => document.querySelector('[data-testid=used-by]')?.textContent === 'holdout-eval');
  assert.match((await text(page, '[data-testid=version]'))!, /a model/);
  assert.match((await text(page, '[data-testid=version] table.kv'))!, /acc0\.9/);
  assert.deepEqual(await page.$$eval('[data-testid=artifact-files] tbody td:first-child', (tds) => tds.map((td) => td.textContent)), ['config.yaml', 'model.pt']);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=artifact-files] tr:has-text("model.pt") a')]);
  assert.equal(readFileSync((await download.path())!, 'utf8'), 'weights v0');
  await page.screenshot({ path: join(OUT, 'artifact-model.png'), fullPage: true });

  await page.click('[data-testid=used-by] a:has-text("holdout-eval")');
  await page.waitForURL(/\/admin\/vision\/runs\/evaluator$/);
  await page.waitForSelector('[data-testid=run-artifacts] tr[data-artifact="classifier:v0"]');
  assert.match((await text(page, '[data-testid=run-artifacts] tr[data-artifact="classifier:v0"]'))!, /classifier:v0modelbest.*used$/);
  assert.equal(await page.$('[data-testid=media]'), null, 'a run without media has no media section');
  await page.goto(`${app.url}/admin/vision/runs/trainer`);
  await page.waitForSelector('[data-testid=run-artifacts]');
  assert.deepEqual(await page.$$eval('[data-testid=run-artifacts] tr[data-artifact]', (rows) => rows.map((r) => r.getAttribute('data-artifact'))).then((a) => a.sort()),
    ['classifier:v0', 'classifier:v1', 'run-trainer-predictions:v0']);
  await page.close();
});
