// Serving a route of the native API's contract (@sextant/protocol): its params, query and body are
// checked against the declared schemas before the handler runs, a mismatch being a 400 that names
// the JSON path (`body.state: expected one of RUNNING|PAUSED|…`), and the handler must answer the
// declared type.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Answer, Body, Params, Query, Route } from '@sextant/protocol';
import { RequestError } from '../errors.ts';

export interface Call<T extends Route> {
  params: Params<T>;
  query: Query<T>;
  body: Body<T>;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** Fastify route config of a route served here: its declaration, for the check that every route has one. */
export interface ContractConfig {
  contract: Route;
}

export function serve<T extends Route>(app: FastifyInstance, route: T, handler: (call: Call<T>) => Promise<Answer<T> | FastifyReply>): void {
  app.route({
    method: route.method,
    url: route.path,
    config: { contract: route } satisfies ContractConfig,
    handler: async (request, reply) => {
      const params = checked<T['params']>(route.params, request.params, 'params');
      const query = checked<T['query']>(route.query, present(request.query), 'query');
      const sent = route.textBody !== undefined && Buffer.isBuffer(request.body) ? { [route.textBody]: request.body.toString('utf8') } : request.body;
      const body = checked<T['body']>(route.body, sent, 'body');
      if (route.status !== undefined) reply.code(route.status);
      return handler({ params, query, body, request, reply });
    },
  });
}

/** The query without its empty values (`?limit=`), which count as absent. */
function present(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
}

function checked<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value, { error: defaultMessage });
  if (result.success) return result.data;
  throw new RequestError(result.error.issues.map((issue) => problem(where, issue)).join('; '));
}

function problem(where: string, issue: z.core.$ZodIssue): string {
  const path = pathText([where, ...issue.path]);
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${path}.${key}: ${issue.message}`).join('; ');
  return `${path}: ${issue.message}`;
}

const pathText = (path: PropertyKey[]): string => path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('');

/** Our wording where the schema gives none; zod's own for the rest. */
function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, got ${kind(issue.input)}`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map(String).join('|')}`;
  if (issue.code === 'unrecognized_keys') return 'not a field of this request';
  return undefined;
}

function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Buffer.isBuffer(value)) return 'a non-JSON body';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
