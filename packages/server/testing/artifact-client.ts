// The artifact log flow as the legacy Python client (0.16–0.18) sends it, written by hand from the
// shapes in docs/protocol/artifacts.md#logging-an-artifact, for tests over app.inject and over real HTTP alike.
import { createHash } from 'node:crypto';
import { graphqlAnswer, ServerError, upload } from '@sextant/client';
import { TEST_KEY } from './server-process.ts';

export interface ArtifactClient {
  gql(query: string, variables?: Record<string, unknown>): Promise<{ status: number; data: any; errors?: Array<{ message: string }> }>;
  /** A PUT with no credentials and no content type, as the client uploads. */
  put(url: string, body: string | Buffer): Promise<{ statusCode: number }>;
}

/** The client over real HTTP (@sextant/client), for a server at `url`. */
export function httpArtifactClient(url: string, key = TEST_KEY): ArtifactClient {
  const server = { url, key };
  return {
    gql: (query, variables = {}) => graphqlAnswer(server, query, variables),
    put: async (target, body) => {
      try {
        await upload(target, body);
        return { statusCode: 200 };
      } catch (error) {
        if (error instanceof ServerError && error.status !== undefined) return { statusCode: error.status };
        throw error;
      }
    },
  };
}

export const md5 = (bytes: string | Buffer, encoding: 'base64' | 'hex' = 'base64') => createHash('md5').update(bytes).digest(encoding);

export const CREATE = `mutation CreateArtifact($artifactTypeName: String!, $artifactCollectionNames: [String!], $entityName: String!, $projectName: String!,
  $runName: String, $description: String, $digest: String!, $aliases: [ArtifactAliasInput!], $metadata: JSONString, $clientID: ID, $sequenceClientID: ID) {
  createArtifact(input: {artifactTypeName: $artifactTypeName, artifactCollectionNames: $artifactCollectionNames, entityName: $entityName,
    projectName: $projectName, runName: $runName, description: $description, digest: $digest, digestAlgorithm: MANIFEST_MD5, aliases: $aliases,
    metadata: $metadata, clientID: $clientID, sequenceClientID: $sequenceClientID, enableDigestDeduplication: true}) {
    artifact { id state artifactSequence { id latestArtifact { id versionIndex } } }
  }
}`;
export const MANIFEST = `mutation CreateArtifactManifest($name: String!, $digest: String!, $artifactID: ID!, $baseArtifactID: ID, $entityName: String!,
  $projectName: String!, $runName: String!, $includeUpload: Boolean!) {
  createArtifactManifest(input: {name: $name, digest: $digest, artifactID: $artifactID, baseArtifactID: $baseArtifactID, entityName: $entityName,
    projectName: $projectName, runName: $runName, type: FULL}) {
    artifactManifest { id file { id name displayName uploadUrl @include(if: $includeUpload) uploadHeaders @include(if: $includeUpload) } }
  }
}`;
export const FILES = `mutation CreateArtifactFiles($storageLayout: ArtifactStorageLayout!, $artifactFiles: [CreateArtifactFileSpecInput!]!) {
  createArtifactFiles(input: {artifactFiles: $artifactFiles, storageLayout: $storageLayout}) {
    files { edges { node { id name displayName uploadUrl uploadHeaders storagePath uploadMultipartUrls { uploadID } artifact { id } } } }
  }
}`;
export const COMMIT = 'mutation CommitArtifact($artifactID: ID!) { commitArtifact(input: {artifactID: $artifactID}) { artifact { id digest } } }';
type Files = Record<string, string | Buffer>;
export const digestOf = (entries: Array<[string, string]>) => md5(`wandb-artifact-manifest-v1\n${[...entries].sort().map(([p, d]) => `${p}:${d}\n`).join('')}`, 'hex');

/** The whole log flow of one artifact version, as legacy Python sends it; returns what the server answered. */
export async function logArtifact(s: ArtifactClient, files: Files, options: { aliases?: string[]; name?: string; skipUpload?: string[]; type?: string; project?: string; run?: string; clientId?: string } = {}) {
  const name = options.name ?? 'model';
  const entries = Object.entries(files).map(([path, content]) => [path, md5(content)] as [string, string]);
  const created = await s.gql(CREATE, {
    artifactTypeName: options.type ?? 'model', artifactCollectionNames: [name], entityName: 'admin', projectName: options.project ?? 'proj', runName: options.run ?? 'r1',
    digest: digestOf(entries), metadata: '{"acc": 0.9}', description: 'a model',
    aliases: ['latest', ...(options.aliases ?? [])].map((alias) => ({ artifactCollectionName: name, alias })), clientID: options.clientId ?? `client-${Math.random()}`, sequenceClientID: 'seq-1',
  });
  if (created.errors) return { created };
  const artifact = created.data.createArtifact.artifact;
  if (artifact.state === 'COMMITTED') return { created, artifact };
  const vars = { name: 'wandb_manifest.json', artifactID: artifact.id, entityName: 'admin', projectName: options.project ?? 'proj', runName: options.run ?? 'r1' };
  const first = await s.gql(MANIFEST, { ...vars, digest: '', includeUpload: false });
  const specs = Object.keys(files).map((path) => ({ artifactID: artifact.id, artifactManifestID: first.data.createArtifactManifest.artifactManifest.id, name: path, md5: md5(files[path]), uploadPartsInput: [] }));
  const edges = (await s.gql(FILES, { storageLayout: 'V2', artifactFiles: specs })).data.createArtifactFiles.files.edges.map((e: { node: any }) => e.node);
  const puts = [];
  for (const node of edges) {
    if (node.uploadUrl && !options.skipUpload?.includes(node.displayName)) puts.push((await s.put(node.uploadUrl, files[node.displayName])).statusCode);
  }
  const contents = Object.fromEntries(edges.map((node: any) => [node.displayName, { digest: md5(files[node.displayName]), birthArtifactID: node.artifact.id, size: Buffer.byteLength(files[node.displayName]) }]));
  const manifestText = JSON.stringify({ version: 1, storagePolicy: 'wandb-storage-policy-v1', storagePolicyConfig: { storageLayout: 'V2' }, contents }, null, 4);
  const second = await s.gql(MANIFEST, { ...vars, digest: md5(manifestText), includeUpload: true });
  const manifestPut = await s.put(second.data.createArtifactManifest.artifactManifest.file.uploadUrl, manifestText);
  const commit = await s.gql(COMMIT, { artifactID: artifact.id });
  return { created, artifact, first, edges, puts, second, manifestPut, commit };
}

