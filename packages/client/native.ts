// The native JSON API (/api/v1) called through its declarations in @sextant/protocol: the path,
// query and body a route takes, and the answer it gives, are typed by them.
import type { z } from 'zod';
import type { Answer, BodyInput, QueryInput, Route } from '@sextant/protocol';
import { answer, send, type Server } from './http.ts';

export interface CallInput<T extends Route> {
  params?: z.input<T['params']>;
  query?: QueryInput<T>;
  body?: BodyInput<T>;
}

/** The route's path with its `:name` parameters filled in and its query appended. */
export function routePath(route: Route, params: Record<string, string> = {}, query: Record<string, unknown> = {}): string {
  const path = route.path.replace(/:(\w+)/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`${route.method} ${route.path}: no value for :${name}`);
    return encodeURIComponent(params[name]);
  });
  const entries = Object.entries(query).filter((e) => e[1] !== undefined && e[1] !== '').map(([k, v]): [string, string] => [k, String(v)]);
  return entries.length ? `${path}?${new URLSearchParams(entries)}` : path;
}

/** One call with the key as `Authorization: Bearer`; a failure is a ServerError with the server's message. */
export async function call<T extends Route>(server: Server, route: T, input: CallInput<T> = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { authorization: `Bearer ${server.key}` };
  if (input.body !== undefined) headers['content-type'] = 'application/json';
  const url = `${server.url}${routePath(route, input.params as Record<string, string> | undefined, input.query as Record<string, unknown> | undefined)}`;
  const response = await send(url, { method: route.method, headers, body: input.body === undefined ? undefined : JSON.stringify(input.body) }, server.url);
  return answer<Answer<T>>(response);
}
