// Checks `early_terminate` and fills the hyperband defaults eta 3, strict true (docs/protocol/sweeps.md#hyperband, #hyperband-bands).
import type { HyperbandSpec, JsonObject } from '../types.ts';
import { hyperbandBands } from '../stopping/bands.ts';
import { closest } from './forms.ts';
import type { Report } from './report.ts';

const KEYS = ['type', 'min_iter', 'max_iter', 's', 'eta', 'strict'];
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export function readEarlyTerminate(config: JsonObject, report: Report): HyperbandSpec | undefined {
  if (!('early_terminate' in config)) return undefined;
  const e = config.early_terminate;
  if (!isObject(e)) {
    report.error(['early_terminate'], 'early_terminate must be a mapping such as {type: hyperband, min_iter: 3}');
    return undefined;
  }
  if (e.type !== 'hyperband') {
    report.error(['early_terminate', 'type'], `early_terminate.type must be 'hyperband' (got ${JSON.stringify(e.type ?? null)})`);
  }
  // W&B's stopping code drops unknown keys before use, so they are harmless there too.
  for (const key of Object.keys(e)) {
    if (KEYS.includes(key)) continue;
    const hint = closest(key, KEYS);
    report.warning(['early_terminate', key], `unknown key '${key}' in early_terminate is ignored${hint ? ` (did you mean '${hint}'?)` : ''}`, 'key');
  }
  const errorsBefore = report.errorCount;
  const spec: HyperbandSpec = { type: 'hyperband', eta: 3, strict: true };
  if ('max_iter' in e) {
    if (isInt(e.max_iter) && e.max_iter > 0) spec.max_iter = e.max_iter;
    else report.error(['early_terminate', 'max_iter'], 'max_iter must be an integer > 0');
  }
  if ('s' in e) {
    if (isInt(e.s) && e.s > 0) spec.s = e.s;
    else report.error(['early_terminate', 's'], 's must be an integer > 0 (the number of bands below max_iter)');
  }
  if ('min_iter' in e) {
    if (isInt(e.min_iter) && e.min_iter >= 1) spec.min_iter = e.min_iter;
    else report.error(['early_terminate', 'min_iter'], 'min_iter must be an integer >= 1');
  }
  if ('eta' in e) {
    if (typeof e.eta === 'number' && Number.isFinite(e.eta) && e.eta > 1) spec.eta = e.eta;
    else report.error(['early_terminate', 'eta'], 'eta must be a number > 1');
  }
  if ('strict' in e) {
    if (typeof e.strict === 'boolean') spec.strict = e.strict;
    else report.error(['early_terminate', 'strict'], 'strict must be true or false');
  }
  if (!('max_iter' in e && 's' in e) && !('min_iter' in e)) {
    report.error(['early_terminate'], 'hyperband needs either min_iter, or both max_iter and s');
  } else if (report.errorCount === errorsBefore && hyperbandBands(spec).length === 0) {
    report.error(['early_terminate'], 'these settings give no bands: increase s or min_iter, or decrease eta');
  }
  return spec;
}
