// The artifact manifest (wandb_manifest.json) the client uploads, and the artifact digest over it
// (docs/protocol/artifacts.md#digests, #manifests). Unknown keys are ignored; formatting does not matter.
import { createHash } from 'node:crypto';
import { RequestError } from '../errors.ts';
import { checkFileName } from '../files/names.ts';

export interface ManifestEntry {
  path: string;
  digest: string;
  size: number;
  birthArtifactID: string | null;
  ref: string | null;
}

export interface Manifest {
  storageRegion: string | null;
  entries: ManifestEntry[];
}

export function parseManifest(text: string, artifactName: string): Manifest {
  const fail = (why: string): never => {
    throw new RequestError(`the manifest of ${artifactName} ${why}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('is not a JSON object');
  const { version, contents, storagePolicyConfig } = json as Record<string, unknown>;
  if (version !== 1) fail(`has version ${JSON.stringify(version)}; only version 1 is supported`);
  if (typeof contents !== 'object' || contents === null || Array.isArray(contents)) return fail('has no "contents" object');
  const entries = Object.entries(contents as Record<string, unknown>).map(([path, value]): ManifestEntry => {
    try {
      checkFileName(path);
    } catch (error) {
      return fail(`has a bad entry: ${(error as Error).message}`);
    }
    const entry = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    if (typeof entry.digest !== 'string' || entry.digest === '') fail(`entry ${JSON.stringify(path)} has no digest`);
    const size = entry.size ?? 0;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) fail(`entry ${JSON.stringify(path)} has a bad size`);
    return {
      path, digest: entry.digest as string, size: size as number,
      birthArtifactID: typeof entry.birthArtifactID === 'string' ? entry.birthArtifactID : null,
      ref: typeof entry.ref === 'string' && entry.ref !== '' ? entry.ref : null,
    };
  });
  const config = (typeof storagePolicyConfig === 'object' && storagePolicyConfig !== null ? storagePolicyConfig : {}) as Record<string, unknown>;
  return { storageRegion: typeof config.storageRegion === 'string' ? config.storageRegion : null, entries: entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

/** The artifact digest: hex MD5 over the sorted `path:digest` lines, as the client computes it. */
export function artifactDigest(entries: Array<{ path: string; digest: string }>): string {
  const hash = createHash('md5').update('wandb-artifact-manifest-v1\n');
  for (const entry of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) hash.update(`${entry.path}:${entry.digest}\n`);
  return hash.digest('hex');
}
