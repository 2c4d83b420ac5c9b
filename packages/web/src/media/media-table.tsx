// One wandb.Table key of a run: the table of the chosen step, sorted by a column header, a page at
// a time, its images inline.
import { useMemo, useState } from 'react';
import type { Json } from '../api.ts';
import { formatValue } from '../format.ts';
import type { MediaSeries } from './media-series.ts';
import { StepSlider, useStepIndex } from './step-slider.tsx';
import { useTable } from './table-file.ts';
import { imagePath, pageOf, sortRows } from './table-rows.ts';

const PAGE_ROWS = 50;

export function MediaTable({ entity, project, series }: { entity: string; project: string; series: MediaSeries }) {
  const [index, setIndex] = useStepIndex(series.entries.length);
  const [sort, setSort] = useState<{ column: number; descending: boolean }>();
  const [page, setPage] = useState(0);
  const loaded = useTable(entity, project, series.entries[index]);
  const rows = useMemo(() => (loaded.data && sort ? sortRows(loaded.data.table.rows, sort.column, sort.descending) : loaded.data?.table.rows ?? []), [loaded.data, sort]);
  const shown = pageOf(rows, page, PAGE_ROWS);
  const sortBy = (column: number): void => {
    setSort({ column, descending: sort?.column === column ? !sort.descending : false });
    setPage(0);
  };

  return (
    <figure className="media-card media-wide" data-media-table={series.key}>
      <figcaption className="media-head">
        <b>{series.key}</b>
        <StepSlider label={series.key} steps={series.entries.map((e) => e.step)} index={index} onChange={setIndex} />
      </figcaption>
      {loaded.error && <p className="error">{loaded.error}</p>}
      {!loaded.data ? !loaded.error && <p className="muted">Loading table…</p> : (
        <>
          <div className="media-table">
            <table className="plain">
              <thead><tr>{loaded.data.table.columns.map((name, column) => (
                <th key={column} aria-sort={sort?.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                  <button className="table-sort" onClick={() => sortBy(column)}>{name}{sort?.column === column ? (sort.descending ? ' ▼' : ' ▲') : ''}</button>
                </th>
              ))}</tr></thead>
              <tbody>{shown.rows.map((row, i) => (
                <tr key={shown.first + i}>{loaded.data!.table.columns.map((_, column) => <TableCell key={column} cell={row[column]} files={loaded.data!.files} />)}</tr>
              ))}</tbody>
            </table>
          </div>
          <div className="pager">
            <span className="muted" data-testid="rows">
              {rows.length === 0 ? 'no rows' : `rows ${shown.first + 1}–${shown.first + shown.rows.length} of ${rows.length}`}
            </span>
            {shown.pages > 1 && <>
              <button disabled={shown.page === 0} onClick={() => setPage(shown.page - 1)}>Previous</button>
              <button disabled={shown.page === shown.pages - 1} onClick={() => setPage(shown.page + 1)}>Next</button>
            </>}
          </div>
        </>
      )}
    </figure>
  );
}

function TableCell({ cell, files }: { cell: Json | undefined; files: Map<string, string> }) {
  const path = imagePath(cell);
  if (path !== undefined) {
    const src = files.get(path);
    return <td>{src ? <img className="cell-image" src={src} alt={path} title={path} /> : <span className="muted" title="not in the table's artifact">{path}</span>}</td>;
  }
  return <td className={typeof cell === 'number' ? 'num' : undefined}>{formatValue(cell)}</td>;
}
