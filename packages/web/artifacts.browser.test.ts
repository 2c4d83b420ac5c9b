// The artifact page in Debian's chromium against a real `sextant server`, seeded as the wandb
// client logs and uses artifacts: a `.table.json` file opened as a table (its image cells drawn
// from the same version) and an image opened as an image, kept in the URL; the lineage graph from
// the dataset through the training run and the model to the evaluation and its report.
// Screenshots (light and dark) go to packages/web/test-output/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { authHeader, TEST_KEY } from '../server/testing/server-process.ts';
import { WandbClient } from './testing/wandb-client.ts';
import { artifactLogger } from './testing/artifacts.ts';
import { dashboard, OUT, screenshotDark } from './testing/dashboard.ts';
import { png } from './testing/png.ts';

const ROWS = 12;

const app = dashboard(async (url) => {
  const client = new WandbClient(url, TEST_KEY);
  const logged = artifactLogger(url);
  const use = async (run: string, artifact: string): Promise<void> => {
    const { id } = await (await fetch(`${url}/api/v1/artifacts/admin/lab/${artifact}`, { headers: { authorization: authHeader() } })).json() as { id: string };
    await client.graphql('mutation($id: ID!, $run: String) { useArtifact(input: {entityName: "admin", projectName: "lab", runName: $run, artifactID: $id}) { artifact { id } } }', { id, run });
  };
  const images = [[220, 40, 40], [40, 80, 220]].map(([r, g, b]) => png(8, 8, () => [r, g, b]));
  const table = {
    _type: 'table', columns: ['id', 'digit', 'label'],
    data: Array.from({ length: ROWS }, (_, i) => [i, { _type: 'image-file', path: `media/images/${i % 2}.png`, format: 'png', width: 8, height: 8 }, ['red', 'blue'][i % 2]]),
  };
  for (const [id, name] of [['prep', 'prepare-data'], ['train', 'train-resnet'], ['eval', 'holdout-eval']]) await client.logRun({ project: 'lab', id, name, config: {}, history: [{ x: 1 }] });
  await logged({ 'samples.table.json': JSON.stringify(table), 'media/images/0.png': images[0], 'media/images/1.png': images[1], 'cover.png': png(16, 8, (x) => [x * 16, 100, 200]), 'README.txt': 'digits' },
    { name: 'digits', type: 'dataset', project: 'lab', run: 'prep' });
  await use('train', 'digits/v0');
  await logged({ 'model.pt': 'weights' }, { name: 'classifier', type: 'model', project: 'lab', run: 'train' });
  await use('eval', 'classifier/v0');
  await logged({ 'report.txt': 'acc 0.9' }, { name: 'eval-report', type: 'report', project: 'lab', run: 'eval' });
});

const loadedImages = (page: Page, selector: string): Promise<number[]> =>
  page.$$eval(selector, (imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));

test('a .table.json file opens as a table with its images, an image as itself; the open file is in the URL', { timeout: 60_000 }, async () => {
  const page = await app.open('/admin/lab/artifacts/digits/v0');
  await page.waitForSelector('[data-testid=artifact-files]');
  assert.equal(await page.$('[data-testid=artifact-files] tr:has-text("README.txt") button'), null, 'a text file has nothing to open');
  await page.click('[data-testid=artifact-files] tr:has-text("samples.table.json") button:has-text("Open table")');
  const view = '[data-file-view="samples.table.json"]';
  await page.waitForSelector(`${view} [data-testid=rows]`);
  assert.equal(await page.textContent(`${view} [data-testid=rows]`), `rows 1–${ROWS} of ${ROWS}`);
  assert.deepEqual(await page.$$eval(`${view} thead th`, (ths) => ths.map((th) => th.textContent)), ['id', 'digit', 'label']);
  await page.waitForFunction((sel) => [...document.querySelectorAll(`${sel} img.cell-image`)].every((img) => (img as HTMLImageElement).naturalWidth > 0), view);
  assert.deepEqual(await loadedImages(page, `${view} img.cell-image`), Array(ROWS).fill(8));
  await page.click(`${view} th button:has-text("label")`);
  await page.waitForSelector(`${view} th[aria-sort=ascending]`);
  assert.equal(await page.textContent(`${view} tbody tr:first-child td:last-child`), 'blue');
  assert.equal(new URL(page.url()).searchParams.get('file'), 'samples.table.json');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(OUT, 'artifact-table-file.png'), fullPage: true });
  await screenshotDark(page, 'artifact-table-file-dark');

  await page.click('[data-testid=artifact-files] tr:has-text("cover.png") button:has-text("View")');
  await page.waitForFunction(() => ((document.querySelector('[data-file-view="cover.png"] img') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
  assert.deepEqual(await loadedImages(page, '[data-file-view="cover.png"] img'), [16]);
  assert.equal(await page.$(view), null, 'one file open at a time');

  await page.reload();
  await page.waitForFunction(() => ((document.querySelector('[data-file-view="cover.png"] img') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
  await page.click('[data-file-view="cover.png"] button:has-text("Close")');
  await page.waitForSelector('[data-file-view]', { state: 'detached' });
  assert.equal(new URL(page.url()).search, '');
  await page.close();
});

test('the lineage graph: dataset → training run → model → evaluation run → report, each a link', { timeout: 60_000 }, async () => {
  const page = await app.open('/admin/lab/artifacts/classifier/v0');
  await page.waitForSelector('[data-testid=lineage-graph] [data-node="artifact:admin/lab/eval-report:v0"]');
  const nodes = await page.$$eval('[data-testid=lineage-graph] [data-node]', (gs) => gs.map((g) => `${g.querySelector('.lineage-label')!.childNodes[0].textContent} (${g.querySelector('.lineage-kind')!.textContent})`));
  assert.deepEqual(nodes, ['digits:v0 (dataset)', 'train-resnet (run)', 'classifier:v0 (model)', 'holdout-eval (run)', 'eval-report:v0 (report)']);
  const edges = await page.$$eval('[data-testid=lineage-graph] [data-edge]', (ps) => ps.map((p) => p.getAttribute('data-edge')));
  assert.deepEqual(edges, [
    'artifact:admin/lab/digits:v0 run:admin/lab/train', 'run:admin/lab/train artifact:admin/lab/classifier:v0',
    'artifact:admin/lab/classifier:v0 run:admin/lab/eval', 'run:admin/lab/eval artifact:admin/lab/eval-report:v0',
  ]);
  assert.equal(await page.$('[data-testid=lineage-graph] a [data-node="artifact:admin/lab/classifier:v0"]'), null, 'the version shown is not a link to itself');
  await page.screenshot({ path: join(OUT, 'artifact-lineage.png'), fullPage: true });
  await screenshotDark(page, 'artifact-lineage-dark');
  await page.click('[data-testid=lineage-graph] [data-node="artifact:admin/lab/digits:v0"]');
  await page.waitForURL(/\/admin\/lab\/artifacts\/digits\/v0$/);
  await page.waitForSelector('[data-testid=lineage-graph] [data-node="run:admin/lab/prep"]');
  await page.click('[data-testid=lineage-graph] [data-node="run:admin/lab/train"]');
  await page.waitForURL(/\/admin\/lab\/runs\/train$/);
  await page.close();
});
