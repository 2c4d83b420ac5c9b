// Managing runs and sweeps from the dashboard, in Debian's chromium against a real `sextant server`:
// a run created without a name shows its generated one; a run's name, tags and notes edited in place
// (a bad tag refused with the server's message, nothing changed); runs deleted from their page and
// from the table after a confirmation that can be declined; a sweep's deletion blocked while an
// agent runs it, then allowed once it is cancelled, its runs going too when ticked; the user menu's
// API keys page and sign-out. Light and dark screenshots go to packages/web/test-output/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { TEST_KEY } from '../server/testing/server-process.ts';
import { WandbClient } from './testing/wandb-client.ts';
import { dashboard, OUT, screenshotDark } from './testing/dashboard.ts';

const SWEEP = 'method: grid\nmetric: {name: acc, goal: maximize}\nparameters:\n  lr: {values: [0.01, 0.1]}\n';
let client: WandbClient;
const sweeps: Record<string, string> = {};

const app = dashboard(async (url) => {
  client = new WandbClient(url, TEST_KEY);
  await client.graphql('mutation { upsertBucket(input: {name: "unnamed", modelName: "manage"}) { bucket { id } } }', {});
  for (const id of ['keep', 'edit-me', 'drop-a', 'drop-b', 'drop-c']) {
    await client.logRun({ project: 'manage', id, config: { seed: 1 }, history: [{ loss: 1 }, { loss: 0.5 }], files: { 'model.txt': 'weights' } });
  }
  sweeps.blocked = await client.sweep('manage', SWEEP, 2, (p) => ({ history: [{ acc: Number(p.lr) }] }));
});

