// One wandb.Table key of a run: the table of the chosen step (table-view.tsx), its images inline.
import type { MediaSeries } from './media-series.ts';
import { StepSlider, useStepIndex } from './step-slider.tsx';
import { useTable } from './table-file.ts';
import { TableView } from './table-view.tsx';

export function MediaTable({ entity, project, series }: { entity: string; project: string; series: MediaSeries }) {
  const [index, setIndex] = useStepIndex(series.entries.length);
  const loaded = useTable(entity, project, series.entries[index]);
  return (
    <figure className="media-card media-wide" data-media-table={series.key}>
      <figcaption className="media-head">
        <b>{series.key}</b>
        <StepSlider label={series.key} steps={series.entries.map((e) => e.step)} index={index} onChange={setIndex} />
      </figcaption>
      {loaded.error && <p className="error">{loaded.error}</p>}
      {!loaded.data ? !loaded.error && <p className="muted">Loading table…</p> : <TableView table={loaded.data.table} files={loaded.data.files} />}
    </figure>
  );
}
