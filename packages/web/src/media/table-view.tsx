// A wandb.Table on screen: sorted by a column header, 50 rows a page, image cells shown from the
// URLs of the artifact entries they name. The run page's media tables and the artifact page's
// `.table.json` files both draw with it.
import { useMemo, useState } from 'react';
import type { Json } from '../api.ts';
import { formatValue } from '../format.ts';
import { imagePath, pageOf, sortRows, type TableData } from './table-rows.ts';

const PAGE_ROWS = 50;

export function TableView({ table, files }: { table: TableData; files: Map<string, string> }) {
  const [sort, setSort] = useState<{ column: number; descending: boolean }>();
  const [page, setPage] = useState(0);
  const rows = useMemo(() => (sort ? sortRows(table.rows, sort.column, sort.descending) : table.rows), [table, sort]);
  const shown = pageOf(rows, page, PAGE_ROWS);
  const sortBy = (column: number): void => {
    setSort({ column, descending: sort?.column === column ? !sort.descending : false });
    setPage(0);
  };
  return (
    <>
      <div className="media-table">
        <table className="plain">
          <thead><tr>{table.columns.map((name, column) => (
            <th key={column} aria-sort={sort?.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
              <button className="table-sort" onClick={() => sortBy(column)}>{name}{sort?.column === column ? (sort.descending ? ' ▼' : ' ▲') : ''}</button>
            </th>
          ))}</tr></thead>
          <tbody>{shown.rows.map((row, i) => (
            <tr key={shown.first + i}>{table.columns.map((_, column) => <TableCell key={column} cell={row[column]} files={files} />)}</tr>
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
