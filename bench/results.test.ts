import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commit, markdownTable, writeResults } from './results.ts';

test('RESULTS.md starts with the commit, date, node, cores and load average, then the sections', (t) => {
  t.mock.method(process.stdout, 'write', () => true);
  const file = join(mkdtempSync(join(tmpdir(), 'sextant-results-')), 'RESULTS.md');
  writeResults('unused', 'bench/x results', ['## A\n\nfirst', '## B'], file);
  const [title, , header, , command, , ...rest] = readFileSync(file, 'utf8').split('\n');
  assert.equal(title, '# bench/x results');
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: import.meta.dirname, encoding: 'utf8' }).trim();
  assert.match(header, new RegExp(`^Measured \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC at commit ${head}[ ,]`));
  assert.ok(header.includes(`node ${process.version}`), header);
  assert.match(header, /\d+ cores; load average \(1 \/ 5 \/ 15 min\) [\d.]+ \/ [\d.]+ \/ [\d.]+ at the start, [\d.]+ \/ [\d.]+ \/ [\d.]+ at the end/);
  assert.match(command, /^Command: `node \S+/);
  assert.deepEqual(rest, ['## A', '', 'first', '', '## B', '']);
  assert.ok(commit().startsWith(head));
});

test('markdown tables', () => {
  assert.equal(markdownTable(['a', 'b'], [['1', 2]]), '| a | b |\n| --- | --- |\n| 1 | 2 |');
});
