// A browser test file's dashboard: a real `sextant server` (temp data dir), seeded before Debian's
// chromium opens, and pages signed in with the test key. Registers the file's before/after hooks;
// pages' uncaught errors fail the test that opened them.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startServerProcess, TEST_KEY, type ServerProcess } from '../../server/testing/server-process.ts';
import { openChromium } from './chromium.ts';
import { checkedPages } from './checked-pages.ts';

/** Where screenshots go (packages/web/test-output/, ignored by git). */
export const OUT = join(import.meta.dirname, '..', 'test-output');

export interface Dashboard {
  /** The server's base URL (once the file's `before` ran). */
  readonly url: string;
  /** A new page at `path`, signed in. */
  open(path: string): Promise<Page>;
}

export function dashboard(seed: (url: string) => Promise<void>): Dashboard {
  let server: ServerProcess | undefined;
  let browser: { context: BrowserContext; close: () => Promise<void> } | undefined;
  const newPage = checkedPages();
  before(async () => {
    assert.ok(existsSync(join(import.meta.dirname, '..', 'dist', 'index.html')), 'the dashboard is built (scripts/install.sh builds it)');
    mkdirSync(OUT, { recursive: true });
    server = await startServerProcess();
    await seed(server.url);
    browser = await openChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get url() {
      return server!.url;
    },
    open: async (path) => {
      const page = await newPage(browser!.context);
      await page.goto(`${server!.url}/`);
      await page.evaluate((key) => localStorage.setItem('sextant.apiKey', key), TEST_KEY);
      await page.goto(`${server!.url}${path}`);
      return page;
    },
  };
}

/** A screenshot in the dark theme (test-output/NAME.png); the page is back in the light one after. */
export async function screenshotDark(page: Page, name: string, fullPage = true): Promise<void> {
  await page.click('button[aria-label="switch theme"]');
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
  await page.click('button[aria-label="switch theme"]');
}
