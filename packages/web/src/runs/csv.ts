// The runs table as CSV (RFC 4180): a header of column ids, one line per run. A text cell that a
// spreadsheet would run as a formula (=, +, -, @ first) is prefixed with ' so it stays text.
import type { Json } from '../api.ts';
import { formatValue } from '../format.ts';

export function toCsv(header: string[], rows: Array<Array<Json | undefined>>): string {
  return [header.map((h) => field(h)), ...rows.map((row) => row.map((v) => field(typeof v === 'number' ? String(v) : formatValue(v), typeof v === 'string')))]
    .map((line) => line.join(','))
    .join('\r\n') + '\r\n';
}

function field(text: string, isText = true): string {
  const safe = isText && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
