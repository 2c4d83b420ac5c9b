// `npm run link` (scripts/link.sh): the `sextant` command on PATH, usable from any folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, TEST_KEY } from '../server/testing/server-process.ts';

const root = join(import.meta.dirname, '..', '..');
const version = (JSON.parse(readFileSync(join(import.meta.dirname, 'package.json'), 'utf8')) as { version: string }).version;

test('link.sh links bin/sextant into SEXTANT_BIN_DIR; the command then works from another folder; --remove unlinks it', { timeout: 60_000 }, async () => {
  const bin = join(mkdtempSync(join(tmpdir(), 'sextant-bin-')), 'bin');
  const env = { ...process.env, SEXTANT_BIN_DIR: bin };
  const linked = spawnSync('sh', [join(root, 'scripts', 'link.sh')], { env, encoding: 'utf8' });
  assert.equal(linked.status, 0, linked.stderr);
  assert.equal(readlinkSync(join(bin, 'sextant')), join(root, 'packages', 'cli', 'bin', 'sextant'));
  assert.match(linked.stdout, /is not on your PATH/);

  const elsewhere = mkdtempSync(join(tmpdir(), 'sextant-project-'));
  const onPath = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
  const shown = spawnSync('sextant', ['--version'], { cwd: elsewhere, env: onPath, encoding: 'utf8' });
  assert.equal(shown.status, 0, shown.stderr);
  assert.equal(shown.stdout, `${version}\n`);
  assert.equal(spawnSync('sh', [join(root, 'scripts', 'link.sh')], { env: { ...env, PATH: onPath.PATH }, encoding: 'utf8' }).stdout.includes('not on your PATH'), false);

  const server = await startServerProcess();
  try {
    const who = spawnSync('sextant', ['whoami'], { cwd: elsewhere, env: { ...onPath, WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY }, encoding: 'utf8' });
    assert.equal(who.stdout, `admin (entity admin) at ${server.url}\n`, who.stderr);
  } finally {
    await server.stop();
  }
  const removed = spawnSync('sh', [join(root, 'scripts', 'link.sh'), '--remove'], { env, encoding: 'utf8' });
  assert.equal(removed.stdout, `removed ${join(bin, 'sextant')}\n`);
  assert.equal(existsSync(join(bin, 'sextant')), false);
});
