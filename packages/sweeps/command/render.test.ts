import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { Json, RunConfig } from '../types.ts';
import { argsJson, paramFilePaths, paramFileYaml, renderCommand, usesArgsJsonFile } from './render.ts';
import { pythonJsonDumps, pythonRepr, pythonStr } from './python.ts';

const args = (values: Record<string, Json>): RunConfig => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }]));
const abcd = args({ a: true, b: false, c: 1, d: null });

test('default command: env, python, program, --name=value', () => {
  assert.deepEqual(renderCommand({ program: 'train.py', args: args({ lr: 0.01, batch_size: 32 }), env: {} }),
    ['/usr/bin/env', 'python', 'train.py', '--lr=0.01', '--batch_size=32']);
  assert.deepEqual(renderCommand({ program: 'train.py', args: args({ lr: 0.01 }), env: {}, platform: 'win32' }), ['python', 'train.py', '--lr=0.01']);
});

test('args macros render booleans and null the Python way', () => {
  const render = (macro: string) => renderCommand({ command: [macro], args: abcd, env: {} });
  assert.deepEqual(render('${args}'), ['--a=True', '--b=False', '--c=1', '--d=None']);
  assert.deepEqual(render('${args_no_boolean_flags}'), ['--a', '--c=1', '--d=None']);
  assert.deepEqual(render('${args_json}'), ['{"a": true, "b": false, "c": 1, "d": null}']);
  assert.deepEqual(render('${args_no_hyphens}'), ['a=True', 'b=False', 'c=1', 'd=None']);
  assert.deepEqual(render('${args_no_equals}'), ['--a', 'True', '--b', 'False', '--c', '1', '--d', 'None']);
  assert.deepEqual(render('${args_append_hydra}'), ['+a=True', '+b=False', '+c=1', '+d=None']);
  assert.deepEqual(render('${args_override_hydra}'), ['++a=True', '++b=False', '++c=1', '++d=None']);
});

test('lists, dicts and nested parameters are one argument each, in Python repr', () => {
  assert.deepEqual(renderCommand({ command: ['${args}'], args: args({ batch_size: 32, layers: [64, 32], use_bn: true }), env: {} }),
    ['--batch_size=32', '--layers=[64, 32]', '--use_bn=True']);
  assert.deepEqual(renderCommand({ command: ['${args}'], args: args({ optimizer: { lr: 0.001, nadam: { beta: 0.9 } } }), env: {} }),
    ["--optimizer={'lr': 0.001, 'nadam': {'beta': 0.9}}"]);
  assert.deepEqual(renderCommand({ command: ['${args}'], args: args({ s: 'one two' }), env: {} }), ['--s=one two']);
});

test('custom command with a fixed interpreter and extra arguments', () => {
  const command = ['${env}', 'python3', '${program}', '-b', 'cfg', '${args_no_hyphens}'];
  assert.deepEqual(renderCommand({ command, program: 'train.py', args: args({ batch_size: 32 }), env: {} }),
    ['/usr/bin/env', 'python3', 'train.py', '-b', 'cfg', 'batch_size=32']);
});

test('envvar macros are replaced anywhere; unset gives the bare name; lower case stays literal', () => {
  const command = ['fake/path/${envvar:FOO_DIR}/x', '${envvar:UNSET_ONE}', 'a/${envvar:foo}', 7];
  assert.deepEqual(renderCommand({ command, args: {}, env: { FOO_DIR: '/data' } }), ['fake/path//data/x', 'UNSET_ONE', 'a/${envvar:foo}', '7']);
  // A whole-element ${envvar:foo} is left by the envvar step, then removed as an unknown macro.
  assert.deepEqual(renderCommand({ command: ['${envvar:foo}', 'x'], args: {}, env: {} }), ['x']);
});

test('unknown whole-token macros vanish; partial tokens stay literal', () => {
  const command = ['run', '${unknown}', '--x=${args}', '--batch_size=${batch_size}', '${interpreter}'];
  assert.deepEqual(renderCommand({ command, args: abcd, env: {} }), ['run', '--x=${args}', '--batch_size=${batch_size}', 'python']);
});

test('args_json_file names the file, which holds the same JSON as args_json', () => {
  const paths = paramFilePaths('/work/', 'abc123', 'run9');
  assert.deepEqual(paths, { yaml: '/work/wandb/sweep-abc123/config-run9.yaml', json: '/work/wandb/sweep-abc123/config-run9.json' });
  const command = ['python', 'x.py', '${args_json_file}'];
  assert.ok(usesArgsJsonFile(command));
  assert.ok(!usesArgsJsonFile(['${args}']));
  assert.deepEqual(renderCommand({ command, args: abcd, env: {}, argsJsonFile: paths.json }), ['python', 'x.py', paths.json]);
  assert.equal(argsJson(abcd), '{"a": true, "b": false, "c": 1, "d": null}');
});

test('the parameter file is YAML that reads back to the same args', () => {
  const values = args({ lr: 0.00001, on: '1e-5', zero: '008', nested: { a: [1, 2.5, true, null], 'b c': "it's" }, big: 1e20, n: 3 });
  const text = paramFileYaml(values);
  assert.ok(text.startsWith('wandb_version: 1\n\nlr:\n  value: 1.0e-05\n'));
  const back = parse(text, { version: '1.1' }) as Record<string, Json>;
  assert.deepEqual(back, { wandb_version: 1, ...values });
});

test('Python float repr', () => {
  const cases: Array<[number, string]> = [
    [0.0001, '0.0001'], [0.00001, '1e-05'], [1e16, '1e+16'], [1.5e-7, '1.5e-07'], [123456789012345680, '1.2345678901234568e+17'],
    [0.1, '0.1'], [3, '3'], [-2.5e-10, '-2.5e-10'], [1234.5, '1234.5'], [NaN, 'nan'], [-Infinity, '-inf'],
  ];
  for (const [x, s] of cases) assert.equal(pythonStr(x), s, String(x));
});

test('Python repr of strings, lists and dicts; json.dumps escapes non-ASCII', () => {
  assert.equal(pythonRepr(['a', "it's", 'say "hi"', 'both \' and "', 'back\\slash', 'tab\t']),
    `['a', "it's", 'say "hi"', 'both \\' and "', 'back\\\\slash', 'tab\\t']`);
  assert.equal(pythonStr('raw string'), 'raw string');
  assert.equal(pythonRepr({ lr: 0.001, on: [true, null] }), "{'lr': 0.001, 'on': [True, None]}");
  assert.equal(pythonJsonDumps({ 'é': 'naïve 😀', x: [NaN, Infinity] }), '{"\\u00e9": "na\\u00efve \\ud83d\\ude00", "x": [NaN, Infinity]}');
});
