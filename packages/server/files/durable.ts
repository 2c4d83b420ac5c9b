// Writes that are answered only once they are on disk: the bytes are fsynced in a temporary file,
// renamed into place, and the folder (and any folder made for it) fsynced, so the new name survives
// a crash too. A reader never sees half a file.
import { mkdir, open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeDurably(path: string, bytes: Buffer): Promise<void> {
  const folder = dirname(path);
  const made = await mkdir(folder, { recursive: true });
  const partial = `${path}.partial`;
  const file = await open(partial, 'w');
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(partial, path);
  // From the folder of the first new one down: each new name lives in its parent folder.
  const folders = [folder];
  if (made) while (folders[folders.length - 1] !== dirname(made)) folders.push(dirname(folders[folders.length - 1]));
  for (const dir of folders) await syncFolder(dir);
}

export async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
