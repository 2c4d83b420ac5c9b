// One route of the native API as data: what a caller sends and what it gets back.
import { z } from 'zod';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Route<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: Method;
  /** Fastify's syntax: `:name` is a path parameter. */
  path: string;
  params: P;
  query: Q;
  body: B;
  /** The answer on success (its status is `status`, else 200). */
  response: R;
  status?: number;
  /** A body sent as text (any non-JSON content type) stands for `{[textBody]: text}`. */
  textBody?: string;
  /** The answer is a `text/event-stream` whose events' data `response` describes, not one JSON value. */
  stream?: boolean;
}

export type Params<T extends Route> = z.output<T['params']>;
export type Query<T extends Route> = z.output<T['query']>;
export type Body<T extends Route> = z.output<T['body']>;
export type Answer<T extends Route> = z.output<T['response']>;
/** What a caller passes: query values before the server parses them. */
export type QueryInput<T extends Route> = z.input<T['query']>;
export type BodyInput<T extends Route> = z.input<T['body']>;

export const none = z.object({}).optional();
export const noBody = z.undefined({ error: 'this request takes no body' });

/** A route with no parameters, query or body unless given. */
export function route<P extends z.ZodType = typeof none, Q extends z.ZodType = typeof none, B extends z.ZodType = typeof noBody, R extends z.ZodType = z.ZodType>(
  spec: { method: Method; path: string; params?: P; query?: Q; body?: B; response: R; status?: number; textBody?: string; stream?: boolean },
): Route<P, Q, B, R> {
  return { ...spec, params: spec.params ?? (none as unknown as P), query: spec.query ?? (none as unknown as Q), body: spec.body ?? (noBody as unknown as B) };
}

/** An integer query value within [min, max], `fallback` when absent. */
export function integer(min: number, max: number, fallback: number) {
  const error = `expected an integer from ${min} to ${max}`;
  return z.coerce.number<string | number>({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback);
}

/** A comma-separated list in a query value. */
export const list = z.string().transform((text) => text.split(','));

export const name = z.string().min(1);
export const projectParams = z.object({ entity: name, project: name });
export const runParams = z.object({ entity: name, project: name, run: name });
