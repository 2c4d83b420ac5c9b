// Run files need the API key, which an <img> cannot send: they are fetched with it and shown
// through object URLs. The most recent ones are kept, so moving a step slider back and forth
// fetches each image once.
import { useEffect, useState } from 'react';
import { fetchFile } from '../api.ts';

const KEPT = 200;
const kept = new Map<string, Promise<string>>();

function objectUrl(url: string, name: string, type: string): Promise<string> {
  const found = kept.get(url);
  if (found) {
    kept.delete(url);
    kept.set(url, found);
    return found;
  }
  const loading = fetchFile(url, name).then((blob) => URL.createObjectURL(new Blob([blob], { type })));
  loading.catch(() => kept.delete(url));
  kept.set(url, loading);
  if (kept.size > KEPT) {
    const [oldest, src] = kept.entries().next().value!;
    kept.delete(oldest);
    src.then((old) => URL.revokeObjectURL(old), () => {});
  }
  return loading;
}

/** An object URL for a run file; the previous file's stays until the next one has arrived, so a slider does not flicker. */
export function useFileUrl(file: { path: string; url: string } | undefined, type: string): { src?: string; error?: string } {
  const [state, setState] = useState<{ src?: string; error?: string }>({});
  useEffect(() => {
    if (!file) return;
    let alive = true;
    objectUrl(file.url, file.path, type).then((src) => alive && setState({ src }), (e: Error) => alive && setState({ error: e.message }));
    return () => {
      alive = false;
    };
  }, [file?.url, type]);
  return state;
}
