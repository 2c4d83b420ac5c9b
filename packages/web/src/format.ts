// How values read in tables and legends.
import type { Json } from './api.ts';

export function formatValue(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  return mediaLabel(value) ?? JSON.stringify(value);
}

/** A media value (`{"_type": "image-file", …}`) as a reader names it: "image 28×28", "table 60×4". */
export function mediaLabel(value: Json | undefined): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof value._type !== 'string') return undefined;
  const size = (a: Json | undefined, b: Json | undefined): string => (typeof a === 'number' && typeof b === 'number' ? ` ${a}×${b}` : '');
  switch (value._type) {
    case 'image-file': return `image${size(value.width, value.height)}`;
    case 'images/separated': return `${typeof value.count === 'number' ? value.count : ''} images`.trim();
    case 'table-file': case 'partitioned-table': case 'joined-table': return `table${size(value.nrows, value.ncols)}`;
    default: return value._type;
  }
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return n.toExponential(3);
  return String(Number(n.toPrecision(5)));
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** "4 s", "3 min", "2 h", "5 d" since `iso`. */
export function age(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

/** A run's runtime: "45 s", "3 min 20 s", "2 h 05 min", "3 d 4 h". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${String(Math.floor(s / 60) % 60).padStart(2, '0')} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor(s / 3600) % 24} h`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(1)} GiB`;
}
