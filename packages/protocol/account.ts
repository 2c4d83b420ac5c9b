// The caller: who the key belongs to, its entity's projects, its API keys, and a project's live version stream (docs/api.md).
import { z } from 'zod';
import { projectParams, route } from './route.ts';

export const project = z.object({ name: z.string(), createdAt: z.string(), runCount: z.number() });
export const apiKey = z.object({ id: z.number(), prefix: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() });

export const accountRoutes = {
  viewer: route({ method: 'GET', path: '/api/v1/viewer', response: z.object({ username: z.string(), entity: z.string() }) }),
  listProjects: route({ method: 'GET', path: '/api/v1/projects', query: z.object({ entity: z.string().optional() }), response: z.object({ entity: z.string(), projects: z.array(project) }) }),
  listKeys: route({ method: 'GET', path: '/api/v1/keys', response: z.object({ keys: z.array(apiKey) }) }),
  /** `key` (the whole key) is answered only this once. */
  createKey: route({ method: 'POST', path: '/api/v1/keys', status: 201, response: apiKey.extend({ key: z.string() }) }),
  revokeKey: route({ method: 'DELETE', path: '/api/v1/keys/:id', params: z.object({ id: z.string() }), response: z.object({ id: z.number(), revoked: z.literal(true) }) }),
  /** Each event's data is the project's version: opaque, compare it. */
  live: route({ method: 'GET', path: '/api/v1/live/:entity/:project', params: projectParams, stream: true, response: z.string() }),
};
