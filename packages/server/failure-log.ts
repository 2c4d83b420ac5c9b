// One line per answer with a 4xx or 5xx status, so an operator sees what a client asked for and why
// it was refused: time, status, method, path (without the query string, which may hold a signature),
// the GraphQL operation when there is one, and the message the client got.
import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The GraphQL operation a request ran: its name, or its root fields when it has none. */
    operation?: string;
  }
}

export type LogLine = (line: string) => void;

export const stderrLine: LogLine = (line) => {
  process.stderr.write(`${line}\n`);
};

/** Route config of an answer that every client of some version earns on each run: logged once per route. */
export interface LoggedOnce {
  logOnce?: boolean;
}

export function logFailures(app: FastifyInstance, log: LogLine): void {
  const logged = new Set<string>();
  // Callback style: an answer that succeeded costs no promise.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode >= 400 && firstOfItsRoute(request)) log(failureLine(request, reply.statusCode, payload));
    done(null, payload);
  });

  /** False for an answer of a logged-once route that was already logged. */
  function firstOfItsRoute(request: FastifyRequest): boolean {
    if (!(request.routeOptions.config as LoggedOnce).logOnce) return true;
    const route = `${request.method} ${request.routeOptions.url}`;
    if (logged.has(route)) return false;
    logged.add(route);
    return true;
  }
}

function failureLine(request: FastifyRequest, status: number, payload: unknown): string {
  const path = request.url.split('?')[0];
  const operation = request.operation ? ` ${request.operation}` : '';
  return `${new Date().toISOString()} ${status} ${request.method} ${path}${operation}: ${reason(payload)}`;
}

function reason(payload: unknown): string {
  const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
  try {
    const body = JSON.parse(text) as { errors?: Array<{ message?: unknown }>; error?: unknown; message?: unknown };
    const message = body.errors?.map((e) => e.message).join('; ') ?? body.error ?? body.message;
    if (typeof message === 'string' && message !== '') return message;
  } catch {
    // not JSON: fall through
  }
  return text.slice(0, 200) || '(no message)';
}
