// The runs table, virtualized: only the rows in view (plus a few) are in the DOM, so 10,000 runs
// scroll as smoothly as ten. The checkbox and the Name column stay in place when it scrolls right.
import { memo, useLayoutEffect, useRef, useState } from 'react';
import type { Run } from '../api.ts';
import { formatDuration, formatTime, formatValue, mediaLabel } from '../format.ts';
import { Link } from '../link.tsx';
import { href } from '../route.ts';
import type { Column, Sort } from './columns.ts';
import { StateBadge } from './state-badge.tsx';

const ROW = 34;
const OVERSCAN = 8;

interface Props {
  runs: Run[];
  columns: Column[];
  sort: Sort | undefined;
  onSort: (sort: Sort) => void;
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
  height: number;
  /** Runs drawn on charts elsewhere on the page, by their colour there. */
  colors?: ReadonlyMap<string, string>;
}

export function RunsTable({ runs, columns, sort, onSort, selected, onSelect, height, colors }: Props) {
  const body = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const frame = useRef(0);
  useLayoutEffect(() => {
    // A shorter list (a new filter) must not leave the view scrolled past its end.
    if (body.current && body.current.scrollTop > runs.length * ROW) body.current.scrollTop = 0;
  }, [runs.length]);
  const onScroll = (): void => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => setScrollTop(body.current?.scrollTop ?? 0));
  };
  const template = `36px ${columns.map((c) => `${c.width}px`).join(' ')}`;
  const width = 36 + columns.reduce((sum, c) => sum + c.width, 0);
  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(runs.length, Math.ceil((scrollTop + height) / ROW) + OVERSCAN);
  const allSelected = runs.length > 0 && runs.every((r) => selected.has(r.id));

  return (
    <div className="runs-table" role="table" aria-rowcount={runs.length + 1} ref={body} onScroll={onScroll} style={{ height: height + ROW }}>
      <div className="runs-row runs-head" role="row" style={{ gridTemplateColumns: template, width }}>
        <span role="columnheader" className="pinned-check">
          <input type="checkbox" aria-label="select all runs" checked={allSelected} onChange={(e) => onSelect(runs.map((r) => r.id), e.target.checked)} />
        </span>
        {columns.map((c) => (
          <button key={c.id} role="columnheader" className={`runs-sort${c.numeric ? ' num' : ''}${c.id === 'name' ? ' pinned' : ''}`} title={c.id}
            aria-sort={sort?.column === c.id ? (sort.descending ? 'descending' : 'ascending') : 'none'}
            onClick={() => onSort({ column: c.id, descending: sort?.column === c.id ? !sort.descending : false })}>
            {c.id.startsWith('summary.') ? <em>{c.label}</em> : c.label}
            {sort?.column === c.id ? (sort.descending ? ' ▼' : ' ▲') : ''}
          </button>
        ))}
      </div>
      <div style={{ height: runs.length * ROW, position: 'relative', width }}>
        {runs.slice(first, last).map((run, i) => (
          <Row key={run.id} run={run} columns={columns} template={template} top={(first + i) * ROW} selected={selected.has(run.id)} color={colors?.get(run.id)} onSelect={onSelect} />
        ))}
      </div>
    </div>
  );
}

interface RowProps {
  run: Run;
  columns: Column[];
  template: string;
  top: number;
  selected: boolean;
  color: string | undefined;
  onSelect: (ids: string[], on: boolean) => void;
}

// A row that stays in view while the table scrolls is not rendered again: a scrolled frame renders
// only the rows that came into view.
const Row = memo(function Row({ run, columns, template, top, selected, color, onSelect }: RowProps) {
  return (
    <div role="row" data-run={run.id} className={`runs-row${selected ? ' selected' : ''}`} style={{ gridTemplateColumns: template, transform: `translateY(${top}px)` }}>
      <span role="cell" className="pinned-check">
        <input type="checkbox" aria-label={`select ${run.name}`} checked={selected} onChange={(e) => onSelect([run.id], e.target.checked)} />
      </span>
      {columns.map((c) => <Cell key={c.id} run={run} column={c} color={color} />)}
    </div>
  );
});

function Cell({ run, column, color }: { run: Run; column: Column; color?: string }) {
  if (column.id === 'name') {
    return (
      <span role="cell" className="pinned" title={run.name}>
        {color && <i className="swatch" style={{ background: color }} />}<Link href={href.run(run.entity, run.project, run.id)}>{run.name}</Link>
      </span>
    );
  }
  if (column.id === 'state') return <span role="cell"><StateBadge state={run.state} /></span>;
  if (column.id === 'createdAt') return <span role="cell">{formatTime(run.createdAt)}</span>;
  if (column.id === 'sweep' && run.sweep) return <span role="cell"><Link href={href.sweep(run.entity, run.project, run.sweep)}>{run.sweep}</Link></span>;
  const value = column.value(run);
  if (column.id === 'runtime') return <span role="cell" className="num">{typeof value === 'number' ? formatDuration(value) : ''}</span>;
  const media = mediaLabel(value);
  // A media value is shown on the run's page: the cell names it and links there.
  if (media) return <span role="cell"><Link className="media-cell" href={`${href.run(run.entity, run.project, run.id)}#media`}>{media}</Link></span>;
  const text = formatValue(value);
  return <span role="cell" className={column.numeric ? 'num' : undefined} title={text}>{text}</span>;
}
