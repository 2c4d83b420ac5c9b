// Runs the sextant CLI as a real child process, for end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

export const CLI_MAIN = join(import.meta.dirname, '..', 'main.ts');

export interface CliResult {
  code: number | null;
  out: string;
}

/** Starts `sextant ARGS` with `env`, in env.WANDB_DIR; `done` has the exit code and all output. */
export function startCli(env: NodeJS.ProcessEnv, args: string[]): { child: ChildProcess; done: Promise<CliResult>; output: () => string } {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], { env, cwd: env.WANDB_DIR });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  child.stderr.on('data', (c: Buffer) => (out += c));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, out })));
  return { child, done, output: () => out };
}

/** A function running `sextant ARGS` to completion with `env`. */
export function cli(env: NodeJS.ProcessEnv): (...args: string[]) => Promise<CliResult> {
  return (...args) => startCli(env, args).done;
}

/** Polls `check` every 100 ms until it returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
