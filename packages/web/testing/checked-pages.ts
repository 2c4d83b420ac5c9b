// Pages whose uncaught errors and Content-Security-Policy violations fail the test that opened them: a test file calls checkedPages() at
// its top level, and every page it opens through the result is checked after each test.
import { afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';

export function checkedPages(): (context: BrowserContext) => Promise<Page> {
  const errors: string[] = [];
  afterEach(() => assert.deepEqual(errors.splice(0), []));
  return async (context) => {
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    // The server's Content-Security-Policy must allow everything the dashboard does.
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
    });
    return page;
  };
}
