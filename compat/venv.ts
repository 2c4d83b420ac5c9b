// Python virtual environments holding one real `wandb` release each, cached under the user cache
// folder and reused across runs: `<cache>/sextant/venvs/wandb-<version>`, ready once the file
// `.sextant-ready` holds exactly the requirement line it was built from. Safe when several test
// processes ask for the same version at once: one builds under a lock directory, the others wait.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** What each client version is installed with. wandb 0.16.6 uses `np.float_`, gone in NumPy 2. */
export function requirement(version: string): string {
  const numpy = /^0\.(1[0-6])\./.test(version) ? 'numpy<2' : 'numpy';
  return `wandb==${version} ${numpy} pillow`;
}

export function venvDir(version: string): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'sextant', 'venvs', `wandb-${version}`);
}

function ready(dir: string, line: string): boolean {
  const marker = join(dir, '.sextant-ready');
  return existsSync(marker) && readFileSync(marker, 'utf8').trim() === line;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Returns the venv folder for `version`, building it first when it is missing or stale. */
export async function ensureVenv(version: string, log: (line: string) => void = () => {}): Promise<string> {
  const dir = venvDir(version);
  const line = requirement(version);
  const lock = `${dir}.lock`;
  mkdirSync(join(dir, '..'), { recursive: true });
  for (;;) {
    if (ready(dir, line)) return dir;
    try {
      mkdirSync(lock);
    } catch {
      // Someone else builds it; take the lock over only if that process is gone.
      const owner = Number(existsSync(join(lock, 'pid')) ? readFileSync(join(lock, 'pid'), 'utf8') : NaN);
      if (Number.isInteger(owner) && !alive(owner)) rmSync(lock, { recursive: true, force: true });
      await sleep(1000);
      continue;
    }
    try {
      writeFileSync(join(lock, 'pid'), String(process.pid));
      if (!ready(dir, line)) build(dir, line, log);
      return dir;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

function build(dir: string, line: string, log: (line: string) => void): void {
  log(`building ${dir} (${line})`);
  rmSync(dir, { recursive: true, force: true });
  run('python3', ['-m', 'venv', dir]);
  run(join(dir, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...line.split(' ')]);
  writeFileSync(join(dir, '.sextant-ready'), `${line}\n`);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: ['ignore', process.stderr, 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
}

// `node compat/venv.ts 0.16.6 0.18.7 …` builds the environments ahead of the tests.
if (import.meta.main) {
  for (const version of process.argv.slice(2)) process.stdout.write(`${await ensureVenv(version, (l) => process.stderr.write(`${l}\n`))}\n`);
}
