// The bytes of artifact files, content-addressed by MD5 under <artifacts dir>/<entity>/<md5[0:2]>/<md5>.
// An upload streams to a temporary file while it is hashed and counted; only a complete upload with
// the expected digest is renamed into place, so a reader never sees partial bytes.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkName } from '../files/names.ts';
import { pathUnder } from '../files/paths.ts';

/** An upload the server refuses; `status` is the HTTP answer (400 digest mismatch, 413 too large). */
export class UploadError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export const hexOf = (base64: string): string => Buffer.from(base64, 'base64').toString('hex');
export const base64Of = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

/** Whether a string is the standard base64 of a 16-byte MD5, as manifests and CreateArtifactFiles carry. */
export function isMd5Base64(digest: string): boolean {
  return /^[A-Za-z0-9+/]{22}==$/.test(digest);
}

export class Blobs {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  path(entity: string, md5Hex: string): string {
    checkName('entity', entity);
    if (!/^[0-9a-f]{32}$/.test(md5Hex)) throw new UploadError(400, `${JSON.stringify(md5Hex.slice(0, 40))} is not a hex MD5`);
    return pathUnder(this.root, entity, md5Hex.slice(0, 2), md5Hex);
  }

  /**
   * Streams `body` into the store. The bytes must hash to `expectedHex` and be at most `limit` long,
   * else nothing is kept. Resolves once the file is durable.
   */
  async write(entity: string, expectedHex: string, body: Readable, limit: number): Promise<{ size: number }> {
    const final = this.path(entity, expectedHex);
    const temp = join(this.root, 'incoming', `${expectedHex}.${randomBytes(6).toString('hex')}`);
    await mkdir(join(this.root, 'incoming'), { recursive: true });
    const hash = createHash('md5');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limit) return done(new UploadError(413, `upload larger than the server's limit of ${limit} bytes`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const written = pipeline(meter, createWriteStream(temp, { flush: true, highWaterMark: 1024 * 1024 }));
    // The request is piped rather than part of the pipeline: on a refusal the rest of its body is
    // read and dropped, so the client still gets the answer instead of a reset connection.
    body.once('error', (error) => meter.destroy(error));
    body.once('close', () => {
      if (!body.readableEnded) meter.destroy(new UploadError(400, 'the upload was interrupted; nothing was kept'));
    });
    body.pipe(meter);
    try {
      await written;
      const actual = hash.digest('hex');
      if (actual !== expectedHex) throw new UploadError(400, `the uploaded bytes have MD5 ${base64Of(actual)}, not the ${base64Of(expectedHex)} this URL was issued for`);
      await mkdir(dirname(final), { recursive: true });
      await rename(temp, final);
      // The rename itself must survive a crash before the upload is acknowledged.
      const folder = await open(dirname(final), 'r');
      await folder.sync().finally(() => folder.close());
      return { size };
    } catch (error) {
      body.unpipe(meter);
      body.resume();
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  /** The stored bytes and their size, or undefined when absent. */
  async read(entity: string, md5Hex: string): Promise<{ stream: ReadStream; size: number } | undefined> {
    const path = this.path(entity, md5Hex);
    try {
      const info = await stat(path);
      return { stream: createReadStream(path, { highWaterMark: 1024 * 1024 }), size: info.size };
    } catch {
      return undefined;
    }
  }

  async remove(entity: string, md5Hex: string): Promise<void> {
    await unlink(this.path(entity, md5Hex)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}
