// `sextant sweep FILE` and `sextant sweep pause|resume|cancel` against a real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, TEST_KEY } from '../../server/testing/server-process.ts';

const main = join(import.meta.dirname, '..', 'main.ts');
const sextant = (env: Record<string, string>, ...args: string[]) => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
  const child = spawn(process.execPath, [main, ...args], { env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  child.stderr.on('data', (c: Buffer) => (err += c));
  child.on('close', (code) => resolve({ code, out, err }));
});

test('sextant sweep FILE creates a sweep like wandb sweep; pause, resume and cancel change its state', { timeout: 60_000 }, async () => {
  const server = await startServerProcess();
  try {
    const env = { WANDB_BASE_URL: server.url, WANDB_API_KEY: TEST_KEY };
    const file = join(mkdtempSync(join(tmpdir(), 'sextant-sweep-')), 'sweep.yaml');
    writeFileSync(file, 'method: grid\nparameters: {a: {values: [1, 2]}}\nextra: 1\n');
    const created = await sextant(env, 'sweep', file, '--project', 'demo');
    assert.equal(created.code, 0, created.err);
    const id = /Creating sweep with ID: ([a-z0-9]{8})/.exec(created.out)?.[1];
    assert.ok(id, created.out);
    assert.match(created.out, new RegExp(`View sweep at: ${server.url}/admin/demo/sweeps/${id}`));
    assert.match(created.out, new RegExp(`Run sweep agent with: sextant agent admin/demo/${id}`));
    assert.match(created.out, /warning: extra: unknown top-level key 'extra' is ignored/);
    assert.match((await sextant(env, 'sweep', 'pause', `demo/${id}`)).out, /is now PAUSED/);
    assert.match((await sextant(env, 'sweep', 'resume', `admin/demo/${id}`)).out, /is now RUNNING/);
    const ps = await sextant(env, 'ps');
    assert.match(ps.out, new RegExp(`admin/demo/${id}\\s+RUNNING\\s+none\\s+0`));
    const second = /ID: ([a-z0-9]{8})/.exec((await sextant(env, 'sweep', file, '--project', 'demo')).out)?.[1];
    assert.equal((await sextant(env, 'stop', `demo/${second}`)).out, `stopped admin/demo/${second}: 0 running runs finish, then 0 agents exit\n`);
    assert.doesNotMatch((await sextant(env, 'ps')).out, new RegExp(second!));
    assert.match((await sextant(env, 'ps', '--all')).out, new RegExp(`admin/demo/${second}\\s+FINISHED`));
    assert.match((await sextant(env, 'sweep', 'cancel', `demo/${id}`)).out, /is now CANCELED/);
    assert.match((await sextant(env, 'stop', '--all')).out, /no active sweeps/);
    const again = await sextant(env, 'sweep', 'resume', `demo/${id}`);
    assert.equal(again.code, 1);
    assert.match(again.err, /already CANCELED/);
    const bad = await sextant(env, 'sweep', join(tmpdir(), 'missing.yaml'));
    assert.equal(bad.code, 2);
    const noKey = await sextant({ WANDB_BASE_URL: server.url, WANDB_API_KEY: 'x'.repeat(40) }, 'sweep', file);
    assert.equal(noKey.code, 1);
    assert.match(noKey.err, /invalid or missing API key/);
  } finally {
    await server.stop();
  }
});
