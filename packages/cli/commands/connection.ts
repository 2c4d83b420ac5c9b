// How the CLI reaches a Sextant server: --host/--key, else WANDB_BASE_URL/WANDB_API_KEY, else the
// key `wandb login --host URL` stored in ~/.netrc for that host.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Server {
  url: string;
  key: string;
}

export function serverFrom(options: { host?: string; key?: string }): Server {
  const url = (options.host ?? process.env.WANDB_BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const key = options.key ?? process.env.WANDB_API_KEY ?? netrcKey(url);
  if (!key) {
    process.stderr.write(`sextant: no API key for ${url}: pass --key, set WANDB_API_KEY, or run wandb login --host ${url} KEY\n`);
    process.exit(2);
  }
  return { url, key };
}

function netrcKey(url: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(process.env.NETRC ?? join(homedir(), '.netrc'), 'utf8');
  } catch {
    return undefined;
  }
  const host = new URL(url).host;
  const tokens = text.split(/\s+/);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'machine' && (tokens[i + 1] === host || tokens[i + 1] === new URL(url).hostname)) {
      const end = tokens.indexOf('machine', i + 1);
      const entry = tokens.slice(i, end < 0 ? undefined : end);
      const p = entry.indexOf('password');
      if (p >= 0) return entry[p + 1];
    }
  }
  return undefined;
}

/** A failed call; `transient` when the server could not be reached or failed itself (worth retrying). */
export class ServerError extends Error {
  readonly transient: boolean;
  constructor(message: string, transient: boolean) {
    super(message);
    this.transient = transient;
  }
}

/** One GraphQL call; throws a ServerError with the server's message. */
export async function request<T>(server: Server, query: string, variables: Record<string, unknown>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`api:${server.key}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new ServerError(`cannot reach ${server.url}: ${(error as Error).message}`, true);
  }
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string }> };
  if (!response.ok || body.errors) throw new ServerError(body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`, response.status >= 500);
  return body.data as T;
}

/** Runs `work` again every second while it fails with a transient error, for up to `forMs` (the server may be restarting). */
export async function retryTransient<T>(work: () => Promise<T>, forMs: number): Promise<T> {
  const giveUpAt = Date.now() + forMs;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ServerError && error.transient) || Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** One GraphQL call for a one-shot command: an error ends the command with the server's message. */
export async function graphql<T>(server: Server, query: string, variables: Record<string, unknown>): Promise<T> {
  try {
    return await request<T>(server, query, variables);
  } catch (error) {
    process.stderr.write(`sextant: ${(error as Error).message}\n`);
    process.exit(error instanceof ServerError && error.transient ? 2 : 1);
  }
}
