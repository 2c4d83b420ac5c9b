// Artifacts logged over HTTP the way the wandb client logs them (create, manifest, upload, commit),
// for browser tests that seed a real server.
import assert from 'node:assert/strict';
import { httpArtifactClient, logArtifact } from '../../server/testing/artifact-client.ts';

/** Logs an artifact version on the server at `url`; fails the seed when any step is refused. */
export function artifactLogger(url: string): (...args: Parameters<typeof logArtifact> extends [unknown, ...infer Rest] ? Rest : never) => Promise<void> {
  const client = httpArtifactClient(url);
  return async (...args) => {
    const result = await logArtifact(client, ...args);
    assert.ok(result.commit && !result.commit.errors, JSON.stringify(result.created.errors ?? result.commit?.errors));
  };
}
