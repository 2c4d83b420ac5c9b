// One wandb.Histogram key of a run: the bars of the chosen step, in SVG.
import { formatNumber } from '../format.ts';
import { histogramBars } from './histogram-bars.ts';
import type { MediaSeries } from './media-series.ts';
import { SteppedCard, useStepIndex } from './step-slider.tsx';

const W = 400;
const H = 170;
const LEFT = 44;
const BOTTOM = 20;

export function HistogramSeries({ series }: { series: MediaSeries }) {
  const [index, setIndex] = useStepIndex(series.entries.length);
  const entry = series.entries[index];
  const bars = histogramBars(entry.values ?? [], entry.bins);
  const low = bars[0]?.from ?? 0;
  const high = bars.at(-1)?.to ?? 1;
  const most = Math.max(1, ...bars.map((b) => b.count));
  const x = (v: number): number => LEFT + ((v - low) / (high - low || 1)) * (W - LEFT - 4);
  const y = (count: number): number => (H - BOTTOM) * (1 - count / most) + 4;
  return (
    <SteppedCard series={series} index={index} onChange={setIndex}>
      <svg className="histogram" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${series.key} histogram`}>
        {bars.map((bar, i) => (
          <rect key={i} x={x(bar.from)} width={Math.max(0.5, x(bar.to) - x(bar.from) - 0.5)} y={y(bar.count)} height={H - BOTTOM + 4 - y(bar.count)}>
            <title>{`${formatNumber(bar.from)} to ${formatNumber(bar.to)}: ${bar.count}`}</title>
          </rect>
        ))}
        <line x1={LEFT} x2={W - 4} y1={H - BOTTOM + 4} y2={H - BOTTOM + 4} />
        <text x={LEFT - 4} y={12} textAnchor="end">{formatNumber(most)}</text>
        <text x={LEFT - 4} y={H - BOTTOM + 4} textAnchor="end">0</text>
        <text x={LEFT} y={H - 2}>{formatNumber(low)}</text>
        <text x={W - 4} y={H - 2} textAnchor="end">{formatNumber(high)}</text>
      </svg>
    </SteppedCard>
  );
}
