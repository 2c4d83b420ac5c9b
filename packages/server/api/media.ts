// Media in history rows (docs/protocol/artifacts.md#media), resolved for the dashboard: each media value
// (`_type` image-file, images/separated, table-file, histogram, or any other with a `path`) becomes
// download URLs for its run files and, for tables, for the entry of the artifact it references.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { JsonObject } from '@sextant/sweeps';
import { routes, type MediaEntry } from '@sextant/protocol';
import type { RunKey, Store } from '../store/store.ts';
import { parseJson } from '../store/json-text.ts';
import { runKey, type Context } from '../context.ts';
import { storagePath } from '../files/run-files.ts';
import { artifactFileUrl } from '../artifacts/urls.ts';
import { resolveReference } from '../artifacts/references.ts';
import { serve } from './contract.ts';

const SHOWN = ['caption', 'captions', 'width', 'height', 'format', 'count', 'ncols', 'nrows', 'sha256', 'size', 'values', 'bins'];

export function mediaApi(app: FastifyInstance, store: Store, context: (request: FastifyRequest) => Context): void {
  serve(app, routes.runMedia, async ({ request, params, query }) => {
    const ctx = context(request);
    const key = runKey(ctx, params.entity, params.project, params.run);
    const { step } = query;
    const [min, max] = step === undefined ? [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] : [step, step + 1];
    const media = [];
    for (const line of await store.readSteps(key, 'history', min, max)) {
      const row = parseRow(line);
      if (!row) continue;
      for (const [name, value] of Object.entries(row)) {
        if (query.key !== undefined && name !== query.key) continue;
        if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof value._type !== 'string') continue;
        media.push(await resolveMedia(ctx, key, typeof row._step === 'number' ? row._step : null, name, value));
      }
    }
    return { media };
  });
}

async function resolveMedia(ctx: Context, key: RunKey, step: number | null, name: string, value: JsonObject): Promise<MediaEntry> {
  const runFile = (path: string) => ({ path, url: `${ctx.baseUrl}${storagePath(key, path)}` });
  const paths = [value.path, ...(Array.isArray(value.filenames) ? value.filenames : [])].filter((p): p is string => typeof p === 'string');
  // The shown fields are passed on as the client logged them.
  const out: MediaEntry & Record<string, unknown> = { step, key: name, type: value._type as string, files: paths.map(runFile) };
  for (const field of SHOWN) if (value[field] !== undefined) out[field] = value[field];
  const reference = [value.artifact_path, value._latest_artifact_path].find((p): p is string => typeof p === 'string');
  if (reference) {
    const resolved = await resolveReference(ctx.store, key.entity, reference);
    out.artifact = resolved
      ? { name: resolved.version.name, version: `v${resolved.version.versionIndex}`, path: resolved.file.path, url: artifactFileUrl(ctx, resolved.version, resolved.file) }
      : null;
  }
  return out;
}

/** A history row, or undefined for a line that is not a JSON object (clients may send anything). */
function parseRow(line: string): JsonObject | undefined {
  try {
    const row: unknown = parseJson(line);
    return typeof row === 'object' && row !== null && !Array.isArray(row) ? row as JsonObject : undefined;
  } catch {
    return undefined;
  }
}
