// Artifacts as the W&B GraphQL schema shows them: versions (`Artifact`), sequences, memberships,
// files with download URLs, and the artifact fields of projects and runs (docs/protocol/artifacts.md#reading-an-artifact, #lineage).
import type { ArtifactFile, ArtifactVersion, RunKey } from '../store/store.ts';
import type { Args } from './graphql.ts';
import type { FileNode, GraphContext } from './nodes.ts';
import { connection, pageBounds, pagedConnection } from './connection.ts';
import { hexOf } from '../artifacts/blobs.ts';
import { artifactFileUrl, objectPath, signedUrl } from '../artifacts/urls.ts';
import { artifactId, encodeId, parseArtifactId } from '../artifacts/ids.ts';

/** The version of `id` if the caller's entity owns it. */
export async function ownArtifact(ctx: GraphContext, id: unknown): Promise<ArtifactVersion | undefined> {
  const number = parseArtifactId(id);
  const artifact = number === undefined ? undefined : await ctx.store.getArtifact(number);
  return artifact && artifact.entity === ctx.user.username && artifact.state !== 'DELETED' ? artifact : undefined;
}

/** `name`, `name:v3`, `name:alias` or `name:<digest>`; no ref means latest. */
function splitArtifactName(text: string): { name: string; ref: string } {
  const at = text.indexOf(':');
  return at < 0 ? { name: text, ref: 'latest' } : { name: text.slice(0, at), ref: text.slice(at + 1) };
}

function typeObject(ctx: GraphContext, entity: string, project: string, type: string): Record<string, unknown> {
  const sequence = async ({ name }: Args) => {
    if (typeof name !== 'string') return null;
    const found = (await ctx.store.listArtifactSequences(entity, project, type)).find((s) => s.name === name);
    return found ? sequenceObject(ctx, entity, project, found.name, type) : null;
  };
  const sequences = async ({ after, first }: Args) =>
    connection(await ctx.store.listArtifactSequences(entity, project, type), after, first, (s) => sequenceObject(ctx, entity, project, s.name, type));
  return {
    __typename: 'ArtifactType', id: encodeId('ArtifactType', `${entity}/${project}/${type}`), name: type,
    // When its first collection was made (0.31 requires it).
    createdAt: async () => (await ctx.store.listArtifactSequences(entity, project, type)).map((s) => s.createdAt).sort()[0] ?? null,
    artifactCollection: sequence, artifactSequence: sequence, artifactCollections: sequences, artifactSequences: sequences,
    artifact: async ({ name }: Args) => {
      const found = typeof name === 'string' ? await versionByName(ctx, entity, project, name) : undefined;
      return found && found.type === type ? artifactObject(ctx, found) : null;
    },
  };
}

function sequenceObject(ctx: GraphContext, entity: string, project: string, name: string, type: string): Record<string, unknown> {
  return {
    __typename: 'ArtifactSequence',
    id: encodeId('ArtifactSequence', `${entity}/${project}/${name}`),
    name,
    project: () => ctx.nodes.project(entity, project),
    artifactType: () => typeObject(ctx, entity, project, type),
    createdAt: async () => (await ctx.store.listArtifactSequences(entity, project, type)).find((s) => s.name === name)?.createdAt ?? null,
    updatedAt: async () => (await ctx.store.listArtifactVersions(entity, project, name))[0]?.updatedAt ?? null,
    defaultArtifactType: () => typeObject(ctx, entity, project, type),
    // Collection tags are not kept: an empty connection (0.17+ read its edges).
    tags: { edges: [] },
    /** Every alias some version of the sequence holds (`wandb artifact ls`, ArtifactCollection.aliases). */
    aliases: async ({ after, first }: Args) => {
      const held = (await ctx.store.listArtifactVersions(entity, project, name)).flatMap((v) => v.aliases.map((alias) => ({ alias, v })));
      return connection(held.sort((a, b) => (a.alias < b.alias ? -1 : 1)), after, first, ({ alias, v }) => aliasObject(ctx, v, alias));
    },
    latestArtifact: async () => {
      const latest = await ctx.store.resolveArtifact(entity, project, name, 'latest');
      return latest ? artifactObject(ctx, latest) : null;
    },
    artifacts: async ({ after, first }: Args) => {
      const result = connection(await ctx.store.listArtifactVersions(entity, project, name), after, first, (v) => ({ v, node: artifactObject(ctx, v) }));
      const edges = (result.edges as Array<{ node: { v: ArtifactVersion; node: unknown }; cursor: string }>)
        .map((edge) => ({ node: edge.node.node, cursor: edge.cursor, version: `v${edge.node.v.versionIndex}` }));
      return { ...result, edges };
    },
    artifactMembership: async ({ aliasName }: Args) => {
      const version = typeof aliasName === 'string' ? await ctx.store.resolveArtifact(entity, project, name, aliasName) : undefined;
      return version ? membershipObject(ctx, version) : null;
    },
  };
}

