// The GraphQL operations of the artifact log and use flows (docs/protocol/artifacts.md#logging-an-artifact, #reading-an-artifact).
import { ArtifactConflict, type ArtifactVersion } from '../store/store.ts';
import type { Args } from './graphql.ts';
import { AccessError, RequestError } from '../errors.ts';
import { checkNesting } from '../json.ts';
import { entityFor, runKey, type Context } from '../context.ts';
import { checkFileName } from '../files/names.ts';
import { artifactObject, birthArtifact, collectionById, manifestObject, ownArtifact } from './artifact-fields.ts';
import type { FileNode, GraphContext } from './nodes.ts';
import { pagedConnection } from './connection.ts';
import { artifactId, encodeId, parseArtifactId } from '../artifacts/ids.ts';
import { hexOf, isMd5Base64 } from '../artifacts/blobs.ts';
import { artifactDigest, parseManifest } from '../artifacts/manifest.ts';
import { signedUrl, uploadPath } from '../artifacts/urls.ts';
import { deleteVersion } from '../artifacts/cleanup.ts';

const NAME = /^[a-zA-Z0-9_\-.]+$/;

export function artifactQueries(ctx: GraphContext): Record<string, unknown> {
  return {
    artifact: async ({ id }: Args) => {
      const found = await ownArtifact(ctx, id);
      return found ? artifactObject(ctx, found) : null;
    },
    artifactCollection: ({ id }: Args) => collectionById(ctx, id),
    clientIDMapping: async ({ clientID }: Args) => {
      const found = typeof clientID === 'string' ? await ctx.store.artifactByClientId(clientID) : undefined;
      return found && found.entity === ctx.user.username ? { serverID: artifactId(found.id) } : null;
    },
  };
}

export function artifactMutations(ctx: GraphContext): Record<string, unknown> {
  const input = (args: Args): Args => (args.input ?? {}) as Args;
  return {
    createArtifact: (args: Args) => createArtifact(ctx, input(args)),
    createArtifactManifest: (args: Args) => manifest(ctx, input(args).artifactID, input(args).digest),
    updateArtifactManifest: (args: Args) => {
      const id = Buffer.from(String(input(args).artifactManifestID ?? ''), 'base64').toString('utf8').match(/^ArtifactManifest:(\d{1,9})$/)?.[1];
      if (!id) throw new RequestError('artifactManifestID must be an ID this server returned');
      return manifest(ctx, artifactId(Number(id)), input(args).digest);
    },
    createArtifactFiles: (args: Args) => createArtifactFiles(ctx, input(args)),
    commitArtifact: (args: Args) => commitArtifact(ctx, input(args).artifactID),
    useArtifact: (args: Args) => useArtifact(ctx, input(args)),
    deleteArtifact: (args: Args) => deleteArtifact(ctx, input(args)),
    updateArtifact: (args: Args) => updateArtifact(ctx, input(args)),
    addAliases: async (args: Args) => {
      const artifact = await required(ctx, input(args).artifactID);
      await conflicts(ctx.store.updateArtifact(artifact.id, { addAliases: aliasesFor(artifact.name, input(args).aliases) }));
      return { success: true };
    },
    deleteAliases: async (args: Args) => {
      const artifact = await required(ctx, input(args).artifactID);
      await conflicts(ctx.store.updateArtifact(artifact.id, { removeAliases: aliasesFor(artifact.name, input(args).aliases) }));
      return { success: true };
    },
  };
}

async function required(ctx: GraphContext, id: unknown): Promise<ArtifactVersion> {
  if (parseArtifactId(id) === undefined) throw new RequestError(`artifact ID ${JSON.stringify(id)} is not an ID this server returned`);
  const found = await ownArtifact(ctx, id);
  if (!found) throw new AccessError(`no artifact ${String(id)} for user ${ctx.user.username}`);
  return found;
}

const conflicts = async <T>(work: Promise<T>): Promise<T> => {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ArtifactConflict) throw new RequestError(error.message);
    throw error;
  }
};

