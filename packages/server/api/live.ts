// Live updates for the dashboard: GET /api/v1/live/E/P is a server-sent event stream with one
// event, the project's version (Store.projectVersion), each time it changes. The store says when a
// watched project may have changed (Store.watchProjects: this process's writes on SQLite, every
// server's on PostgreSQL through LISTEN/NOTIFY); its version is then read again, once per project
// however many streams watch it, and at most every READ_GAP_MS while it keeps changing.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ProjectRef, Store } from '../store/store.ts';
import { entityFor, type Context } from '../context.ts';
import { routes } from '@sextant/protocol';
import { serve } from './contract.ts';

/** A project written to all the time (history streaming in) is read again at most this often. */
const READ_GAP_MS = 250;
/** A comment line now and then keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

type Listener = (version: string) => void;

interface Watch extends ProjectRef {
  listeners: Set<Listener>;
  version?: string;
  /** A read is under way; `again`: a change came meanwhile, read once more after it. */
  reading: boolean;
  again: boolean;
}

const watchId = ({ entity, project }: ProjectRef): string => JSON.stringify([entity, project]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class ProjectWatches {
  private readonly watches = new Map<string, Watch>();
  private readonly store: Store;
  private readonly onError: (error: unknown) => void;
  private unwatch?: () => void;

  constructor(store: Store, onError: (error: unknown) => void) {
    this.store = store;
    this.onError = onError;
  }

  /** Calls `listener` with the version now (once known) and after each change, until unsubscribed. */
  subscribe(entity: string, project: string, listener: Listener): () => void {
    const id = watchId({ entity, project });
    let watch = this.watches.get(id);
    if (!watch) {
      watch = { entity, project, listeners: new Set(), reading: false, again: false };
      this.watches.set(id, watch);
      this.unwatch ??= this.store.watchProjects((changed) => this.changed(changed), this.onError);
      this.read(watch);
    } else if (watch.version !== undefined) listener(watch.version);
    watch.listeners.add(listener);
    const own = watch;
    return () => {
      own.listeners.delete(listener);
      if (own.listeners.size > 0) return;
      this.watches.delete(id);
      if (this.watches.size > 0) return;
      this.unwatch?.();
      this.unwatch = undefined;
    };
  }

  private changed(project?: ProjectRef): void {
    if (!project) for (const watch of this.watches.values()) this.read(watch);
    else {
      const watch = this.watches.get(watchId(project));
      if (watch) this.read(watch);
    }
  }

  private read(watch: Watch): void {
    if (watch.reading) return void (watch.again = true);
    watch.reading = true;
    void (async () => {
      for (let first = true; first || (watch.again && this.watches.get(watchId(watch)) === watch); first = false) {
        if (!first) await sleep(READ_GAP_MS);
        watch.again = false;
        try {
          const version = await this.store.projectVersion(watch.entity, watch.project);
          if (version === watch.version) continue;
          watch.version = version;
          for (const notify of watch.listeners) notify(version);
        } catch (error) {
          this.onError(error);
        }
      }
      watch.reading = false;
    })();
  }
}

/** `log` is told a failed read of a project's version and an error of the store's change feed. */
export function liveApi(app: FastifyInstance, store: Store, context: (request: FastifyRequest) => Context, log: (line: string) => void): void {
  const watches = new ProjectWatches(store, (error) => log(`live updates: ${error instanceof Error ? error.message : String(error)}`));
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