const api = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${app.url}/api/v1${path}`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
  return { status: response.status, body: (await response.json()) as T };
};
/**
 * `name`.png in the light theme and `name`-dark.png in the dark one, of what `show` opens (a modal
 * dialog or a menu, which the theme button cannot be reached through); `hide` closes it again.
 */
async function bothThemes(page: Page, name: string, show: () => Promise<void>, hide: () => Promise<void>): Promise<void> {
  for (const suffix of ['', '-dark']) {
    await show();
    await page.screenshot({ path: join(OUT, `${name}${suffix}.png`) });
    await hide();
    await page.click('button[aria-label="switch theme"]');
  }
}

const tableIds = (page: Page): Promise<string[]> => page.$$eval('.runs-row[data-run]', (rows) => rows.map((r) => r.getAttribute('data-run')!).sort());

test('a run created without a name shows its generated adjective-noun-N name', { timeout: 60_000 }, async () => {
  const page = await app.open('/admin/manage');
  await page.waitForSelector('.runs-row[data-run="unnamed"]');
  assert.match((await page.textContent('.runs-row[data-run="unnamed"] .pinned a'))!, /^[a-z]+-[a-z]+-1$/);
  await page.close();
});

test('a run\'s name, tags and notes are edited on its page; a bad tag is refused and changes nothing', { timeout: 60_000 }, async () => {
  const page = await app.open('/admin/manage/runs/edit-me');
  await page.waitForSelector('h1:has-text("edit-me")');
  await page.click('button:has-text("Edit")');
  await page.fill('form[aria-label="edit run"] label:has-text("Name") input', 'lr sweep baseline');
  await page.fill('form[aria-label="edit run"] label:has-text("Tags") input', `baseline, ${'x'.repeat(65)}`);
  await page.fill('form[aria-label="edit run"] textarea', 'First try with warmup.\nLoss halves by step 1.');
  await page.click('form[aria-label="edit run"] button:has-text("Save")');
  assert.match((await page.textContent('form[aria-label="edit run"] [role=alert]'))!, /is longer than 64 characters/);
  assert.deepEqual(((await api<{ name: string; tags: string[] }>('/runs/admin/manage/edit-me')).body as { name: string; tags: string[] }).name, 'edit-me', 'nothing saved');

  await page.fill('form[aria-label="edit run"] label:has-text("Tags") input', 'baseline, warmup , baseline');
  await page.screenshot({ path: join(OUT, 'run-edit.png') });
  await screenshotDark(page, 'run-edit-dark', false);
  await page.click('form[aria-label="edit run"] button:has-text("Save")');
  await page.waitForSelector('form[aria-label="edit run"]', { state: 'detached' });
  assert.equal(await page.textContent('h1'), 'lr sweep baseline');
  assert.equal(await page.textContent('[data-testid=run-notes]'), 'First try with warmup.\nLoss halves by step 1.');
  const stored = (await api<{ name: string; tags: string[]; notes: string }>('/runs/admin/manage/edit-me')).body;
  assert.deepEqual([stored.name, stored.tags, stored.notes], ['lr sweep baseline', ['baseline', 'warmup'], 'First try with warmup.\nLoss halves by step 1.']);
  await page.reload();
  await page.waitForSelector('h1:has-text("lr sweep baseline")');
  const facts = await page.$$eval('[data-testid=run-facts] > div', (items) => Object.fromEntries(items.map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent])));
  assert.equal(facts.Tags, 'baseline, warmup');
  await page.close();
});

test('a run is deleted from its page after a confirmation that can be declined', { timeout: 60_000 }, async () => {
  const page = await app.open('/admin/manage/runs/drop-a');
  await page.waitForSelector('h1:has-text("drop-a")');
  const openDialog = async (): Promise<void> => {
    await page.click('.page-head button:has-text("Delete")');
    await page.waitForSelector('dialog.confirm[open]');
  };
  const keep = async (): Promise<void> => {
    await page.click('dialog.confirm button:has-text("Keep")');
    await page.waitForSelector('dialog.confirm', { state: 'detached' });
  };
  await openDialog();
  assert.match((await page.textContent('dialog.confirm'))!, /Delete run drop-a\?.*2 history rows.*1 file are deleted/s);
  await keep();
  await bothThemes(page, 'run-delete', openDialog, keep);
  assert.equal((await api('/runs/admin/manage/drop-a')).status, 200, 'declined: the run stays');

  await page.click('.page-head button:has-text("Delete")');
  await page.click('dialog.confirm button:has-text("Delete run")');
  await page.waitForURL(`${app.url}/admin/manage`);
  await page.waitForSelector('.runs-row[data-run]');
  assert.ok(!(await tableIds(page)).includes('drop-a'));
  assert.equal((await api('/runs/admin/manage/drop-a')).status, 404);
  assert.deepEqual((await api<{ files: unknown[] }>('/runs/admin/manage/drop-a/files')).body.files, []);
  await page.close();
});

test('runs ticked in the table are deleted together after a confirmation', { timeout: 60_000 }, async () => {
  const page = await app.open('/admin/manage');
  await page.waitForSelector('.runs-row[data-run="drop-b"]');
  await page.check('.runs-row[data-run="drop-b"] input[type=checkbox]');
  await page.check('.runs-row[data-run="drop-c"] input[type=checkbox]');
  await page.click('button:has-text("Delete 2 selected")');
  assert.deepEqual(await page.$$eval('[data-testid=deleted-runs] li', (items) => items.map((i) => i.textContent).sort()), ['drop-b', 'drop-c']);
  await page.click('dialog.confirm button:has-text("Delete 2 runs")');
  await page.waitForSelector('dialog.confirm', { state: 'detached' });
  await page.waitForFunction(() => !document.querySelector('.runs-row[data-run="drop-b"]') && !document.querySelector('.runs-row[data-run="drop-c"]'));
  assert.ok((await tableIds(page)).includes('keep'));
  assert.equal((await api('/runs/admin/manage/drop-c')).status, 404);
  await page.close();
});

test('a sweep an agent runs cannot be deleted until it is cancelled; then it goes with its runs when ticked', { timeout: 60_000 }, async () => {
  const id = sweeps.blocked;
  const page = await app.open(`/admin/manage/sweeps/${id}`);
  await page.waitForSelector('[data-testid=sweep-state]');
  const openDialog = async (): Promise<void> => {
    await page.click('.page-head button:has-text("Delete")');
    await page.waitForSelector('dialog.confirm[open]');
  };
  const escape = async (): Promise<void> => {
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog.confirm', { state: 'detached' });
  };
  await openDialog();
  assert.equal(await page.textContent('[data-testid=blocked]'), '1 agent is still running this sweep: cancel it first; they exit at their next heartbeat.');
  assert.equal(await page.isDisabled('dialog.confirm button:has-text("Delete sweep")'), true);
  await escape();
  await bothThemes(page, 'sweep-delete-blocked', openDialog, escape);

  page.once('dialog', (dialog) => void dialog.accept());
  await page.click('.page-head button:has-text("Cancel")');
  await page.waitForSelector('[data-testid=sweep-state]:has-text("CANCELED")');
  const agent = (await api<{ agents: Array<{ id: string }> }>(`/sweeps/admin/manage/${id}`)).body.agents[0].id;
  await client.graphql('mutation($id: ID!) { agentHeartbeat(input: {id: $id, metrics: "{}", runState: "{}"}) { commands } }', { id: agent });
  await page.waitForFunction(() => document.querySelector('[data-testid=agents] tbody')?.textContent?.includes('finished'));

  await page.click('.page-head button:has-text("Delete")');
  await page.waitForSelector('dialog.confirm[open]');
  assert.equal(await page.$('[data-testid=blocked]'), null);
  await page.check('dialog.confirm input[type=checkbox]');
  assert.match((await page.textContent('dialog.confirm label'))!, /Also delete its 2 runs/);
  await page.screenshot({ path: join(OUT, 'sweep-delete.png') });
  await page.click('dialog.confirm button:has-text("Delete sweep")');
  await page.waitForURL(`${app.url}/admin/manage`);
  assert.equal((await api(`/sweeps/admin/manage/${id}`)).status, 404);
  assert.equal((await api<{ total: number }>(`/runs/admin/manage?total=true&filter=${encodeURIComponent(JSON.stringify({ sweep: id }))}`)).body.total, 0);
  await page.close();
});

test('the user menu links to the API keys page and signs out', { timeout: 60_000 }, async () => {
  const page = await app.open('/admin/manage');
  const openMenu = async (): Promise<void> => {
    await page.click('button[aria-label="user menu"]');
    await page.waitForSelector('[role=menu]');
  };
  await bothThemes(page, 'user-menu', openMenu, async () => {
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role=menu]', { state: 'detached' });
  });
  await openMenu();
  await page.click('[role=menu] a:has-text("API keys")');
  await page.waitForURL(`${app.url}/authorize`);
  await page.waitForSelector('[data-testid=keys] tbody tr');
  await page.click('button[aria-label="user menu"]');
  await page.click('[role=menu] button:has-text("Sign out")');
  await page.waitForSelector('input[type=password], #api-key');
  assert.equal(await page.evaluate(() => localStorage.getItem('sextant.apiKey')), null);
  await page.close();
});
