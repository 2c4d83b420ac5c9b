// A flat object as a two-column table, keys in order (config, summary, artifact metadata).
import type { Json } from './api.ts';
import { formatValue } from './format.ts';

export function KeyValues({ values }: { values: Record<string, Json> }) {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="empty">None.</p>;
  return (
    <table className="plain kv">
      <tbody>{entries.map(([k, v]) => <tr key={k}><th>{k}</th><td className={typeof v === 'number' ? 'num' : undefined}>{formatValue(v)}</td></tr>)}</tbody>
    </table>
  );
}
