// Starts `sextant server` as a real child process on a free loopback port, for end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_KEY = 'testkey0123456789testkey0123456789abcdef';
const main = join(import.meta.dirname, '..', '..', 'cli', 'main.ts');

export interface ServerProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** What the server printed so far. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServerProcess(dataDir = mkdtempSync(join(tmpdir(), 'sextant-server-')), extraArgs: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [main, 'server', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    env: { ...process.env, SEXTANT_BOOTSTRAP_API_KEY: TEST_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    // Generous: a loaded 2-core machine can take many seconds to start Node and open the store. A
    // child that did not start in time is killed, so no test leaves a server behind.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 60 s: ${output}`));
    }, 60_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return {
    url, dataDir, child,
    output: () => output,
    stop: (signal = 'SIGTERM') => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    }),
  };
}

export function authHeader(key = TEST_KEY): string {
  return `Basic ${Buffer.from(`api:${key}`).toString('base64')}`;
}
