// How the CLI reaches a Sextant server. The address: --host, else $WANDB_BASE_URL, else the
// base_url `wandb login --host URL` (or `sextant login`) saved in the wandb settings file, else
// http://127.0.0.1:8080. The key: --key, else --key-file / $SEXTANT_API_KEY_FILE, else
// $WANDB_API_KEY, else the netrc entry for that address's host.
import type { Command } from 'commander';
import { graphql as graphqlCall, ServerError, type Server } from '@sextant/client';
import { netrcKey, readKeyFile, settingsBaseUrl } from './credentials.ts';

export { ServerError, type Server };

export interface ServerOptions {
  host?: string;
  key?: string;
  keyFile?: string;
}

export function addServerOptions(command: Command): Command {
  return command
    .option('--host <url>', 'the Sextant server (default: $WANDB_BASE_URL, else the host of sextant/wandb login, else http://127.0.0.1:8080)')
    .option('--key <key>', 'API key (default: --key-file, $SEXTANT_API_KEY_FILE, $WANDB_API_KEY, else the key login stored in ~/.netrc)')
    .option('--key-file <file>', 'read the API key from this file (mode 0600; default: $SEXTANT_API_KEY_FILE)');
}

export const DEFAULT_URL = 'http://127.0.0.1:8080';

export function serverUrl(options: ServerOptions): string {
  return (options.host ?? process.env.WANDB_BASE_URL ?? settingsBaseUrl() ?? DEFAULT_URL).replace(/\/+$/, '');
}

export function serverFrom(options: ServerOptions): Server {
  const url = serverUrl(options);
  const keyFile = options.keyFile ?? process.env.SEXTANT_API_KEY_FILE;
  let key = options.key;
  if (key === undefined && keyFile) {
    const read = readKeyFile(keyFile);
    if ('error' in read) {
      process.stderr.write(`sextant: ${read.error}\n`);
      process.exit(2);
    }
    key = read.key;
  }
  key ??= process.env.WANDB_API_KEY ?? netrcKey(url);
  if (!key) {
    process.stderr.write(`sextant: no API key for ${url}: run sextant login --host ${url} KEY, or pass --key / --key-file, or set WANDB_API_KEY\n`);
    process.exit(2);
  }
  return { url, key };
}

/**
 * Runs `work` again while it fails with a transient error, for up to `forMs` (the server may be
 * starting or restarting): after 0.25 s, then twice as long each time, at most 5 s apart.
 * `onRetry` hears of the first failure.
 */
export async function retryTransient<T>(work: () => Promise<T>, forMs: number, onRetry?: (error: ServerError) => void): Promise<T> {
  const giveUpAt = Date.now() + forMs;
  for (let delay = 250, tries = 0; ; delay = Math.min(delay * 2, 5000), tries++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ServerError && error.transient) || Date.now() + delay > giveUpAt) throw error;
      if (tries === 0) onRetry?.(error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** The result of a one-shot command's call; an error ends the command with its message (exit 2 when the server is unreachable). */
export async function orExit<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    process.stderr.write(`sextant: ${(error as Error).message}\n`);
    process.exit(error instanceof ServerError && error.transient ? 2 : 1);
  }
}

/** One GraphQL call for a one-shot command: an error ends the command with the server's message. */
export function graphql<T>(server: Server, query: string, variables: Record<string, unknown>): Promise<T> {
  return orExit(graphqlCall<T>(server, query, variables));
}
