// Runs a cluster's command line tool (sbatch, squeue, kubectl…) to completion.
import { execFile } from 'node:child_process';

/** Its standard output; rejects with its standard error. `input` goes to its standard input (where keys may go). */
export function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { env: options.env ?? process.env }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command}: ${(stderr || error.message).trim()}`)) : resolve(stdout));
    // A command that does not read its input may exit before it is written.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}
