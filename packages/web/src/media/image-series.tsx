// One image key of a run (wandb.Image, or a list of them per step): the images of the chosen step
// with their captions.
import type { MediaEntry } from '../api.ts';
import type { MediaSeries } from './media-series.ts';
import { SteppedCard, useStepIndex } from './step-slider.tsx';
import { useFileUrl } from './file-url.ts';

export function ImageSeries({ series }: { series: MediaSeries }) {
  const [index, setIndex] = useStepIndex(series.entries.length);
  const entry = series.entries[index];
  return (
    <SteppedCard series={series} index={index} onChange={setIndex}>
      <div className="media-images">
        {entry.files.map((file, i) => (
          <RunImage key={i} file={file} type={imageType(entry)} caption={entry.captions?.[i] ?? (i === 0 ? entry.caption : undefined)} />
        ))}
      </div>
    </SteppedCard>
  );
}

function RunImage({ file, type, caption }: { file: { path: string; url: string }; type: string; caption?: string }) {
  const { src, error } = useFileUrl(file, type);
  return (
    <div className="media-image">
      {error ? <p className="error">{error}</p> : <img src={src} alt={caption ?? file.path} title={file.path} />}
      {caption && <div className="caption" data-testid="caption">{caption}</div>}
    </div>
  );
}

const imageType = (entry: MediaEntry): string => `image/${entry.format === 'jpg' ? 'jpeg' : entry.format ?? 'png'}`;
