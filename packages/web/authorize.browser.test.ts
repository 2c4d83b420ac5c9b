// /authorize, where `wandb login --host URL` sends the user for a key, in Debian's chromium against
// a real `sextant server`: sign in, see the keys, create one (it works at once), revoke it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { startServerProcess, TEST_KEY, type ServerProcess } from '../server/testing/server-process.ts';
import { openChromium } from './testing/chromium.ts';
import { checkedPages } from './testing/checked-pages.ts';

const OUT = join(import.meta.dirname, 'test-output');
let server: ServerProcess;
let browser: { context: BrowserContext; close: () => Promise<void> };
const newPage = checkedPages();

before(async () => {
  assert.ok(existsSync(join(import.meta.dirname, 'dist', 'index.html')), 'the dashboard is built (scripts/install.sh builds it)');
  mkdirSync(OUT, { recursive: true });
  // Keys are checked anew on every request, so a revoked key fails at once.
  server = await startServerProcess(undefined, ['--key-cache', '0']);
  browser = await openChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const viewerWith = async (key: string): Promise<number> => (await fetch(`${server.url}/api/v1/viewer`, { headers: { authorization: `Bearer ${key}` } })).status;

test('/authorize: a signed-in user sees their keys, creates one that works at once, and revokes it', { timeout: 60_000 }, async () => {
  const page = await newPage(browser.context);
  await page.goto(`${server.url}/authorize`);
  await page.fill('#api-key', TEST_KEY);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=keys] tbody tr');
  assert.equal(await page.locator('[data-testid=keys] tbody tr').count(), 1);
  assert.match((await page.textContent('[data-testid=keys] tbody tr'))!, new RegExp(`${TEST_KEY.slice(0, 6)}….*valid`));
  await page.click('button:has-text("Create key")');
  const shown = (await (await page.waitForSelector('[data-testid=new-key] code')).textContent())!;
  assert.match(shown, /^[a-z0-9]{40}$/);
  assert.match((await page.textContent('[data-testid=new-key]'))!, new RegExp(`wandb login --host ${server.url} ${shown}`));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=keys] tbody tr').length === 2);
  assert.equal(await viewerWith(shown), 200, 'the new key signs in at once');
  await page.screenshot({ path: join(OUT, 'authorize.png') });
  await page.locator('[data-testid=keys] tbody tr', { hasText: shown.slice(0, 6) }).locator('button:has-text("Revoke")').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=keys] tbody tr:last-child')?.textContent?.includes('revoked'));
  assert.match((await page.textContent('[data-testid=keys] tbody tr:first-child'))!, /valid/, 'the key in use stays valid');
  assert.equal(await viewerWith(shown), 401, 'the revoked key no longer signs in');
});
