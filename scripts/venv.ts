// Python virtual environments built from PyPI once and reused: `<cache>/sextant/venvs/<name>`, with
// <cache> = $XDG_CACHE_HOME or ~/.cache. An environment is ready once its `.sextant-ready` file holds
// exactly the requirement line it was built from, so changing the line rebuilds it. Safe when
// several processes ask for the same one at once: one builds under a lock folder, the others wait.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export function venvDir(name: string): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sextant', 'venvs', name);
}

/**
 * What a `wandb` client release is installed with: every caller of the same version must use this
 * line, or each would rebuild the shared venv with its own. wandb 0.16 and older use `np.float_`,
 * gone in NumPy 2; pillow is for `wandb.Image`.
 */
export function wandbRequirement(version: string): string {
  const numpy = /^0\.([0-9]|1[0-6])\./.test(version) ? 'numpy<2' : 'numpy';
  return `wandb==${version} ${numpy} pillow`;
}

/** The python of the venv holding wandb `version`, built on first use. */
export function wandbVenv(version: string, log?: (line: string) => void): Promise<string> {
  return ensureVenv(`wandb-${version}`, wandbRequirement(version), log);
}

/** The venv's python, building the venv first when it is missing or was built from another line. */
export async function ensureVenv(name: string, requirement: string, log: (line: string) => void = () => {}): Promise<string> {
  const dir = venvDir(name);
  const lock = `${dir}.lock`;
  mkdirSync(join(dir, '..'), { recursive: true });
  for (;;) {
    if (ready(dir, requirement)) return join(dir, 'bin', 'python');
    try {
      mkdirSync(lock);
    } catch {
      // Someone else builds it; take the lock over only when that process is gone.
      const owner = Number(existsSync(join(lock, 'pid')) ? readFileSync(join(lock, 'pid'), 'utf8') : NaN);
      if (Number.isInteger(owner) && !alive(owner)) rmSync(lock, { recursive: true, force: true });
      await sleep(1000);
      continue;
    }
    try {
      writeFileSync(join(lock, 'pid'), String(process.pid));
      if (!ready(dir, requirement)) build(dir, requirement, log);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

function ready(dir: string, requirement: string): boolean {
  const marker = join(dir, '.sextant-ready');
  return existsSync(marker) && readFileSync(marker, 'utf8').trim() === requirement;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function build(dir: string, requirement: string, log: (line: string) => void): void {
  log(`building ${dir} (${requirement})`);
  rmSync(dir, { recursive: true, force: true });
  run('python3', ['-m', 'venv', dir]);
  run(join(dir, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...requirement.split(' ')]);
  writeFileSync(join(dir, '.sextant-ready'), `${requirement}\n`);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: ['ignore', process.stderr, 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
}

// `node scripts/venv.ts NAME 'REQUIREMENT LINE'` builds one ahead of time and prints its python;
// `node scripts/venv.ts --wandb VERSION…` builds the wandb clients' venvs.
if (import.meta.main) {
  const args = process.argv.slice(2);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  if (args[0] === '--wandb' && args.length > 1) {
    for (const version of args.slice(1)) process.stdout.write(`${await wandbVenv(version, log)}\n`);
  } else if (args.length === 2) {
    process.stdout.write(`${await ensureVenv(args[0], args[1], log)}\n`);
  } else {
    process.stderr.write("Usage: node scripts/venv.ts NAME 'pkg==1.2 other' | --wandb VERSION...\n");
    process.exit(2);
  }
}
