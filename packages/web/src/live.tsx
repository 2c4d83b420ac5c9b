// Live updates: while a project's page is open, one server-sent event stream
// (GET /api/v1/live/E/P) says when anything in the project changed, and every usePoll on the page
// loads again. fetch reads the stream because EventSource cannot send the Authorization header.
// While the stream is down, pages fall back to polling.
import { createContext, useEffect, useMemo, type ReactNode } from 'react';
import { paths, session } from './api.ts';

export interface Live {
  /** Whether the stream is up (pages then poll only as a safety net). */
  connected(): boolean;
  /** Calls `listener` after each change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export const LiveContext = createContext<Live | null>(null);

const RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

export function LiveProject({ entity, project, children }: { entity?: string; project?: string; children: ReactNode }) {
  const stream = useMemo(() => (entity && project ? projectStream(entity, project) : null), [entity, project]);
  useEffect(() => stream?.open(), [stream]);
  return <LiveContext.Provider value={stream}>{children}</LiveContext.Provider>;
}

function projectStream(entity: string, project: string): Live & { open(): () => void } {
  const listeners = new Set<() => void>();
  let connected = false;
  let seen: string | undefined;
  const onVersion = (version: string): void => {
    if (seen !== undefined && version !== seen) for (const listener of listeners) listener();
    seen = version;
  };
  return {
    connected: () => connected,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    open: () => {
      const abort = new AbortController();
      void (async () => {
        for (let failures = 0; !abort.signal.aborted; failures++) {
          try {
            const response = await fetch(paths.live(entity, project), { headers: { authorization: `Bearer ${session.key() ?? ''}` }, signal: abort.signal });
            if (!response.ok || !response.body) throw new Error(`live stream: HTTP ${response.status}`);
            connected = true;
            failures = 0;
            await readEvents(response.body, onVersion);
          } catch {
            // Down or refused: the pages poll meanwhile, and the stream is tried again.
          }
          connected = false;
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]));
        }
      })();
      return () => abort.abort();
    },
  };
}

/** Calls `onData` with the `data:` of each server-sent event, until the stream ends. */
async function readEvents(body: ReadableStream<Uint8Array>, onData: (data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
      buffer = buffer.slice(end + 2);
      if (data !== undefined) onData(data);
    }
  }
}
