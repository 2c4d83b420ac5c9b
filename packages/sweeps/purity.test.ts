// The sweeps library runs in the browser too: no Node modules, no process, no I/O outside tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

test('library sources import no Node modules and touch no process state', () => {
  const sources = readdirSync(import.meta.dirname, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('node_modules') && !f.includes('testing'));
  assert.ok(sources.length > 20);
  for (const file of sources) {
    const text = readFileSync(join(import.meta.dirname, file), 'utf8');
    assert.doesNotMatch(text, /from 'node:|require\(|\bprocess\.|\bglobalThis\.process/, file);
  }
});
