// Live updates for the dashboard: GET /api/v1/live/E/P is a server-sent event stream with one
// event, the project's version (Store.projectVersion), each time it changes. Each watched
// project is checked once a second however many streams watch it. The version comes from the
// store rather than from an in-process signal, so it stays right when several servers share one
// PostgreSQL database.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.ts';
import { entityFor, type Context } from '../context.ts';
import { routes } from '@sextant/protocol';
import { serve } from './contract.ts';

const CHECK_MS = 1000;
/** A comment line now and then keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

type Listener = (version: string) => void;

interface Watch {
  listeners: Set<Listener>;
  timer: NodeJS.Timeout;
  version?: string;
}

class ProjectWatches {
  private readonly watches = new Map<string, Watch>();
  private readonly store: Store;
  private readonly onError: (error: unknown) => void;

  constructor(store: Store, onError: (error: unknown) => void) {
    this.store = store;
    this.onError = onError;
  }

  /** Calls `listener` with the version now (once known) and after each change, until unsubscribed. */
  subscribe(entity: string, project: string, listener: Listener): () => void {
    const id = JSON.stringify([entity, project]);
    const watch = this.watches.get(id) ?? this.start(id, entity, project);
    if (watch.version !== undefined) listener(watch.version);
    watch.listeners.add(listener);
    return () => {
      watch.listeners.delete(listener);
      if (watch.listeners.size > 0) return;
      clearInterval(watch.timer);
      this.watches.delete(id);
    };
  }

  private start(id: string, entity: string, project: string): Watch {
    const check = async (): Promise<void> => {
      try {
        const version = await this.store.projectVersion(entity, project);
        if (version === watch.version) return;
        watch.version = version;
        for (const notify of watch.listeners) notify(version);
      } catch (error) {
        this.onError(error);
      }
    };
    const watch: Watch = { listeners: new Set(), timer: setInterval(() => void check(), CHECK_MS) };
    this.watches.set(id, watch);
    void check();
    return watch;
  }
}

export function liveApi(app: FastifyInstance, store: Store, context: (request: FastifyRequest) => Context): void {
  const watches = new ProjectWatches(store, (error) => app.log.error(error));
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  serve(app, routes.live, async ({ request, params, reply }) => {
    const entity = entityFor(context(request), params.entity);
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    out.write(': live\n\n');
    const keepalive = setInterval(() => out.write(': keepalive\n\n'), KEEPALIVE_MS);
    const unsubscribe = watches.subscribe(entity, params.project, (version) => out.write(`data: ${version}\n\n`));
    const end = (): void => {
      if (!open.delete(end)) return;
      clearInterval(keepalive);
      unsubscribe();
      out.end();
    };
    open.add(end);
    out.on('close', end);
    return reply;
  });
}
