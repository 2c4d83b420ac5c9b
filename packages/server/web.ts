// The dashboard (packages/web, built by scripts/install.sh into packages/web/dist): its hashed
// assets, and index.html for the dashboard's own routes so that reloading a deep link works. A
// browser asking for a page that is no route at all gets index.html with a 404, and the dashboard
// shows its not-found page; other callers get the JSON error.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.map': 'application/json',
};
/**
 * The dashboard's page: its own scripts only; styles from its files plus the inline ones ECharts and
 * uPlot set; images from the server and the blob: URLs it makes of fetched media; requests to the
 * server only; never in a frame.
 */
export const DASHBOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob:; connect-src 'self'; "
  + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const RESERVED = new Set(['api', 'graphql', 'files', 'storage', 'assets', 'healthz', 'artifacts', 'artifactsV2', 'artifact-uploads']);
/** The dashboard's URLs (see packages/web/src/route.ts). */
const PAGES = ['/', '/:entity', '/:entity/:project', '/:entity/:project/runs/:run', '/:entity/:project/sweeps/:sweep', '/:entity/:project/compare',
  '/:entity/:project/artifacts', '/:entity/:project/artifacts/:name', '/:entity/:project/artifacts/:name/:ref'];

export function dashboard(app: FastifyInstance, dist = join(import.meta.dirname, '..', 'web', 'dist')): void {
  const page = async (reply: FastifyReply): Promise<FastifyReply> => {
    try {
      const html = await readFile(join(dist, 'index.html'));
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').header('content-security-policy', DASHBOARD_CSP).send(html);
    } catch {
      return reply.code(503).type('text/plain; charset=utf-8').send('The dashboard is not built: run `sh scripts/install.sh` (npm start does it), then reload.\n');
    }
  };
  for (const url of PAGES) {
    app.get<{ Params: { entity?: string } }>(url, async (request, reply) => {
      // The server's own paths are never an entity: a GET that matches no route of theirs stays a 404.
      if (request.params.entity && RESERVED.has(request.params.entity)) return reply.code(404).send({ errors: [{ message: `no route GET ${request.url}` }] });
      return page(reply);
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const first = request.url.split('?')[0].split('/')[1] ?? '';
    if (request.method === 'GET' && !RESERVED.has(first) && (request.headers.accept ?? '').includes('text/html')) return page(reply.code(404));
    return reply.code(404).send({ errors: [{ message: `no route ${request.method} ${request.url}` }] });
  });

  app.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) => {
    const name = request.params['*'];
    if (!/^[\w.-]+$/.test(name)) return reply.code(404).send({ errors: [{ message: `no asset ${name}` }] });
    try {
      const content = await readFile(join(dist, 'assets', name));
      // Vite puts a content hash in every asset name: a name never changes meaning.
      return reply.type(TYPES[extname(name)] ?? 'application/octet-stream').header('cache-control', 'public, max-age=31536000, immutable').send(content);
    } catch {
      return reply.code(404).send({ errors: [{ message: `no asset ${name}` }] });
    }
  });
}
