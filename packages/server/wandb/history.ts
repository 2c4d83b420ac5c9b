// History reads of the public API: sampled (rows having all asked keys, projected), full (rows as
// logged, as JSON strings) and step windows for scan_history (docs/protocol/public-api.md#history).
import type { Json, JsonObject } from '@sextant/sweeps';
import type { RunKey, Store } from '../store/store.ts';
import { parseJson } from '../store/json-text.ts';
import { RequestError } from '../errors.ts';

/** At most `limit` items, evenly spaced, keeping the first and the last. */
export function downsample<T>(items: T[], limit: number): T[] {
  if (items.length <= limit) return items;
  if (limit <= 1) return items.slice(0, Math.max(limit, 0));
  return Array.from({ length: limit }, (_, i) => items[Math.round((i * (items.length - 1)) / (limit - 1))]);
}

const parse = (line: string): JsonObject => parseJson(line) as JsonObject;

export async function sampledHistory(store: Store, key: RunKey, specs: unknown): Promise<Json[][]> {
  const list = Array.isArray(specs) ? specs : [specs];
  return Promise.all(list.map(async (text) => {
    let spec: { keys?: unknown; samples?: unknown; minStep?: unknown; maxStep?: unknown };
    try {
      spec = typeof text === 'string' ? JSON.parse(text) : (text as object);
    } catch {
      throw new RequestError('each sampledHistory spec must be a JSON string {"keys": [...], "samples": N}');
    }
    const keys = Array.isArray(spec.keys) ? spec.keys.map(String) : [];
    const samples = typeof spec.samples === 'number' ? spec.samples : 500;
    const min = typeof spec.minStep === 'number' ? spec.minStep : -Number.MAX_SAFE_INTEGER;
    let max = typeof spec.maxStep === 'number' ? spec.maxStep : Number.MAX_SAFE_INTEGER;
    // New clients send an inclusive maxStep with samples = window size; old ones an exclusive end.
    if (typeof spec.maxStep === 'number' && samples > spec.maxStep - min) max += 1;
    const rows = (await store.readSteps(key, 'history', min, max)).map(parse).filter((row) => keys.every((k) => k in row));
    return downsample(rows, samples).map((row) => Object.fromEntries(keys.map((k) => [k, row[k]])));
  }));
}

export async function fullHistory(store: Store, key: RunKey, args: { samples?: unknown; minStep?: unknown; maxStep?: unknown }): Promise<string[]> {
  const samples = typeof args.samples === 'number' ? args.samples : 500;
  const min = typeof args.minStep === 'number' ? args.minStep : -Number.MAX_SAFE_INTEGER;
  const max = typeof args.maxStep === 'number' ? args.maxStep : Number.MAX_SAFE_INTEGER;
  return downsample(await store.readSteps(key, 'history', min, max), samples);
}

export async function events(store: Store, key: RunKey, samples: unknown): Promise<string[]> {
  return downsample(await store.readLines(key, 'events', 0, 1_000_000), typeof samples === 'number' ? samples : 500);
}

export async function historyKeys(store: Store, key: RunKey, summary: JsonObject, lines: number): Promise<Json> {
  const lastStep = await store.lastStep(key);
  const keys = Object.fromEntries(Object.entries(summary).filter(([, v]) => typeof v === 'number')
    .map(([k]) => [k, { typeCounts: [{ type: 'number', count: lines }] }]));
  return lastStep === undefined ? { keys } : { keys, lastStep };
}
