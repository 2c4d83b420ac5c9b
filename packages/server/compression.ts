// Response compression: JSON, HTML, scripts and styles go out brotli- or gzip-compressed when the
// client accepts it. Streams (file downloads, the live event stream, which hijacks its reply) are
// left alone: buffering them would hold back every event until the stream ends.
import type { FastifyInstance } from 'fastify';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Below this many bytes compression saves less than its headers and time cost. */
const SMALLEST = 1024;
const COMPRESSIBLE = /^(application\/(json|javascript)|text\/|image\/svg\+xml)/;

/** Which encoding to answer an `Accept-Encoding` with: brotli, then gzip, else none. */
export function chooseEncoding(accept: string | undefined): 'br' | 'gzip' | undefined {
  const offered = new Map((accept ?? '').split(',').map((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return [name, q === undefined ? 1 : Number(q.slice(2))] as const;
  }));
  const allowed = (name: string): boolean => (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  return allowed('br') ? 'br' : allowed('gzip') ? 'gzip' : undefined;
}

export function compression(app: FastifyInstance): void {
  // Callback style: an answer left as it is (most are small) costs no promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
    if ((typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length) < SMALLEST) return done(null, payload);
    const type = String(reply.getHeader('content-type') ?? '');
    if (!COMPRESSIBLE.test(type) || type.startsWith('text/event-stream') || reply.getHeader('content-encoding')) return done(null, payload);
    reply.header('vary', 'accept-encoding');
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    if (!encoding) return done(null, payload);
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    // Quality 5 compresses JSON nearly as well as the default 11 at a small fraction of its time.
    if (encoding === 'br') brotliCompress(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }, done);
    else gzip(payload, done);
  });
}