async function createArtifact(ctx: GraphContext, input: Args): Promise<unknown> {
  const entity = entityFor(ctx, input.entityName);
  const project = input.projectName;
  if (typeof project !== 'string' || project === '') throw new RequestError('projectName is required');
  const name = typeof input.artifactCollectionName === 'string' ? input.artifactCollectionName
    : Array.isArray(input.artifactCollectionNames) ? input.artifactCollectionNames[0] : undefined;
  if (typeof name !== 'string' || !NAME.test(name)) throw new RequestError(`artifact name ${JSON.stringify(name)} must be letters, digits, '-', '_' or '.'`);
  const type = input.artifactTypeName;
  if (typeof type !== 'string' || !NAME.test(type)) throw new RequestError(`artifact type ${JSON.stringify(type)} must be letters, digits, '-', '_' or '.'`);
  if (typeof input.digest !== 'string' || !/^[0-9a-f]{32}$/.test(input.digest)) throw new RequestError('digest must be the hex MD5 of the manifest entries (digestAlgorithm MANIFEST_MD5)');
  const aliases = aliasesFor(name, input.aliases);
  const metadata = metadataText(input.metadata) ?? null;
  let createdBy: string | null = null;
  if (typeof input.runName === 'string' && input.runName !== '') {
    const key = runKey(ctx, entity, project, input.runName);
    if (!(await ctx.store.getRun(key))) throw new RequestError(`run ${entity}/${project}/${input.runName} does not exist`);
    createdBy = key.name;
  }
  const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const historyStep = input.historyStep === null || input.historyStep === undefined ? null : Number(input.historyStep);
  const { artifact } = await conflicts(ctx.store.createArtifact({
    entity, project, name, type, digest: input.digest, description: text(input.description), metadata, aliases,
    clientId: text(input.clientID), sequenceClientId: text(input.sequenceClientID), createdBy,
    historyStep: historyStep !== null && Number.isSafeInteger(historyStep) ? historyStep : null,
  }));
  return { artifact: artifactObject(ctx, artifact) };
}

/** The aliases of `[{artifactCollectionName, alias}]` that name this artifact, checked. */
function aliasesFor(name: string, list: unknown): string[] {
  const aliases = (Array.isArray(list) ? list : [])
    .filter((a): a is Args => typeof a === 'object' && a !== null && (a.artifactCollectionName ?? name) === name)
    .map((a) => a.alias);
  for (const alias of aliases) {
    if (typeof alias !== 'string' || alias === '' || alias.includes(':') || alias.includes('/')) throw new RequestError(`alias ${JSON.stringify(alias)} is not a valid alias`);
    if (/^v\d+$/.test(alias)) throw new RequestError(`alias ${alias} is reserved for version numbers`);
  }
  return aliases as string[];
}

/** Metadata as stored: the JSON text of an object; undefined when not given. */
function metadataText(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RequestError('metadata must be a JSON object (as a JSON string)');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RequestError('metadata must be a JSON object');
  checkNesting(parsed, 'metadata');
  return text;
}

/** UpdateArtifact: description and metadata; `aliases`, when given, is the whole new set (old servers' way). */
async function updateArtifact(ctx: GraphContext, input: Args): Promise<unknown> {
  const artifact = await required(ctx, input.artifactID);
  const patch: Parameters<Context['store']['updateArtifact']>[1] = { metadata: metadataText(input.metadata) };
  if (input.description !== undefined) patch.description = typeof input.description === 'string' ? input.description : null;
  if (Array.isArray(input.aliases)) {
    const wanted = aliasesFor(artifact.name, input.aliases).filter((a) => a !== 'latest');
    patch.addAliases = wanted.filter((a) => !artifact.aliases.includes(a));
    patch.removeAliases = artifact.aliases.filter((a) => a !== 'latest' && !wanted.includes(a));
  }
  return { artifact: artifactObject(ctx, await conflicts(ctx.store.updateArtifact(artifact.id, patch))) };
}

/** CreateArtifactManifest and UpdateArtifactManifest: one manifest record per version, an upload URL once its digest is known. */
async function manifest(ctx: GraphContext, id: unknown, digest: unknown): Promise<unknown> {
  const artifact = await required(ctx, id);
  const known = typeof digest === 'string' && digest !== '';
  if (known) {
    if (!isMd5Base64(digest)) throw new RequestError('the manifest digest must be the base64 MD5 of the manifest file');
    if (artifact.state !== 'PENDING') throw new RequestError(`artifact ${artifact.name} is already ${artifact.state.toLowerCase()}; its manifest cannot change`);
    await ctx.store.setArtifactManifest(artifact.id, digest);
  }
  const current = known ? { ...artifact, manifestDigest: digest } : artifact;
  return { artifactManifest: manifestObject(ctx, current, known ? signedUrl(ctx, uploadPath(artifact.id, 'manifest')) : null) };
}

