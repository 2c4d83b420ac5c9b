// The files of a run: on disk under <files dir>/<entity>/<project>/<run>/, served at /storage/<entity>/<project>/<run>/<name>.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { writeDurably } from './durable.ts';
import { RequestError } from '../errors.ts';
import { pathUnder } from './paths.ts';
import type { RunKey } from '../store/store.ts';

export interface RunFile {
  name: string;
  size: number;
  updatedAt: string;
  path: string;
}

export function runDir(filesDir: string, key: RunKey): string {
  return pathUnder(filesDir, key.entity, key.project, key.name);
}

/** The URL path a run file is uploaded to and downloaded from. */
export function storagePath(key: { entity: string; project: string; name: string }, file: string): string {
  return `/storage/${[key.entity, key.project, key.name].map(encodeURIComponent).join('/')}/${file.split('/').map(encodeURIComponent).join('/')}`;
}

export async function listRunFiles(filesDir: string, key: RunKey): Promise<RunFile[]> {
  const root = runDir(filesDir, key);
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  const files = await Promise.all(entries.filter((e) => e.isFile() && !e.name.endsWith('.partial')).map(async (e) => {
    const path = join(e.parentPath, e.name);
    const info = await stat(path);
    return { name: relative(root, path).split('\\').join('/'), size: info.size, updatedAt: info.mtime.toISOString(), path };
  }));
  return files.sort((a, b) => a.name.localeCompare(b.name));
}

/** Stores a run file's bytes; once this resolves they are on disk (files/durable.ts). */
export async function writeRunFile(path: string, name: string, body: Buffer): Promise<void> {
  try {
    await writeDurably(path, body);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTDIR' && code !== 'EEXIST' && code !== 'EISDIR') throw error;
    await rm(`${path}.partial`, { force: true }).catch(() => undefined);
    throw new RequestError(code === 'EISDIR'
      ? `run file ${name} cannot be stored: the run already has files under ${name}/`
      : `run file ${name} cannot be stored: a part of its path is already a run file`);
  }
}

export async function md5Base64(path: string): Promise<string> {
  return createHash('md5').update(await readFile(path)).digest('base64');
}

/** SQL LIKE (`%` any run, `_` one character) as a regular expression. */
export function likePattern(pattern: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, 's');
}