function membershipObject(ctx: GraphContext, version: ArtifactVersion): Record<string, unknown> {
  const artifact = artifactObject(ctx, version);
  return {
    __typename: 'ArtifactCollectionMembership',
    id: encodeId('ArtifactCollectionMembership', version.id),
    versionIndex: version.versionIndex,
    // A version joins its collection when it is created.
    createdAt: version.createdAt,
    aliases: artifact.aliases,
    artifactCollection: artifact.artifactSequence,
    artifact,
    files: artifact.files,
  };
}

export function artifactObject(ctx: GraphContext, v: ArtifactVersion): Record<string, unknown> {
  const id = artifactId(v.id);
  const sequence = () => sequenceObject(ctx, v.entity, v.project, v.name, v.type);
  const aliases = v.state === 'COMMITTED' ? [...v.aliases, `v${v.versionIndex}`] : v.aliases;
  return {
    __typename: 'Artifact',
    id,
    digest: v.digest,
    commitHash: v.digest.slice(0, 12),
    state: v.state,
    versionIndex: v.versionIndex,
    description: v.description,
    metadata: v.metadata ?? '{}',
    artifactType: () => typeObject(ctx, v.entity, v.project, v.type),
    artifactSequence: sequence,
    artifactCollection: sequence,
    artifactCollectionName: v.name,
    aliases: () => aliases.map((alias) => aliasObject(ctx, v, alias)),
    // Artifact tags are not kept: a version has none.
    tags: [],
    ttlDurationSeconds: -2,
    ttlIsInherited: true,
    historyStep: v.historyStep,
    fileCount: v.fileCount,
    size: v.size,
    storageBytes: v.size,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    currentManifest: () => (v.manifestDigest && v.manifestUploaded ? manifestObject(ctx, v, null) : null),
    files: async ({ names, after, first }: Args) => {
      if (Array.isArray(names) && names.length > 0) {
        const files = (await ctx.store.artifactFiles(v.id, 0, v.fileCount)).filter((f) => names.includes(f.path));
        return { uploadHeaders: [], ...connection(files, after, first, (f) => fileObject(ctx, v, f)) };
      }
      // Read page by page: a download pages through every file, and an artifact may hold many.
      const { start, size } = pageBounds(after, first);
      const from = Math.min(start, v.fileCount);
      return { uploadHeaders: [], ...pagedConnection(await ctx.store.artifactFiles(v.id, from, size), from, v.fileCount, (f) => fileObject(ctx, v, f)) };
    },
    createdBy: async () => {
      const run = v.createdBy ? await ctx.store.getRun({ entity: v.entity, project: v.project, name: v.createdBy }) : undefined;
      return run ? ctx.nodes.run(run) : null;
    },
    // Sextant keeps no links to other collections (registries): a version is a member of its own collection only.
    artifactMemberships: ({ after, first }: Args) => connection([v], after, first, (version) => membershipObject(ctx, version)),
    usedBy: async ({ after, first }: Args) => {
      const runs = (await Promise.all((await ctx.store.artifactUsers(v.id)).map((key) => ctx.store.getRun(key)))).filter((r) => r !== undefined);
      return connection(runs, after, first, (run) => ctx.nodes.run(run));
    },
  };
}

function aliasObject(ctx: GraphContext, v: ArtifactVersion, alias: string): Record<string, unknown> {
  return {
    __typename: 'ArtifactAlias',
    id: encodeId('ArtifactAlias', `${v.id}:${alias}`),
    alias,
    artifactCollectionName: v.name,
    artifactCollection: () => sequenceObject(ctx, v.entity, v.project, v.name, v.type),
    artifact: () => artifactObject(ctx, v),
  };
}

function fileObject(ctx: GraphContext, v: ArtifactVersion, f: ArtifactFile): FileNode {
  const url = artifactFileUrl(ctx, v, f);
  return {
    __typename: 'File', id: encodeId('File', `${v.id}:${f.path}`), name: f.path, displayName: f.path,
    digest: f.digest, md5: f.digest, sizeBytes: f.size, directUrl: url, url, mimetype: null, updatedAt: v.updatedAt,
    // A reference (s3://…) has no stored bytes.
    storagePath: f.ref ? null : hexOf(f.digest),
    uploadUrl: null,
    uploadHeaders: [],
    artifact: f.birthArtifactId === null ? () => artifactObject(ctx, v) : () => birthArtifact(ctx, f.birthArtifactId!),
  };
}

