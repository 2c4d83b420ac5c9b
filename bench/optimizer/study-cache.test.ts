import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { objectivesDigest } from './study-cache.ts';

test("a problem of objectives.py keeps its studies' digest whatever heldout.py holds; heldout.py's problems follow both files", (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sextant-digest-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'objectives.py'), 'PROBLEMS = {"branin": ...}\n');
  writeFileSync(join(dir, 'heldout.py'), 'HELD_OUT = {"shekel_noisy": ...}\n');
  const before = { old: objectivesDigest(dir), added: objectivesDigest(dir, 'heldout.py') };
  assert.notEqual(before.old, before.added);
  writeFileSync(join(dir, 'heldout.py'), 'HELD_OUT = {"shekel_noisy": ..., "rastrigin20": ...}\n');
  assert.equal(objectivesDigest(dir), before.old);
  assert.notEqual(objectivesDigest(dir, 'heldout.py'), before.added);
  writeFileSync(join(dir, 'objectives.py'), 'PROBLEMS = {"branin": ..., "mixed": ...}\n');
  assert.notEqual(objectivesDigest(dir), before.old);
});
