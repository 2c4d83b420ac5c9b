// The caller's own API keys, for the dashboard's /authorize page (where `wandb login` sends a
// user): list them, create one (its text is answered once, only its hash is kept), revoke one.
// Documented in docs/api.md.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKeyInfo, Store } from '../store/store.ts';
import type { Context } from '../context.ts';
import { newApiKey, registerKey } from '../auth/keys.ts';
import { routes, type ApiKey } from '@sextant/protocol';
import { serve } from './contract.ts';

const keyJson = (key: ApiKeyInfo): ApiKey => ({ id: key.id, prefix: key.prefix, createdAt: key.createdAt, revokedAt: key.revokedAt });

export function keysApi(app: FastifyInstance, store: Store, context: (request: FastifyRequest) => Context): void {
  serve(app, routes.listKeys, async ({ request }) => ({ keys: (await store.listApiKeys(context(request).user.id)).map(keyJson) }));

  serve(app, routes.createKey, async ({ request }) => {
    const key = newApiKey();
    const info = await registerKey(store, context(request).user, key);
    return { ...keyJson(info), key };
  });

  serve(app, routes.revokeKey, async ({ request, params, reply }) => {
    const id = Number(params.id);
    if (!Number.isSafeInteger(id) || !(await store.revokeApiKey(context(request).user.id, id))) {
      return reply.code(404).send({ errors: [{ message: `no key ${params.id} of yours that is still valid` }] });
    }
    return { id, revoked: true as const };
  });
}
