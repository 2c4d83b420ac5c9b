// A run's media values grouped into what the run page shows: one series per key and kind, its
// entries in step order.
import type { MediaEntry } from '../api.ts';

export type MediaKind = 'image' | 'table' | 'histogram';

export interface MediaSeries {
  key: string;
  kind: MediaKind;
  entries: MediaEntry[];
}

const KINDS: Record<string, MediaKind> = { 'image-file': 'image', 'images/separated': 'image', 'table-file': 'table', histogram: 'histogram' };
// Tables span the section's width: they come after the cards that share a row.
const ORDER: MediaKind[] = ['image', 'histogram', 'table'];

/** Series by kind (images, histograms, tables), then by key; other `_type`s are left out. At a step logged twice, the later value counts. */
export function groupMedia(media: MediaEntry[]): MediaSeries[] {
  const series = new Map<string, MediaSeries>();
  for (const entry of media) {
    const kind = KINDS[entry.type];
    if (!kind) continue;
    const id = `${kind}\0${entry.key}`;
    const found = series.get(id) ?? { key: entry.key, kind, entries: [] };
    series.set(id, found);
    const at = found.entries.findIndex((e) => e.step === entry.step);
    if (at >= 0) found.entries[at] = entry;
    else found.entries.push(entry);
  }
  for (const s of series.values()) s.entries.sort((a, b) => (a.step ?? -1) - (b.step ?? -1));
  return [...series.values()].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.key.localeCompare(b.key));
}
