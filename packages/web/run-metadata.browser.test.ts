// A run's metadata in Debian's chromium against a real `sextant server`: notes, group, job type,
// tags, runtime, command and host on the run page, and the same fields as runs-table columns.
// Screenshots (light and dark) go to packages/web/test-output/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TEST_KEY } from '../server/testing/server-process.ts';
import { WandbClient } from './testing/wandb-client.ts';
import { dashboard, OUT, screenshotDark } from './testing/dashboard.ts';

const app = dashboard(async (url) => {
  const client = new WandbClient(url, TEST_KEY);
  await client.logRun({ project: 'meta', id: 'm1', name: 'resnet-baseline', config: { lr: 0.1 }, history: Array.from({ length: 10 }, (_, s) => ({ loss: 1 / (s + 1) })) });
  await client.graphql(`mutation { upsertBucket(input: {name: "m1", modelName: "meta", groupName: "resnet", jobType: "train", notes: "baseline with the default augmentations",
    tags: ["baseline", "v2"], host: "gpu-node-3", jobProgram: "train.py"}) { bucket { id } } }`, {});
});

test('the run page shows notes, group, job type, tags, runtime, command and host; the table has them as columns', { timeout: 60_000 }, async () => {
  const page = await app.open('/admin/meta/runs/m1');
  await page.waitForSelector('[data-testid=run-facts]');
  assert.equal(await page.textContent('[data-testid=run-notes]'), 'baseline with the default augmentations');
  const facts = Object.fromEntries(await page.$$eval('[data-testid=run-facts] > div', (ds) => ds.map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent])));
  assert.deepEqual([facts.Group, facts['Job type'], facts.Tags, facts.Host, facts.Command], ['resnet', 'train', 'baseline, v2', 'gpu-node-3', 'train.py']);
  assert.match(facts.Runtime, /^\d+(\.\d+)? s$/);
  await page.screenshot({ path: join(OUT, 'run-metadata.png') });
  await screenshotDark(page, 'run-metadata-dark', false);

  await page.goto(`${app.url}/admin/meta?columns=name,group,jobType,tags,notes,program,host`);
  await page.waitForSelector('.runs-row[data-run=m1]');
  assert.deepEqual(await page.$$eval('.runs-head [role=columnheader]', (cells) => cells.map((c) => c.textContent?.replace(/[▲▼]/g, '').trim()).filter(Boolean)),
    ['Name', 'Group', 'Job type', 'Tags', 'Notes', 'Command', 'Host']);
  assert.match((await page.textContent('.runs-row[data-run=m1]'))!, /resnet-baseline.*resnet.*train.*baseline, v2.*baseline with the default augmentations.*train\.py.*gpu-node-3/);
  await page.close();
});
