// Which columns the runs table shows: a searchable checklist in three groups (run fields, config,
// summary), one entry a line. Name always shows: it is the column that stays put.
import { useState } from 'react';
import type { Column } from './columns.ts';

interface Props {
  columns: Column[];
  visible: string[];
  onChange: (visible: string[]) => void;
}

const GROUPS: Array<{ title: string; test: (id: string) => boolean; strip: number }> = [
  { title: 'Run', test: (id) => !id.startsWith('config.') && !id.startsWith('summary.'), strip: 0 },
  { title: 'Config', test: (id) => id.startsWith('config.'), strip: 'config.'.length },
  { title: 'Summary', test: (id) => id.startsWith('summary.'), strip: 'summary.'.length },
];

export function ColumnPicker({ columns, visible, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const shown = new Set(visible);
  const matching = columns.filter((c) => c.id.toLowerCase().includes(search.toLowerCase()) || c.label.toLowerCase().includes(search.toLowerCase()));
  const toggle = (id: string, on: boolean): void =>
    onChange(on ? columns.map((c) => c.id).filter((c) => shown.has(c) || c === id) : visible.filter((c) => c !== id));
  return (
    <div className="picker">
      <button onClick={() => setOpen(!open)} aria-expanded={open}>Columns ({visible.length}/{columns.length})</button>
      {open && (
        <div className="picker-menu" role="dialog" aria-label="columns">
          <input autoFocus placeholder="search columns" value={search} onChange={(e) => setSearch(e.target.value)} />
          <div className="picker-list">
            {GROUPS.map((group) => {
              const entries = matching.filter((c) => group.test(c.id));
              return entries.length === 0 ? null : (
                <div key={group.title}>
                  <h3>{group.title}</h3>
                  {entries.map((c) => (
                    <label key={c.id} title={c.id}>
                      <input type="checkbox" checked={shown.has(c.id)} disabled={c.id === 'name'} onChange={(e) => toggle(c.id, e.target.checked)} /> {group.strip ? c.id.slice(group.strip) : c.label}
                    </label>
                  ))}
                </div>
              );
            })}
          </div>
          <div className="row">
            <button onClick={() => onChange(columns.map((c) => c.id))}>all</button>
            <button onClick={() => onChange(['name', 'state'])}>none</button>
            <button onClick={() => setOpen(false)}>close</button>
          </div>
        </div>
      )}
    </div>
  );
}
