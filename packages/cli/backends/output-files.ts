// Follows files that agents on other machines write (on storage shared with this one), line by
// line, as `tail -f` would: for backends whose agents' output is a file, not a pipe.
import { closeSync, openSync, readSync } from 'node:fs';
import type { OnLine } from './fleet.ts';

export interface FileFollower {
  /** Reads what was added since the last call. */
  poll(): void;
  stop(): void;
}

/** Follows `paths[k]` as agent k+1's output, every `everyMs`. */
export function followFiles(paths: string[], onLine: OnLine, everyMs = 500): FileFollower {
  const offsets = paths.map(() => 0);
  const partial = paths.map(() => '');
  const poll = (): void => {
    paths.forEach((path, k) => {
      let fd: number;
      try {
        fd = openSync(path, 'r');
      } catch {
        return; // not started yet
      }
      try {
        const buffer = Buffer.alloc(64 * 1024);
        for (let n; (n = readSync(fd, buffer, 0, buffer.length, offsets[k])) > 0;) {
          offsets[k] += n;
          const lines = (partial[k] + buffer.subarray(0, n).toString('utf8')).split('\n');
          partial[k] = lines.pop()!;
          for (const line of lines) onLine(k + 1, line);
        }
      } finally {
        closeSync(fd);
      }
    });
  };
  const timer = setInterval(poll, everyMs);
  return {
    poll,
    stop() {
      clearInterval(timer);
      poll();
      partial.forEach((rest, k) => rest && onLine(k + 1, rest));
    },
  };
}
