// docs/tutorial.md, run as written: its ```sh tested blocks, in order, in one shell, in a fresh
// HOME with the `sextant` command on PATH, against a real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, TEST_KEY } from '../server/testing/server-process.ts';

const TUTORIAL = join(import.meta.dirname, '..', '..', 'docs', 'tutorial.md');

function testedBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh tested\n([^]*?)^```$/gm)].map((m) => m[1]);
}

test('docs/tutorial.md: every sh tested block runs, in order, from an empty folder to the best model', { timeout: 180_000 }, async () => {
  const blocks = testedBlocks(readFileSync(TUTORIAL, 'utf8'));
  assert.equal(blocks.length, 7);
  const server = await startServerProcess();
  try {
    const home = mkdtempSync(join(tmpdir(), 'sextant-tutorial-'));
    mkdirSync(join(home, 'bin'));
    symlinkSync(join(import.meta.dirname, 'bin', 'sextant'), join(home, 'bin', 'sextant'));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, PATH: `${join(home, 'bin')}:${process.env.PATH}`, SEXTANT_URL: server.url, SEXTANT_KEY: TEST_KEY };
    for (const name of ['WANDB_BASE_URL', 'WANDB_API_KEY', 'NETRC', 'WANDB_CONFIG_DIR', 'SEXTANT_API_KEY_FILE', 'WANDB_PROJECT', 'WANDB_DIR']) delete env[name];
    const script = `set -eu\n${blocks.map((b, i) => `echo "--- block ${i + 1}"\n${b}`).join('')}`;
    const ran = spawnSync('sh', ['-c', script], { cwd: home, env, encoding: 'utf8', timeout: 170_000, killSignal: 'SIGKILL' });
    const out = `${ran.stdout}${ran.stderr}`;
    assert.equal(ran.status, 0, out);
    assert.match(out, /^\.gitignore\nMakefile\nsweep\.yaml\ntrain\.py$/m);
    assert.match(out, new RegExp(`Logged in to ${server.url} as admin`));
    assert.match(out, /sweep\.yaml: 0 errors, 0 warnings/);
    assert.match(out, /all 2 agents ended/);
    const best = /^best run (\w+) \(\S+\): val_loss = (\S+) {2}batch_size=\d+ dropout=\S+ lr=\S+$/m.exec(out);
    assert.ok(best, out);
    const model = JSON.parse(readFileSync(join(home, 'my-sweep', 'best-model.json'), 'utf8')) as { val_loss: number };
    assert.equal(Number(model.val_loss.toPrecision(4)), Number(best[2]));
  } finally {
    await server.stop();
  }
});
