// `sextant login` and `whoami` against a real server, in a throwaway HOME: where the host and key
// are saved, that every command then finds them, and key files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, TEST_KEY } from '../../server/testing/server-process.ts';
import { CLI_MAIN } from '../testing/cli.ts';

/** The environment of a user with nothing configured yet. */
function freshHome(): { home: string; env: NodeJS.ProcessEnv } {
  const home = mkdtempSync(join(tmpdir(), 'sextant-home-'));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  for (const name of ['WANDB_BASE_URL', 'WANDB_API_KEY', 'NETRC', 'WANDB_CONFIG_DIR', 'SEXTANT_API_KEY_FILE']) delete env[name];
  return { home, env };
}

function sextant(env: NodeJS.ProcessEnv, args: string[], input = ''): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], { env, cwd: env.HOME });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (err += c));
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

test('login saves the key in ~/.netrc and the host in the wandb settings; whoami and ps then need no flags', { timeout: 60_000 }, async () => {
  const server = await startServerProcess();
  try {
    const { home, env } = freshHome();
    const none = await sextant(env, ['whoami']);
    assert.equal(none.code, 2);
    assert.match(none.err, /no API key for http:\/\/127\.0\.0\.1:8080: run sextant login/);

    const refused = await sextant(env, ['login', '--host', server.url, 'x'.repeat(40)]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /does not accept this API key/);
    assert.equal(existsSync(join(home, '.netrc')), false);

    // Someone else's netrc entry and wandb settings are kept; a second login replaces the first.
    writeFileSync(join(home, '.netrc'), 'machine api.wandb.ai\n  login user\n  password other\n');
    mkdirSync(join(home, '.config', 'wandb'), { recursive: true });
    writeFileSync(join(home, '.config', 'wandb', 'settings'), '[default]\nentity = team\nbase_url = https://api.wandb.ai\n');
    for (let i = 0; i < 2; i++) {
      const login = await sextant(env, ['login', '--host', server.url, TEST_KEY]);
      assert.equal(login.code, 0, login.err);
      assert.match(login.out, new RegExp(`Logged in to ${server.url} as admin \\(entity admin\\)`));
    }
    assert.equal(readFileSync(join(home, '.netrc'), 'utf8'), `machine api.wandb.ai\n  login user\n  password other\nmachine 127.0.0.1\n  login user\n  password ${TEST_KEY}\n`);
    assert.equal(statSync(join(home, '.netrc')).mode & 0o777, 0o600);
    assert.equal(readFileSync(join(home, '.config', 'wandb', 'settings'), 'utf8'), `[default]\nbase_url = ${server.url}\nentity = team\n`);

    const who = await sextant(env, ['whoami']);
    assert.equal(who.code, 0, who.err);
    assert.equal(who.out, `admin (entity admin) at ${server.url}\n`);
    const ps = await sextant(env, ['ps', '--all']);
    assert.equal(ps.code, 0, ps.err);
    assert.match(ps.out, /no sweeps yet/);
    // WANDB_BASE_URL still wins over the saved host.
    const elsewhere = await sextant({ ...env, WANDB_BASE_URL: 'http://127.0.0.1:9' }, ['whoami']);
    assert.equal(elsewhere.code, 2);
    assert.match(elsewhere.err, /cannot reach http:\/\/127\.0\.0\.1:9/);
  } finally {
    await server.stop();
  }
});

test('a key file: login writes it 0600 from standard input; a file others can read is refused', { timeout: 60_000 }, async () => {
  const server = await startServerProcess();
  try {
    const { home, env } = freshHome();
    const keyFile = join(home, 'keys', 'sextant.key');
    const login = await sextant(env, ['login', '--host', server.url, '--key-file', keyFile], `${TEST_KEY}\n`);
    assert.equal(login.code, 0, login.err);
    assert.equal(readFileSync(keyFile, 'utf8'), `${TEST_KEY}\n`);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(existsSync(join(home, '.netrc')), false);

    assert.equal((await sextant(env, ['whoami', '--key-file', keyFile])).out, `admin (entity admin) at ${server.url}\n`);
    assert.equal((await sextant({ ...env, SEXTANT_API_KEY_FILE: keyFile }, ['whoami'])).out, `admin (entity admin) at ${server.url}\n`);
    chmodSync(keyFile, 0o644);
    const open = await sextant({ ...env, SEXTANT_API_KEY_FILE: keyFile }, ['whoami']);
    assert.equal(open.code, 2);
    assert.match(open.err, /is readable by others \(mode 644\); run chmod 600/);
    chmodSync(keyFile, 0o600);
    writeFileSync(keyFile, 'y'.repeat(40));
    const wrong = await sextant({ ...env, SEXTANT_API_KEY_FILE: keyFile }, ['whoami']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /does not accept this API key/);
  } finally {
    await server.stop();
  }
});
