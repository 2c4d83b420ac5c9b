// Removing artifact versions and the bytes only they held.
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactVersion, Store } from '../store/store.ts';
import { hexOf, type Blobs } from './blobs.ts';

/** Deletes a version, then the stored bytes no other version of its entity refers to. */
export async function deleteVersion(store: Store, blobs: Blobs, version: ArtifactVersion): Promise<void> {
  for (const digest of await store.deleteArtifact(version.id)) {
    // An upload that arrived since may have stored the same bytes again: keep them then.
    if (!(await store.findArtifactObject(version.entity, digest))) await blobs.remove(version.entity, hexOf(digest));
  }
}

/**
 * Called periodically: versions still pending since before `before` (their upload URLs have expired)
 * are deleted with the bytes only they uploaded, and so are temporary upload files that old, left by
 * a server that was killed mid-upload. Returns how many versions went.
 */
export async function dropAbandonedUploads(store: Store, blobs: Blobs, before: Date): Promise<number> {
  const stale = await store.stalePendingArtifacts(before);
  for (const version of stale) await deleteVersion(store, blobs, version);
  const incoming = join(blobs.root, 'incoming');
  for (const name of await readdir(incoming).catch(() => [] as string[])) {
    const path = join(incoming, name);
    const info = await stat(path).catch(() => undefined);
    if (info && info.mtime < before) await unlink(path).catch(() => undefined);
  }
  return stale.length;
}
