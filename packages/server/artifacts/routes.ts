// The REST side of artifacts: PUT of file and manifest bytes to signed upload URLs, streamed to disk,
// and GET of stored objects by signed directUrl or by the fallback paths clients build themselves
// with HTTP Basic auth (docs/protocol/artifacts.md#uploads, #fallback-urls).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import type { Store, User } from '../store/store.ts';
import { base64Of, UploadError, type Blobs } from './blobs.ts';
import { validSignature } from './urls.ts';

export interface ArtifactRouteOptions {
  store: Store;
  blobs: Blobs;
  sign(path: string): string;
  /** The user an Authorization header names, if any. */
  authorize(header: string | undefined): Promise<User | undefined>;
  /** Largest artifact file in bytes. */
  fileLimit: number;
}

const fail = (reply: FastifyReply, status: number, message: string) => reply.code(status).send({ errors: [{ message }] });

/** Registers the routes on an encapsulated instance: its bodies stream instead of being buffered. */
export async function artifactRoutes(app: FastifyInstance, options: ArtifactRouteOptions): Promise<void> {
  const { store, blobs } = options;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.put<{ Params: { artifact: string; target: string } }>('/artifact-uploads/:artifact/:target', async (request, reply) => {
    if (!validSignature(options.sign, request.url)) return fail(reply, 403, 'this upload URL is not valid or has expired: ask for a new one (CreateArtifactFiles)');
    const artifact = await store.getArtifact(Number(request.params.artifact));
    if (!artifact) return fail(reply, 404, `no artifact ${request.params.artifact}`);
    if (artifact.state !== 'PENDING') return fail(reply, 409, `artifact ${artifact.name} is ${artifact.state.toLowerCase()}; it takes no more uploads`);
    const manifest = request.params.target === 'manifest';
    if (manifest && !artifact.manifestDigest) return fail(reply, 409, `artifact ${artifact.name} has not declared its manifest digest (CreateArtifactManifest)`);
    const expected = manifest ? Buffer.from(artifact.manifestDigest!, 'base64').toString('hex') : request.params.target;
    let size: number;
    try {
      ({ size } = await blobs.write(artifact.entity, expected, (request.body as Readable | undefined) ?? Readable.from([]), options.fileLimit));
    } catch (error) {
      if (error instanceof UploadError) return fail(reply, error.status, error.message);
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET') return fail(reply, 400, 'the upload was interrupted; nothing was kept');
      if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return fail(reply, 507, 'the server is out of disk space; nothing was kept');
      throw error;
    }
    await store.addArtifactObject(artifact.entity, { digest: base64Of(expected), size, birthArtifactId: artifact.id });
    if (manifest) await store.markManifestUploaded(artifact.id);
    return reply.code(200).send();
  });

  const download = async (request: FastifyRequest, reply: FastifyReply, entity: string, md5Hex: string | undefined) => {
    if (!validSignature(options.sign, request.url)) {
      const user = await options.authorize(request.headers.authorization);
      if (!user) return reply.code(401).header('www-authenticate', 'Basic realm="sextant"').send({ errors: [{ message: 'this URL is not signed, or its signature (sig, exp) is not valid: send HTTP Basic auth with user "api" and your key' }] });
      if (user.username !== entity) return fail(reply, 403, `permission denied: user ${user.username} cannot read entity ${entity}`);
    }
    if (!md5Hex || !/^[0-9a-f]{32}$/.test(md5Hex)) return fail(reply, 404, 'no object: the path names no hex MD5');
    const object = await store.findArtifactObject(entity, base64Of(md5Hex));
    const bytes = object && (await blobs.read(entity, md5Hex));
    if (!bytes) return fail(reply, 404, `no stored object ${md5Hex} for ${entity}`);
    return reply.type('application/octet-stream').header('content-length', bytes.size).send(bytes.stream);
  };

  // V2: /artifactsV2/<region>/<entity>/<birth artifact>/<md5>, or newer forms with project,
  // collection and file name around the same birth artifact and MD5.
  app.get<{ Params: { '*': string } }>('/artifactsV2/*', async (request, reply) => {
    const [, entity = '', ...rest] = request.params['*'].split('/');
    const md5 = rest.length === 2 ? rest[1] : rest.slice(2).find((part) => /^[0-9a-f]{32}$/.test(part));
    return download(request, reply, entity, md5);
  });
  app.get<{ Params: { entity: string; md5: string } }>('/artifacts/:entity/:md5', async (request, reply) => download(request, reply, request.params.entity, request.params.md5));
}
