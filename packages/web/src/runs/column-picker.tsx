// Which columns the runs table shows: a searchable checklist, remembered per project.
import { useState } from 'react';
import type { Column } from './columns.ts';

interface Props {
  columns: Column[];
  visible: string[];
  onChange: (visible: string[]) => void;
}

export function ColumnPicker({ columns, visible, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const shown = new Set(visible);
  const matching = columns.filter((c) => c.id.toLowerCase().includes(search.toLowerCase()));
  const toggle = (id: string, on: boolean): void =>
    onChange(on ? columns.map((c) => c.id).filter((c) => shown.has(c) || c === id) : visible.filter((c) => c !== id));
  return (
    <div className="picker">
      <button onClick={() => setOpen(!open)} aria-expanded={open}>Columns ({visible.length}/{columns.length})</button>
      {open && (
        <div className="picker-menu" role="dialog" aria-label="columns">
          <input autoFocus placeholder="search columns" value={search} onChange={(e) => setSearch(e.target.value)} />
          <div className="picker-list">
            {matching.map((c) => (
              <label key={c.id}>
                <input type="checkbox" checked={shown.has(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} /> {c.id}
              </label>
            ))}
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
