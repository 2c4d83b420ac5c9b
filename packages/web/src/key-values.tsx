// A flat object as a two-column table, keys in order (config, summary, artifact metadata). A media
// value (a summary's last image or table) reads as its type: the Media section shows it.
import type { Json } from './api.ts';
import { formatValue, mediaLabel } from './format.ts';

export function KeyValues({ values }: { values: Record<string, Json> }) {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="empty">None.</p>;
  return (
    <table className="plain kv">
      <tbody>{entries.map(([k, v]) => <tr key={k}><th>{k}</th><Value value={v} /></tr>)}</tbody>
    </table>
  );
}

function Value({ value }: { value: Json }) {
  const media = mediaLabel(value);
  if (media) return <td className="muted">{media}</td>;
  return <td className={typeof value === 'number' ? 'num' : undefined}>{formatValue(value)}</td>;
}
