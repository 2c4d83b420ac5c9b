// Where a server's address and API key are kept so that the wandb client and `sextant` both find
// them: the netrc file (`machine HOST / login user / password KEY`, as `wandb login` writes it),
// the wandb settings file's `base_url` (section [default]), or a key file of the user's own.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export function netrcPath(): string {
  return process.env.NETRC ?? join(homedir(), '.netrc');
}

/** $WANDB_CONFIG_DIR/settings, else ~/.config/wandb/settings, where `wandb login --host` keeps the host. */
export function wandbSettingsPath(): string {
  return join(process.env.WANDB_CONFIG_DIR ?? join(homedir(), '.config', 'wandb'), 'settings');
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The netrc password for the URL's host (wandb writes the host name without its port; a host:port entry is accepted too). */
export function netrcKey(url: string): string | undefined {
  const text = readText(netrcPath());
  if (text === undefined) return undefined;
  const { host, hostname } = new URL(url);
  const tokens = text.split(/\s+/).filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== 'machine' || (tokens[i + 1] !== host && tokens[i + 1] !== hostname)) continue;
    const end = tokens.indexOf('machine', i + 1);
    const entry = tokens.slice(i, end < 0 ? undefined : end);
    const p = entry.indexOf('password');
    if (p >= 0) return entry[p + 1];
  }
  return undefined;
}

/** Replaces the URL's host entry in the netrc file (keeping every other one) and makes the file 0600. */
export function writeNetrcKey(url: string, key: string): string {
  const path = netrcPath();
  const machine = new URL(url).hostname;
  const kept: string[] = [];
  let skipping = false;
  for (const line of (readText(path) ?? '').split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] === 'machine' || words[0] === 'default') skipping = words[0] === 'machine' && words[1] === machine;
    if (!skipping && line.trim() !== '') kept.push(line);
  }
  kept.push(`machine ${machine}`, '  login user', `  password ${key}`);
  writeFileSync(path, `${kept.join('\n')}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

/** `base_url` of the [default] section of the wandb settings file, if set. */
export function settingsBaseUrl(): string | undefined {
  const text = readText(wandbSettingsPath());
  if (text === undefined) return undefined;
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) section = header[1].trim();
    const entry = /^base_url\s*[=:]\s*(.*)$/.exec(line);
    if (section === 'default' && entry && entry[1] !== '') return entry[1].trim();
  }
  return undefined;
}

/** Sets `base_url` in the [default] section, keeping the file's other settings. */
export function writeSettingsBaseUrl(url: string): string {
  const path = wandbSettingsPath();
  const lines = (readText(path) ?? '').split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
  let section = '';
  let start = -1;
  const out: string[] = [];
  for (const line of lines) {
    const header = /^\s*\[(.+)\]\s*$/.exec(line);
    if (header) section = header[1].trim();
    if (section === 'default' && /^\s*base_url\s*[=:]/.test(line)) continue;
    out.push(line);
    if (header && section === 'default') start = out.length;
  }
  if (start < 0) out.push('[default]', `base_url = ${url}`);
  else out.splice(start, 0, `base_url = ${url}`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${out.join('\n')}\n`);
  return path;
}

/** The key in a key file; a file others can read is refused (the message says how to fix it). */
export function readKeyFile(path: string): { key: string } | { error: string } {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    return { error: `key file ${path}: no such file` };
  }
  if ((mode & 0o077) !== 0) return { error: `key file ${path} is readable by others (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${path}` };
  const key = readFileSync(path, 'utf8').trim();
  return key ? { key } : { error: `key file ${path} is empty` };
}

/** Writes the key to a new or existing key file, readable by its owner only. */
export function writeKeyFile(path: string, key: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}
