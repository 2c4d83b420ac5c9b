// The fastify app: one plugin per concern, all behind API-key auth.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createHmac } from 'node:crypto';
import { createGunzip } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Store, User } from './store/store.ts';
import { cachedAuthorization } from './auth/keys.ts';
import { execute } from './wandb/graphql.ts';
import { AccessError, ConflictError, RequestError } from './errors.ts';
import { runKey, type Context } from './context.ts';
import { roots } from './wandb/operations.ts';
import { fileStream } from './wandb/file-stream.ts';
import { checkFileName, checkName, type NameKind } from './files/names.ts';
import { pathUnder } from './files/paths.ts';
import { storagePath, writeRunFile } from './files/run-files.ts';
import { sameSignature } from './auth/signatures.ts';
import { parseJsonBody } from './json.ts';
import { nativeApi } from './api/native.ts';
import { liveApi } from './api/live.ts';
import { HistoryColumns } from './history/columns.ts';
import { MetricSeries } from './sweeps/metric-series.ts';
import { Blobs } from './artifacts/blobs.ts';
import { artifactRoutes } from './artifacts/routes.ts';
import { sweepApi } from './api/sweep.ts';
import { keysApi } from './api/keys.ts';
import { Heartbeats } from './sweeps/heartbeat.ts';
import { dashboard } from './web.ts';
import { logFailures, stderrLine, type LoggedOnce, type LogLine } from './failure-log.ts';
import { stringifyStandard } from './store/json-text.ts';
import { compression } from './compression.ts';

export interface AppOptions {
  store: Store;
  /** Where run files are kept. */
  filesDir: string;
  /** Secret for signing upload URLs. */
  secret: Buffer;
  /** Base URL clients use, e.g. http://127.0.0.1:8080; default: from the request's Host header. */
  externalUrl?: string;
  /** Largest request body in bytes (after gzip decompression). */
  bodyLimit?: number;
  /** Largest run file in bytes. */
  fileLimit?: number;
  /** Where artifact files are kept; default: `artifacts` beside the run files' folder. */
  artifactsDir?: string;
  /** Largest artifact file in bytes (uploads stream to disk; default 1 TiB). */
  artifactFileLimit?: number;
  /** How long a key check is remembered (default 5 s; 0 in tests that revoke keys). */
  authCacheMs?: number;
  /** Where failed requests (4xx/5xx) are reported, one line each; default stderr. */
  log?: LogLine;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
  }
}

