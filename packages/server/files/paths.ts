// Every path on disk made from a client's names is made here, and never leaves its root folder.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { RequestError } from '../errors.ts';

/** `parts` resolved under `root`; a 400 when the result would be `root` itself or outside it. */
export function pathUnder(root: string, ...parts: string[]): string {
  if (parts.some((part) => part.includes('\0'))) throw new RequestError('a path part contains a NUL character');
  const base = resolve(root);
  const path = resolve(base, ...parts);
  const inside = relative(base, path);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new RequestError(`path ${JSON.stringify(parts.join('/').slice(0, 200))} leaves the server's data folder`);
  }
  return path;
}
