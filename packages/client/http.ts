// One request to a Sextant server, and its failure as an error that carries the server's own message.

export interface Server {
  /** The base URL, e.g. http://127.0.0.1:8080 (no trailing slash). */
  url: string;
  /** The 40-character API key. */
  key: string;
}

/** A failed call; `transient` when the server could not be reached or failed itself (worth retrying). */
export class ServerError extends Error {
  readonly transient: boolean;
  /** The HTTP status; undefined when the server was not reached. */
  readonly status?: number;
  constructor(message: string, transient: boolean, status?: number) {
    super(message);
    this.transient = transient;
    this.status = status;
  }
}

/** `Authorization` as the wandb client sends it: HTTP Basic with user `api`. */
export const basicAuth = (key: string): string => `Basic ${Buffer.from(`api:${key}`).toString('base64')}`;

/** The response, whatever its status; a ServerError naming `server` (default: the URL's origin) when it cannot be reached. */
export async function send(url: string, init: RequestInit, server = new URL(url).origin): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new ServerError(`cannot reach ${server}: ${(error as Error).message}`, true);
  }
}

/** The answer's JSON body (undefined when empty), or a ServerError with the server's message when it is not a success. */
export async function answer<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    if (response.ok) throw new ServerError(`${response.url} answered HTTP ${response.status} with a body that is not JSON`, false, response.status);
  }
  if (!response.ok) throw new ServerError(messageOf(body) ?? (text.trim() || `HTTP ${response.status}`), response.status >= 500, response.status);
  return body as T;
}

/** The messages of a `{errors: [{message}]}` body, joined; undefined for any other body. */
export function messageOf(body: unknown): string | undefined {
  const errors = (body as { errors?: Array<{ message?: string }> } | undefined)?.errors;
  return Array.isArray(errors) && errors.length > 0 ? errors.map((e) => e.message).join('; ') : undefined;
}