export function buildApp(options: AppOptions): FastifyInstance {
  const { store } = options;
  // Names in paths are checked by their own rules (files/names.ts); a longer one gets that 400, not a bare 414.
  const app = Fastify({ bodyLimit: options.bodyLimit ?? 64 * 1024 * 1024, logger: false, routerOptions: { maxParamLength: 1024 } });
  const sign = (path: string): string => createHmac('sha256', options.secret).update(path).digest('hex');
  const baseUrl = (request: FastifyRequest): string => (options.externalUrl ?? `${request.protocol}://${request.headers.host}`).replace(/\/+$/, '');
  const blobs = new Blobs(options.artifactsDir ?? join(dirname(options.filesDir), 'artifacts'));
  const log = options.log ?? stderrLine;
  const heartbeats = new Heartbeats(store);
  app.addHook('onClose', () => heartbeats.close());
  const context = (request: FastifyRequest): Context => ({ store, user: request.user as User, baseUrl: baseUrl(request), filesDir: options.filesDir, sign, blobs, heartbeats, log });

  // Hooks in callback style: a request that needs nothing from them costs no promise.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    if (request.headers['content-encoding'] !== 'gzip') return done(null, payload);
    // Fastify compares the compressed byte count with Content-Length; the body limit applies after decompression.
    const inflated = payload.pipe(createGunzip()) as unknown as typeof payload & { receivedEncodedLength: number };
    inflated.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => (inflated.receivedEncodedLength += chunk.length));
    payload.on('error', (error) => inflated.destroy(error));
    done(null, inflated);
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', API_CSP);
    done(null, payload);
  });
  app.addHook('preValidation', (request, _reply, done) => {
    checkNames(request.params);
    done();
  });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    let value: unknown;
    try {
      value = parseJsonBody(body as string);
    } catch (error) {
      return done(error as Error);
    }
    done(null, value);
  });
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.fileLimit ?? 1024 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  logFailures(app, log);
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    if (error instanceof AccessError) return reply.code(403).send({ errors: [{ message: error.message }] });
    if (error instanceof ConflictError) return reply.code(409).send({ errors: [{ message: error.message }] });
    if (error instanceof RequestError) return reply.code(400).send({ errors: [{ message: error.message }] });
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) log(error.stack ?? String(error));
    return reply.code(status).send({ errors: [{ message: status === 500 ? 'internal server error' : error.message }] });
  });

  const histories = new HistoryColumns(store);
  const metricSeries = new MetricSeries(store);
  const authorize = cachedAuthorization(store, options.authCacheMs);
  const requireUser = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    request.user = await authorize(request.headers.authorization);
    if (!request.user) {
      reply.code(401);
      // Not to Bearer callers (the dashboard): a browser would answer the challenge with its own login dialog.
      if (!/^bearer /i.test(request.headers.authorization ?? '')) reply.header('www-authenticate', 'Basic realm="sextant"');
      await reply.send({ errors: [{ message: 'invalid or missing API key: send HTTP Basic auth with user "api" and your 40-character key (wandb login --host URL KEY)' }] });
    }
  };
  // requireUser as a preHandler in callback style: a key found in the last few seconds costs no promise.
  const userHook = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void => {
    request.user = authorize.known(request.headers.authorization);
    if (request.user) return done();
    requireUser(request, reply).then(() => done(), done);
  };

  compression(app);
  app.get('/healthz', async () => ({ ok: true }));
  // wandb 0.31 sends its own OpenTelemetry metrics to the server after each run. Sextant keeps no
  // client telemetry: refused with a reason, logged once rather than on every run.
  app.post('/sdk/otel/*', { config: { logOnce: true } satisfies LoggedOnce }, async (_request, reply) =>
    reply.code(404).send({ errors: [{ message: "Sextant does not collect the wandb client's own telemetry (/sdk/otel); runs are not affected" }] }));
  app.register(artifactRoutes, { store, blobs, sign, authorize, fileLimit: options.artifactFileLimit ?? 1024 ** 4 });
  app.register(async (web) => dashboard(web));

  app.register(async (api) => {
    // JSON has no NaN: the native API writes a non-finite value a run logged as the string "NaN", "Infinity" or "-Infinity".
    api.setReplySerializer((payload) => stringifyStandard(payload));
    api.addHook('preHandler', userHook);
    nativeApi(api, store, context, histories);
    liveApi(api, store, context, log);
    sweepApi(api, store, context);
    keysApi(api, store, context);
  });

  app.post('/graphql', { preHandler: userHook }, async (request, reply) => {
    const result = await execute(request.body, roots(context(request)));
    request.operation = result.operation;
    return reply.code(result.status).type('application/json').send(stringifyStandard(result.data === undefined ? { errors: result.errors } : { data: result.data }));
  });

  app.register(async (stream) => {
    // The body as text: file_stream reads its first history lines before parsing the rest (wandb/first-history-lines.ts).
    stream.removeContentTypeParser('application/json');
    stream.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    stream.post<{ Params: { entity: string; project: string; run: string } }>('/files/:entity/:project/:run/file_stream', { preHandler: userHook }, async (request) => {
      const key = runKey(context(request), request.params.entity, request.params.project, request.params.run);
      return fileStream(store, key, request.body, histories, metricSeries);
    });
  });

  const filePath = (params: { entity: string; project: string; run: string; '*': string }): { path: string; key: string; name: string } => {
    const name = params['*'];
    checkFileName(name);
    const key = { entity: params.entity, project: params.project, name: params.run };
    return { path: pathUnder(options.filesDir, params.entity, params.project, params.run, ...name.split('/')), key: storagePath(key, name), name };
  };
  const authorizeFile = async (request: FastifyRequest<{ Params: Record<string, string>; Querystring: { sig?: string } }>, reply: FastifyReply, signedPath: string): Promise<boolean> => {
    const sig = request.query.sig;
    if (sameSignature(sig, sign(signedPath))) return true;
    if (sig !== undefined && !request.headers.authorization) {
      await reply.code(403).send({ errors: [{ message: 'the signature (sig) of this URL is not valid for it: ask for a new upload URL, or send your API key instead' }] });
      return false;
    }
    await requireUser(request, reply);
    if (!request.user) return false;
    if (request.user.username !== request.params.entity) {
      await reply.code(403).send({ errors: [{ message: `permission denied: user ${request.user.username} cannot use entity ${request.params.entity}` }] });
      return false;
    }
    return true;
  };

  app.put<{ Params: { entity: string; project: string; run: string; '*': string }; Querystring: { sig?: string } }>('/storage/:entity/:project/:run/*', async (request, reply) => {
    const file = filePath(request.params);
    if (!(await authorizeFile(request, reply, file.key))) return reply;
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? ''));
    await writeRunFile(file.path, file.name, body);
    return reply.code(200).send();
  });

  app.get<{ Params: { entity: string; project: string; run: string; '*': string }; Querystring: { sig?: string } }>('/storage/:entity/:project/:run/*', async (request, reply) => {
    const file = filePath(request.params);
    if (!(await authorizeFile(request, reply, file.key))) return reply;
    let content: Buffer;
    try {
      content = await readFile(file.path);
    } catch {
      return reply.code(404).send({ errors: [{ message: `no file ${file.name}` }] });
    }
    return reply.type('application/octet-stream').send(content);
  });

  return app;
}

/** On every answer: no MIME sniffing, no framing, no URL (which may carry a signature) sent as a referrer. */
const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' };
/** Answers that are not the dashboard's page are data: nothing in them may load or run. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Route parameters that name things, and the kind of name each is. */
const NAMED_PARAMS: Record<string, NameKind> = { entity: 'entity', project: 'project', run: 'run', sweep: 'sweep', name: 'artifact' };

/** Every name in a request's path is checked before anything reads or writes with it. */
function checkNames(params: unknown): void {
  for (const [param, kind] of Object.entries(NAMED_PARAMS)) {
    const value = (params as Record<string, unknown> | undefined)?.[param];
    if (value !== undefined) checkName(kind, value);
  }
}
