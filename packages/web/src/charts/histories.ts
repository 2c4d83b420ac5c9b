// Several runs' histories against one x, downsampled by the server (points=) through
// GET /api/v1/histories, and fetched again only for runs that logged more since.
import { api, paths, type History, type Run } from '../api.ts';

/** Histories asked for in one request: a few requests at once, each answered as soon as it is ready. */
const RUNS_PER_REQUEST = 20;

export type HistoryCache = Map<string, { version: string; history: History }>;

export async function loadHistories(
  entity: string, project: string, runs: Run[], x: string, points: number, cache: HistoryCache, onProgress?: (done: number) => void,
): Promise<History[]> {
  const version = (r: Run): string => `${r.historyLineCount}|${x}|${points}`;
  const stale = runs.filter((r) => cache.get(r.id)?.version !== version(r));
  let done = 0;
  const chunks = Array.from({ length: Math.ceil(stale.length / RUNS_PER_REQUEST) }, (_, i) => stale.slice(i * RUNS_PER_REQUEST, (i + 1) * RUNS_PER_REQUEST));
  await Promise.all(chunks.map(async (chunk) => {
    const answer = await api<{ runs: Record<string, History['series']> }>(paths.histories(entity, project, { runs: chunk.map((r) => r.id).join(','), x, points: String(points) }));
    for (const r of chunk) cache.set(r.id, { version: version(r), history: { x, series: answer.runs[r.id] ?? {} } });
    onProgress?.((done += chunk.length));
  }));
  return runs.map((r) => cache.get(r.id)!.history);
}
