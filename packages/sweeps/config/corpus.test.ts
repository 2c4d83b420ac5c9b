// The fixture corpus: every valid config loads without errors; every invalid one reports the
// violation its first line announces (`# expect: SEVERITY PATH LINE MESSAGE-PART`), or, for JSON
// files (which cannot hold comments), the line given in JSON_EXPECTATIONS below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSweepConfig } from './index.ts';

const dir = join(import.meta.dirname, 'fixtures');
const JSON_EXPECTATIONS: Record<string, string> = {
  'duplicate-json.json': "error method 3 duplicate key 'method' (first at line 1)",
  'broken-json.json': 'error  4 invalid YAML',
};

for (const file of readdirSync(join(dir, 'valid'))) {
  test(`valid: ${file}`, () => {
    const { config, violations } = loadSweepConfig(readFileSync(join(dir, 'valid', file), 'utf8'));
    assert.deepEqual(violations.filter((v) => v.severity === 'error'), []);
    assert.ok(config && config.params.length > 0);
  });
}

for (const file of readdirSync(join(dir, 'invalid'))) {
  test(`invalid: ${file}`, () => {
    const text = readFileSync(join(dir, 'invalid', file), 'utf8');
    const announced = file.endsWith('.json') ? `# expect: ${JSON_EXPECTATIONS[file]}` : text;
    const expect = /^# expect: (error|warning) (\S*) (\d+) (.+)$/m.exec(announced);
    assert.ok(expect, 'the fixture states what it expects on its first line');
    const [, severity, path, line, message] = expect;
    const { violations } = loadSweepConfig(text);
    const found = violations.find((v) => v.severity === severity && v.path === path && v.message.includes(message));
    assert.ok(found, `no ${severity} at ${path} with "${message}" in ${JSON.stringify(violations, null, 1)}`);
    assert.equal(found.line, Number(line), `line of ${JSON.stringify(found)}`);
  });
}
