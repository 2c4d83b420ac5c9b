// Resolving the artifact references media rows carry (docs/protocol/artifacts.md#media):
//   wandb-client-artifact://<clientID>/<path>              a version by the ID its client made up
//   wandb-client-artifact://<sequenceClientID>:latest/<path> the latest version of a sequence
//   wandb-artifact://<hex of the base64 ID>/<path>, wandb-artifact://_id/<base64 ID>/<path>
import type { ArtifactFile, ArtifactVersion, Store } from '../store/store.ts';
import { parseArtifactId } from './ids.ts';

export async function resolveReference(store: Store, entity: string, uri: string): Promise<{ version: ArtifactVersion; file: ArtifactFile } | undefined> {
  const match = /^(wandb-client-artifact|wandb-artifact):\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) return undefined;
  const [, scheme, head, rest] = match;
  let version: ArtifactVersion | undefined;
  let path = rest;
  if (scheme === 'wandb-client-artifact') {
    version = head.endsWith(':latest') ? await store.latestBySequenceClientId(head.slice(0, -':latest'.length)) : await store.artifactByClientId(head);
  } else {
    let id: string;
    if (head === '_id') {
      const slash = rest.indexOf('/');
      try {
        id = decodeURIComponent(rest.slice(0, slash));
      } catch {
        return undefined;
      }
      path = rest.slice(slash + 1);
    } else {
      id = Buffer.from(head, 'hex').toString('base64');
    }
    const number = parseArtifactId(id);
    version = number === undefined ? undefined : await store.getArtifact(number);
  }
  if (!version || version.entity !== entity || version.state !== 'COMMITTED') return undefined;
  const file = (await store.artifactFiles(version.id, 0, version.fileCount)).find((f) => f.path === path);
  return file && { version, file };
}
