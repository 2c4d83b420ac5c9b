// Artifacts logged over HTTP the way the wandb client logs them (create, manifest, upload, commit),
// for browser tests that seed a real server.
import assert from 'node:assert/strict';
import { authHeader } from '../../server/testing/server-process.ts';
import { logArtifact, type ArtifactClient } from '../../server/testing/artifact-client.ts';

/** Logs an artifact version on the server at `url`; fails the seed when any step is refused. */
export function artifactLogger(url: string): (...args: Parameters<typeof logArtifact> extends [unknown, ...infer Rest] ? Rest : never) => Promise<void> {
  const client: ArtifactClient = {
    gql: async (query, variables = {}) => {
      const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { authorization: authHeader(), 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = await response.json() as { data?: unknown; errors?: Array<{ message: string }> };
      return { status: response.status, data: body.data, errors: body.errors };
    },
    put: async (target, body) => ({ statusCode: (await fetch(target, { method: 'PUT', body: typeof body === 'string' ? body : Uint8Array.from(body) })).status }),
  };
  return async (...args) => {
    const result = await logArtifact(client, ...args);
    assert.ok(result.commit && !result.commit.errors, JSON.stringify(result.created.errors ?? result.commit?.errors));
  };
}
