// `sextant init`: the generated project runs end to end against a real server with its Makefile
// (the no-wandb template, with python3), and every template's train.py compiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, TEST_KEY } from '../../server/testing/server-process.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'sextant');

/** A user with the `sextant` command on PATH (as `npm run link` leaves it) and nothing configured. */
function user(): { home: string; run: (cwd: string, command: string, ...args: string[]) => { code: number | null; out: string } } {
  const home = mkdtempSync(join(tmpdir(), 'sextant-init-'));
  mkdirSync(join(home, 'bin'));
  symlinkSync(BIN, join(home, 'bin', 'sextant'));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, PATH: `${join(home, 'bin')}:${process.env.PATH}` };
  for (const name of ['WANDB_BASE_URL', 'WANDB_API_KEY', 'NETRC', 'WANDB_CONFIG_DIR', 'SEXTANT_API_KEY_FILE', 'WANDB_PROJECT', 'WANDB_DIR', 'MAKEFLAGS']) delete env[name];
  return {
    home,
    run: (cwd, command, ...args) => {
      const r = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
      return { code: r.status, out: `${r.stdout}${r.stderr}` };
    },
  };
}

test('init --template stdout: make check-auth, validate and hypertrain run the sweep; the best run\'s model is in models/; kill-all ends nothing left', { timeout: 120_000 }, async () => {
  const server = await startServerProcess();
  try {
    const { home, run } = user();
    const created = run(home, 'sextant', 'init', 'tune', '--template', 'stdout');
    assert.equal(created.code, 0, created.out);
    const dir = join(home, 'tune');
    assert.deepEqual(readdirSync(dir).sort(), ['.gitignore', 'Makefile', 'sweep.yaml', 'train.py']);
    assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^wandb\/$[^]*^\.sextant-key$/m);
    assert.match(readFileSync(join(dir, 'Makefile'), 'utf8'), /^PROJECT \?= tune$/m);

    assert.equal(run(dir, 'sextant', 'login', '--host', server.url, TEST_KEY).code, 0);
    assert.match(run(dir, 'make', 'check-auth').out, new RegExp(`admin \\(entity admin\\) at ${server.url}`));
    assert.match(run(dir, 'make', 'validate').out, /sweep\.yaml: 0 errors, 0 warnings/);
    const hypertrain = run(dir, 'make', 'hypertrain', 'N_JOBS=2');
    assert.equal(hypertrain.code, 0, hypertrain.out);
    const id = /Creating sweep with ID: ([a-z0-9]{8})/.exec(hypertrain.out)![1];
    assert.match(hypertrain.out, new RegExp(`sweep admin/tune/${id} FINISHED \\| 12/12 runs: `));

    const best = run(dir, 'sextant', 'best', id, '--json');
    assert.equal(best.code, 0, best.out);
    const { id: runId, metric, value } = JSON.parse(best.out) as { id: string; metric: string; value: number };
    assert.equal(metric, 'val_loss');
    const model = JSON.parse(readFileSync(join(dir, 'models', `${runId}.json`), 'utf8')) as { val_loss: number };
    assert.ok(Math.abs(model.val_loss - value) < 1e-6, `${model.val_loss} vs ${value}`);
    assert.equal(readdirSync(join(dir, 'models')).length, 12);

    assert.equal(run(dir, 'make', 'kill-all').out.trim().split('\n').at(-1), 'no active sweeps in project tune');
    const again = run(home, 'sextant', 'init', 'tune');
    assert.equal(again.code, 1);
    assert.match(again.out, /exist already; nothing was written/);
  } finally {
    await server.stop();
  }
});

test('init: every template writes a train.py that compiles and a sweep.yaml that validates; a bad template name is refused', () => {
  const { home, run } = user();
  for (const template of ['script', 'function', 'stdout']) {
    const created = run(home, 'sextant', 'init', template, '--template', template, '--project', `p-${template}`);
    assert.equal(created.code, 0, created.out);
    const compiled = run(home, 'python3', '-m', 'py_compile', join(home, template, 'train.py'));
    assert.equal(compiled.code, 0, compiled.out);
    assert.match(run(home, 'sextant', 'sweep', 'validate', join(template, 'sweep.yaml')).out, /0 errors, 0 warnings/);
  }
  assert.match(readFileSync(join(home, 'function', 'train.py'), 'utf8'), /wandb\.agent\(sweep_id, function=train/);
  assert.match(readFileSync(join(home, 'function', 'train.py'), 'utf8'), /"WANDB_PROJECT", "p-function"/);
  assert.match(readFileSync(join(home, 'script', 'train.py'), 'utf8'), /wandb\.init\(config=vars\(args\)\)/);
  const bad = run(home, 'sextant', 'init', 'x', '--template', 'notebook');
  assert.equal(bad.code, 1);
  assert.match(bad.out, /expected one of script, function, stdout/);
});
