// Where artifact bytes go up and come down. The client sends PUTs and directUrl GETs without
// credentials (docs/protocol/artifacts.md#uploads, #downloading), so those URLs carry an expiring signature.
import type { ArtifactFile, ArtifactVersion } from '../store/store.ts';
import { hexOf } from './blobs.ts';
import { artifactId } from './ids.ts';
import { sameSignature } from '../auth/signatures.ts';

/** A week: the client must start sending (or fetching) before the URL expires. */
const LIFETIME_SECONDS = 7 * 24 * 3600;

export interface Signer {
  baseUrl: string;
  sign(path: string): string;
}

/** An absolute URL for `path`, valid for a week. */
export function signedUrl(signer: Signer, path: string): string {
  const expires = Math.floor(Date.now() / 1000) + LIFETIME_SECONDS;
  return `${signer.baseUrl}${path}?exp=${expires}&sig=${signer.sign(`${path}?exp=${expires}`)}`;
}

/** Whether a request URL (path and query, as received) carries a valid, unexpired signature. */
export function validSignature(sign: (path: string) => string, url: string): boolean {
  const [path, query = ''] = url.split('?', 2);
  const params = new URLSearchParams(query);
  const expires = params.get('exp');
  const sig = params.get('sig');
  if (!expires || !/^\d+$/.test(expires) || Number(expires) < Date.now() / 1000) return false;
  return sameSignature(sig, sign(`${path}?exp=${expires}`));
}

/** The PUT target for one file (by hex MD5) or the manifest of a pending version. */
export function uploadPath(artifactId: number, target: string): string {
  return `/artifact-uploads/${artifactId}/${target}`;
}

/** The V2 object path the client also builds itself as a fallback (with HTTP Basic auth). */
export function objectPath(entity: string, birthArtifactId: string, md5Hex: string): string {
  return `/artifactsV2/default/${encodeURIComponent(entity)}/${encodeURIComponent(birthArtifactId)}/${md5Hex}`;
}

/** Where a file of a version downloads from without credentials: a signed object URL, or its reference. */
export function artifactFileUrl(signer: Signer, v: ArtifactVersion, f: ArtifactFile): string {
  return f.ref ?? signedUrl(signer, objectPath(v.entity, artifactId(f.birthArtifactId ?? v.id), hexOf(f.digest)));
}
