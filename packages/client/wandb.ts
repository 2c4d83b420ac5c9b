// The W&B protocol calls as the wandb client makes them (docs/protocol/): GraphQL with the key as
// HTTP Basic, file_stream posts, and uploads to the signed URLs the server hands out.
import { answer, basicAuth, messageOf, send, ServerError, type Server } from './http.ts';

export interface GraphqlAnswer<T> {
  status: number;
  data: T | undefined;
  errors?: Array<{ message: string }>;
}

/** One GraphQL request's whole answer, errors included, for callers that inspect them; a ServerError only when the server cannot be reached. */
export async function graphqlAnswer<T = any>(server: Server, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlAnswer<T>> {
  const response = await send(`${server.url}/graphql`, {
    method: 'POST',
    headers: { authorization: basicAuth(server.key), 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  }, server.url);
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string }> };
  return { status: response.status, data: body.data ?? undefined, errors: body.errors };
}

/** One GraphQL request; its `data`, or a ServerError with the server's messages (also when a 200 carries `errors`). */
export async function graphql<T>(server: Server, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { status, data, errors } = await graphqlAnswer<T>(server, query, variables);
  const message = messageOf({ errors });
  if (message !== undefined || status >= 400) throw new ServerError(message ?? `HTTP ${status}`, status >= 500, status);
  return data as T;
}

export interface RunPath {
  entity: string;
  project: string;
  run: string;
}

/** What file_stream answers: `stopped` when the run was told to stop (a sweep's early termination, a user's stop). */
export interface FileStreamAnswer {
  exitcode?: number | null;
  stopped?: boolean;
  limits?: Record<string, unknown>;
}

/** One file_stream post: `{files: {name: {offset, content: [lines]}}}`, and/or `{complete, exitcode}` to finish the run. */
export async function fileStream(server: Server, run: RunPath, body: unknown): Promise<FileStreamAnswer> {
  const path = [run.entity, run.project, run.run].map(encodeURIComponent).join('/');
  const response = await send(`${server.url}/files/${path}/file_stream`, {
    method: 'POST',
    headers: { authorization: basicAuth(server.key), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }, server.url);
  return (await answer<FileStreamAnswer | undefined>(response)) ?? {};
}

/** A PUT of a file's bytes to a signed upload URL, with no credentials and no content type, as the client uploads. */
export async function upload(url: string, content: string | Uint8Array): Promise<void> {
  const response = await send(url, { method: 'PUT', body: typeof content === 'string' ? content : Uint8Array.from(content) });
  if (!response.ok) throw new ServerError(`upload to ${new URL(url).pathname}: ${messageOf(await response.json().catch(() => undefined)) ?? `HTTP ${response.status}`}`, response.status >= 500, response.status);
}