/** The version that first uploaded some bytes (their URL's path names it). */
export async function birthArtifact(ctx: GraphContext, id: number): Promise<unknown> {
  const found = await ctx.store.getArtifact(id);
  return found ? artifactObject(ctx, found) : null;
}

/** A version's manifest: its download URL once uploaded, or (`uploadUrl`) where to upload it. */
export function manifestObject(ctx: GraphContext, v: ArtifactVersion, uploadUrl: string | null): Record<string, unknown> {
  const url = v.manifestDigest && v.manifestUploaded ? signedUrl(ctx, objectPath(v.entity, artifactId(v.id), hexOf(v.manifestDigest))) : null;
  const file: FileNode = {
    __typename: 'File', id: encodeId('File', `${v.id}:wandb_manifest.json`), name: 'wandb_manifest.json', displayName: 'wandb_manifest.json',
    url, directUrl: url, sizeBytes: null, mimetype: 'application/json', updatedAt: v.updatedAt, md5: v.manifestDigest, digest: v.manifestDigest,
    storagePath: v.manifestDigest ? hexOf(v.manifestDigest) : null, uploadUrl, uploadHeaders: [], artifact: () => artifactObject(ctx, v),
  };
  return { __typename: 'ArtifactManifest', id: encodeId('ArtifactManifest', v.id), type: 'FULL', file };
}

/** A committed version by `name[:ref]`. */
function versionByName(ctx: GraphContext, entity: string, project: string, text: string): Promise<ArtifactVersion | undefined> {
  const { name, ref } = splitArtifactName(text);
  return ctx.store.resolveArtifact(entity, project, name, ref);
}

/** The artifact fields of a Project. */
export function projectArtifactFields(ctx: GraphContext, entity: string, project: string): Record<string, unknown> {
  const version = async (text: unknown) => (typeof text === 'string' ? versionByName(ctx, entity, project, text) : undefined);
  const sequence = async ({ name }: Args) => {
    const found = typeof name === 'string' ? (await ctx.store.listArtifactSequences(entity, project)).find((s) => s.name === name) : undefined;
    return found ? sequenceObject(ctx, entity, project, found.name, found.type) : null;
  };
  return {
    artifact: async ({ name }: Args) => {
      const found = await version(name);
      return found ? artifactObject(ctx, found) : null;
    },
    artifactCollectionMembership: async ({ name }: Args) => {
      const found = await version(name);
      return found ? membershipObject(ctx, found) : null;
    },
    artifactCollection: sequence,
    artifactSequence: sequence,
    artifactCollections: async ({ after, first }: Args) =>
      connection(await ctx.store.listArtifactSequences(entity, project), after, first, (s) => sequenceObject(ctx, entity, project, s.name, s.type)),
    artifactType: async ({ name }: Args) =>
      typeof name === 'string' && (await ctx.store.listArtifactSequences(entity, project, name)).length > 0 ? typeObject(ctx, entity, project, name) : null,
    artifactTypes: async ({ after, first }: Args) => {
      const types = [...new Set((await ctx.store.listArtifactSequences(entity, project)).map((s) => s.type))].sort();
      return connection(types, after, first, (type) => typeObject(ctx, entity, project, type));
    },
  };
}

/** A collection of the caller's entity by its GraphQL id. */
export async function collectionById(ctx: GraphContext, id: unknown): Promise<unknown> {
  const decoded = typeof id === 'string' ? /^ArtifactSequence:([^/]+)\/([^/]+)\/(.+)$/.exec(Buffer.from(id, 'base64').toString('utf8')) : null;
  if (!decoded || decoded[1] !== ctx.user.username) return null;
  const [, entity, project, name] = decoded;
  const found = (await ctx.store.listArtifactSequences(entity, project)).find((s) => s.name === name);
  return found ? sequenceObject(ctx, entity, project, name, found.type) : null;
}

/** The artifact fields of a Run: what it logged and what it used. */
export function runArtifactFields(ctx: GraphContext, key: RunKey): Record<string, unknown> {
  const list = (direction: 'output' | 'input') => async ({ after, first }: Args) =>
    connection(await ctx.store.runArtifacts(key, direction), after, first, (v) => artifactObject(ctx, v));
  return { outputArtifacts: list('output'), inputArtifacts: list('input') };
}
