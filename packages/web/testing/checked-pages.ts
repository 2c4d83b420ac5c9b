// Pages whose uncaught errors fail the test that opened them: a test file calls checkedPages() at
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
    return page;
  };
}
