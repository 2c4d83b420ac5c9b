// A run's media (images, tables, histograms logged with wandb.log), one card per key; no section
// when the run logged none.
import { useMemo } from 'react';
import { api, type MediaEntry } from '../api.ts';
import { usePoll } from '../poll.ts';
import { groupMedia } from './media-series.ts';
import { ImageSeries } from './image-series.tsx';
import { MediaTable } from './media-table.tsx';
import { HistogramSeries } from './histogram.tsx';

export function MediaSection({ base, entity, project }: { base: string; entity: string; project: string }) {
  const media = usePoll(() => api<{ media: MediaEntry[] }>(`${base}/media`), [base]);
  const series = useMemo(() => groupMedia(media.data?.media ?? []), [media.data]);
  if (series.length === 0) return null;
  return (
    <section data-testid="media">
      <h2>Media</h2>
      <div className="media-grid">
        {series.map((s) => {
          switch (s.kind) {
            case 'image': return <ImageSeries key={`image:${s.key}`} series={s} />;
            case 'table': return <MediaTable key={`table:${s.key}`} entity={entity} project={project} series={s} />;
            case 'histogram': return <HistogramSeries key={`histogram:${s.key}`} series={s} />;
          }
        })}
      </div>
    </section>
  );
}
