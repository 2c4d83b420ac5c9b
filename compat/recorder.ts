// A recording proxy between one scenario's clients and the server: every request passes through
// unchanged, and what it was (GraphQL operation and variables, file_stream, upload) and how the
// server answered is kept, so a failing scenario names the request that went wrong and the suite
// can list which operations each client version sends.
import { createServer, request as forward, type IncomingMessage, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface Exchange {
  method: string;
  path: string;
  /** GraphQL operation name (or its first root field when anonymous); null for other requests. */
  operation: string | null;
  variables: string[];
  status: number;
  /** Messages of a GraphQL `errors` answer or of a 4xx/5xx body. */
  errors: string[];
  request: string;
  response: string;
}

export interface Recorder {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

export async function startRecorder(target: string): Promise<Recorder> {
  const upstream = new URL(target);
  const exchanges: Exchange[] = [];
  const server: Server = createServer(async (incoming, outgoing) => {
    const body = await read(incoming);
    const proxied = forward({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, async (answer) => {
      const answerBody = await read(answer);
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      outgoing.end(answerBody);
      exchanges.push(describe(incoming, body, answer.statusCode ?? 502, answerBody));
    });
    proxied.on('error', (error) => {
      outgoing.writeHead(502).end(String(error));
    });
    proxied.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function read(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function describe(incoming: IncomingMessage, raw: Buffer, status: number, answer: Buffer): Exchange {
  const path = (incoming.url ?? '').split('?')[0];
  const text = incoming.headers['content-encoding'] === 'gzip' ? safeGunzip(raw) : raw.toString('utf8');
  const json = parse(text) as { query?: unknown; variables?: unknown } | undefined;
  const isGraphql = path.endsWith('/graphql') && typeof json?.query === 'string';
  const answerText = answer.toString('utf8');
  const answerJson = parse(answerText) as { errors?: Array<{ message?: unknown }> } | undefined;
  const errors = (answerJson?.errors ?? []).map((e) => String(e.message));
  if (errors.length === 0 && status >= 400) errors.push(answerText.slice(0, 300));
  return {
    method: incoming.method ?? '',
    path,
    operation: isGraphql ? operationName(String(json?.query)) : null,
    variables: isGraphql ? keys(json?.variables) : path.endsWith('/file_stream') ? payloadKeys(json) : [],
    status,
    errors,
    request: path.startsWith('/storage/') || path.includes('/artifacts/') ? `<${raw.length} bytes>` : text.slice(0, 1500),
    response: answerText.slice(0, 1500),
  };
}

function keys(value: unknown): string[] {
  return typeof value === 'object' && value !== null ? Object.keys(value).sort() : [];
}

/** A file_stream body's fields, and the files it carries as `files.<name>`. */
function payloadKeys(body: unknown): string[] {
  const files = keys((body as { files?: unknown } | undefined)?.files).map((name) => `files.${name}`);
  return [...keys(body).filter((k) => k !== 'files'), ...files];
}

export function operationName(query: string): string {
  const named = /\b(query|mutation)\s+([A-Za-z_]\w*)/.exec(query);
  if (named) return named[2];
  const root = /\{\s*([A-Za-z_]\w*)/.exec(query);
  return root ? `{${root[1]}}` : '?';
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function safeGunzip(raw: Buffer): string {
  try {
    return gunzipSync(raw).toString('utf8');
  } catch {
    return '<bad gzip>';
  }
}
