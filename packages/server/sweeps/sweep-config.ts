// Sweep configs are parsed on every heartbeat and every history append of a sweep run; the text
// only changes while a sweep is PENDING, so parses are remembered by the text itself.
import { loadSweepConfig, type SweepConfig } from '@sextant/sweeps';

const parsed = new Map<string, SweepConfig | undefined>();

export function sweepConfig(text: string): SweepConfig | undefined {
  if (!parsed.has(text)) {
    if (parsed.size > 1000) parsed.clear();
    parsed.set(text, loadSweepConfig(text).config);
  }
  return parsed.get(text);
}
