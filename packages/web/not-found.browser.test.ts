// The dashboard's not-found page in Debian's chromium against a real `sextant server`: an unknown
// URL (answered 404 by the server), a run, sweep or artifact that does not exist, and another
// user's entity each get a page saying so with a way back, never a bare error line.
// Screenshots (light and dark) go to packages/web/test-output/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TEST_KEY } from '../server/testing/server-process.ts';
import { WandbClient } from './testing/wandb-client.ts';
import { dashboard, OUT, screenshotDark } from './testing/dashboard.ts';

const app = dashboard(async (url) => {
  await new WandbClient(url, TEST_KEY).logRun({ project: 'p', id: 'known', config: {}, history: [{ loss: 1 }] });
});

test('an unknown URL is a 404 from the server and the dashboard\'s not-found page', { timeout: 60_000 }, async () => {
  const page = await app.open('/admin/p/known');
  const response = await page.goto(`${app.url}/admin/p/nonsense/a/b`);
  assert.equal(response?.status(), 404);
  await page.waitForSelector('[data-page=not-found]');
  assert.equal(await page.textContent('[data-page=not-found] h1'), 'Not found');
  assert.match((await page.textContent('[data-page=not-found]'))!, /no page at \/admin\/p\/nonsense\/a\/b/);
  await page.screenshot({ path: join(OUT, 'not-found.png'), fullPage: true });
  await screenshotDark(page, 'not-found-dark');
  await page.click('[data-page=not-found] a');
  await page.waitForSelector('[data-testid=projects]');
  await page.close();
});

test('a run, sweep or artifact that does not exist gets the not-found page with a link back to its project; another user\'s entity says no access', { timeout: 60_000 }, async () => {
  const cases: Array<[string, RegExp, string]> = [
    ['/admin/p/runs/ghost', /no run admin\/p\/ghost/, '/admin/p'],
    ['/admin/p/sweeps/ghost', /ghost/, '/admin/p'],
    ['/admin/p/artifacts/ghost', /ghost/, '/admin/p/artifacts'],
  ];
  for (const [path, message, back] of cases) {
    const page = await app.open(path);
    await page.waitForSelector('[data-page=not-found]');
    assert.equal(await page.textContent('[data-page=not-found] h1'), 'Not found', path);
    assert.match((await page.textContent('[data-page=not-found] p'))!, message, path);
    assert.equal(await page.getAttribute('[data-page=not-found] a', 'href'), back, path);
    if (path.includes('runs')) await page.screenshot({ path: join(OUT, 'not-found-run.png'), fullPage: true });
    await page.close();
  }
  const page = await app.open('/stranger');
  await page.waitForSelector('[data-page=not-found]');
  assert.equal(await page.textContent('[data-page=not-found] h1'), 'No access');
  assert.match((await page.textContent('[data-page=not-found] p'))!, /stranger/);
  await page.close();
});