async function createArtifactFiles(ctx: GraphContext, input: Args): Promise<unknown> {
  const specs = Array.isArray(input.artifactFiles) ? input.artifactFiles as unknown[] : [];
  if (!specs.every((spec) => typeof spec === 'object' && spec !== null)) throw new RequestError('artifactFiles must be a list of {artifactID, name, md5} objects');
  const artifacts = new Map<unknown, ArtifactVersion>();
  const nodes: FileNode[] = [];
  for (const spec of specs as Args[]) {
    if (!artifacts.has(spec.artifactID)) artifacts.set(spec.artifactID, await required(ctx, spec.artifactID));
    const artifact = artifacts.get(spec.artifactID)!;
    if (artifact.state !== 'PENDING') throw new RequestError(`artifact ${artifact.name} is ${artifact.state.toLowerCase()}; files can only be added before commit`);
    const name = String(spec.name ?? '');
    checkFileName(name);
    const md5 = spec.md5;
    if (typeof md5 !== 'string' || !isMd5Base64(md5)) throw new RequestError(`file ${JSON.stringify(name)}: md5 must be the base64 MD5 of its bytes`);
    const stored = await ctx.store.findArtifactObject(artifact.entity, md5);
    const node: FileNode = {
      __typename: 'File',
      id: encodeId('File', `${artifact.id}:${name}`),
      name,
      displayName: name,
      // Not downloadable before the version is committed.
      url: null,
      directUrl: null,
      sizeBytes: null,
      mimetype: typeof spec.mimetype === 'string' ? spec.mimetype : null,
      updatedAt: null,
      md5,
      digest: md5,
      uploadUrl: stored ? null : signedUrl(ctx, uploadPath(artifact.id, hexOf(md5))),
      uploadHeaders: [],
      storagePath: hexOf(md5),
      artifact: stored ? () => birthArtifact(ctx, stored.birthArtifactId) : () => artifactObject(ctx, artifact),
    };
    nodes.push(node);
  }
  return { files: { uploadHeaders: [], ...pagedConnection(nodes, 0, nodes.length, (node) => node) } };
}

async function commitArtifact(ctx: GraphContext, id: unknown): Promise<unknown> {
  const artifact = await required(ctx, id);
  if (artifact.state === 'COMMITTED') return { artifact: artifactObject(ctx, artifact) };
  if (!artifact.manifestDigest || !artifact.manifestUploaded) throw new RequestError(`cannot commit ${artifact.name}: its manifest was never uploaded`);
  const bytes = await ctx.blobs.read(artifact.entity, hexOf(artifact.manifestDigest));
  if (!bytes) throw new RequestError(`cannot commit ${artifact.name}: its manifest was never uploaded`);
  const chunks: Buffer[] = [];
  for await (const chunk of bytes.stream) chunks.push(chunk as Buffer);
  const manifest = parseManifest(Buffer.concat(chunks).toString('utf8'), artifact.name);
  const digest = artifactDigest(manifest.entries);
  if (digest !== artifact.digest) throw new RequestError(`cannot commit ${artifact.name}: its manifest has digest ${digest}, but the artifact was created with ${artifact.digest}`);
  const files = manifest.entries.map((entry) => {
    if (!entry.ref && !isMd5Base64(entry.digest)) throw new RequestError(`the manifest of ${artifact.name}: entry ${JSON.stringify(entry.path)} has digest ${JSON.stringify(entry.digest)}, not a base64 MD5`);
    return { path: entry.path, digest: entry.digest, size: entry.size, birthArtifactId: parseArtifactId(entry.birthArtifactID) ?? null, ref: entry.ref };
  });
  const committed = await conflicts(ctx.store.commitArtifact(artifact.id, files));
  return { artifact: artifactObject(ctx, committed) };
}

async function useArtifact(ctx: GraphContext, input: Args): Promise<unknown> {
  const key = runKey(ctx, input.entityName, input.projectName, input.runName);
  const artifact = await required(ctx, input.artifactID);
  if (artifact.state !== 'COMMITTED') throw new RequestError(`artifact ${artifact.name} is not committed yet`);
  await ctx.store.useArtifact(artifact.id, key);
  return { artifact: artifactObject(ctx, artifact) };
}

async function deleteArtifact(ctx: GraphContext, input: Args): Promise<unknown> {
  const artifact = await required(ctx, input.artifactID);
  const held = artifact.aliases.filter((a) => a !== 'latest');
  if (held.length > 0 && input.deleteAliases !== true) {
    throw new RequestError(`artifact ${artifact.name}:v${artifact.versionIndex} still has aliases ${held.join(', ')}: delete them first, or pass deleteAliases`);
  }
  await deleteVersion(ctx.store, ctx.blobs, artifact);
  return { artifact: artifactObject(ctx, { ...artifact, state: 'DELETED' }) };
}
