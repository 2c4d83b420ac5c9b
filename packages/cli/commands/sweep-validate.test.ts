// `sextant sweep validate` on the config fixture corpus, run as a real child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const main = join(import.meta.dirname, '..', 'main.ts');
const fixtures = join(import.meta.dirname, '..', '..', 'sweeps', 'config', 'fixtures');
const yamlIn = (kind: string) => readdirSync(join(fixtures, kind)).filter((f) => f.endsWith('.yaml')).map((f) => join(fixtures, kind, f));
const validate = (...args: string[]) => {
  const r = spawnSync(process.execPath, [main, 'sweep', 'validate', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('every valid fixture passes: exit 0 and a count line with 0 errors for each file', () => {
  const files = readdirSync(join(fixtures, 'valid')).map((f) => join(fixtures, 'valid', f));
  const { code, out, err } = validate(...files);
  assert.equal(err, '');
  assert.equal(code, 0);
  for (const file of files) assert.match(out, new RegExp(`^${escape(file)}: 0 errors, \\d+ warnings?$`, 'm'));
});

test('every invalid fixture is reported at its expected FILE:LINE:COL path with its severity', () => {
  const files = yamlIn('invalid');
  const { code, out } = validate(...files);
  assert.equal(code, 1);
  for (const file of files) {
    const [, severity, path, line, message] = /^# expect: (error|warning) (\S*) (\d+) (.+)$/m.exec(readFileSync(file, 'utf8')) ?? [];
    const shown = `${escape(file)}:${line}:\\d+ ${escape(path || '(config)')}: ${severity}: .*${escape(message)}`;
    assert.match(out, new RegExp(`^${shown}`, 'm'), `${file} in\n${out}`);
  }
});

test('warnings only exit 0; errors 1; an unreadable file 2 with a message, the others still checked', () => {
  const warning = join(fixtures, 'invalid', 'unknown-top-key.yaml');
  const ok = validate(warning);
  assert.equal(ok.code, 0);
  assert.match(ok.out, /unknown-top-key\.yaml: 0 errors, 1 warning$/m);
  const missing = validate(join(fixtures, 'nope.yaml'), warning);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /^sextant: cannot read sweep config .*nope\.yaml: no such file$/m);
  assert.match(missing.out, /unknown-top-key\.yaml: 0 errors, 1 warning/);
  assert.match(validate(fixtures).err, /is a directory/);
});

test('--json prints the violations with file, path, line and column', () => {
  const file = join(fixtures, 'invalid', 'min-not-less-than-max.yaml');
  const { code, out } = validate('--json', file);
  assert.equal(code, 1);
  const [first] = JSON.parse(out);
  assert.deepEqual({ ...first, message: undefined }, { file, path: 'parameters.lr.min', severity: 'error', line: 5, col: 10, message: undefined });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
