// What a page shows, kept in its URL so a reload or a pasted link opens the same view: the runs
// table's filter, sort, columns and grouping, how many of its runs the charts draw; the charts' x
// axis, smoothing and y scale. Values at their defaults are left out of the URL.
import type { ChartSettings, YScale } from './charts/chart-controls.tsx';
import type { Sort } from './runs/columns.ts';

export interface TableView {
  filter: string;
  sort?: Sort;
  columns?: string[];
  /** A column id whose values group the runs. */
  group?: string;
  /** How many of the table's first runs the project's charts draw (one of RUN_COUNTS). */
  charted?: number;
}

export const RUN_COUNTS = [5, 10, 20, 50, 100, 200, 500, 1000];
export const DEFAULT_CHARTED = 10;

export const DEFAULT_CHARTS: ChartSettings = { x: '_step', smoothing: 0, yScale: 'auto' };
const SCALES: YScale[] = ['auto', 'linear', 'log'];

// Column ids may hold commas: a list escapes them (and %) inside each id.
const escapeId = (id: string): string => id.replace(/%/g, '%25').replace(/,/g, '%2C');
const unescapeId = (id: string): string => id.replace(/%2C/gi, ',').replace(/%25/g, '%');
export const writeList = (ids: string[]): string => ids.map(escapeId).join(',');
export const readList = (text: string | null): string[] => (text ? text.split(',').filter(Boolean).map(unescapeId) : []);

export function readTableView(params: URLSearchParams): TableView {
  const sort = params.get('sort');
  const columns = params.get('columns');
  return {
    filter: params.get('filter') ?? '',
    ...(sort ? { sort: { column: sort.replace(/^[-+]/, ''), descending: sort.startsWith('-') } } : {}),
    ...(columns !== null ? { columns: readList(columns) } : {}),
    ...(params.get('group') ? { group: params.get('group')! } : {}),
    ...(RUN_COUNTS.includes(Number(params.get('charted'))) ? { charted: Number(params.get('charted')) } : {}),
  };
}

/** `params` with the view's entries set (others, such as `runs`, kept). */
export function writeTableView(view: TableView, params = new URLSearchParams()): URLSearchParams {
  const out = new URLSearchParams(params);
  set(out, 'filter', view.filter.trim() ? view.filter : undefined);
  set(out, 'sort', view.sort ? `${view.sort.descending ? '-' : ''}${view.sort.column}` : undefined);
  set(out, 'columns', view.columns ? writeList(view.columns) : undefined);
  set(out, 'group', view.group);
  set(out, 'charted', view.charted === undefined || view.charted === DEFAULT_CHARTED ? undefined : String(view.charted));
  return out;
}

export function readChartSettings(params: URLSearchParams): ChartSettings {
  const smoothing = Number(params.get('smoothing'));
  const scale = params.get('y') as YScale | null;
  return {
    x: params.get('x') || DEFAULT_CHARTS.x,
    smoothing: Number.isFinite(smoothing) && smoothing >= 0 && smoothing < 1 ? smoothing : DEFAULT_CHARTS.smoothing,
    yScale: scale && SCALES.includes(scale) ? scale : DEFAULT_CHARTS.yScale,
  };
}

export function writeChartSettings(settings: ChartSettings, params = new URLSearchParams()): URLSearchParams {
  const out = new URLSearchParams(params);
  set(out, 'x', settings.x === DEFAULT_CHARTS.x ? undefined : settings.x);
  set(out, 'smoothing', settings.smoothing === DEFAULT_CHARTS.smoothing ? undefined : String(settings.smoothing));
  set(out, 'y', settings.yScale === DEFAULT_CHARTS.yScale ? undefined : settings.yScale);
  return out;
}

function set(params: URLSearchParams, key: string, value: string | undefined): void {
  if (value === undefined) params.delete(key);
  else params.set(key, value);
}
