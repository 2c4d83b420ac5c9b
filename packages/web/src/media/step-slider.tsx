// Which logged step of a media series is shown: the newest, until the reader moves the slider away
// from it (then new steps arriving leave the chosen one in place).
import { useState, type ReactNode } from 'react';
import type { MediaSeries } from './media-series.ts';

export function useStepIndex(count: number): [number, (index: number) => void] {
  const [chosen, setChosen] = useState<number | null>(null);
  const index = chosen === null ? count - 1 : Math.min(chosen, count - 1);
  return [index, (next) => setChosen(next >= count - 1 ? null : next)];
}

export function StepSlider({ label, steps, index, onChange }: { label: string; steps: Array<number | null>; index: number; onChange: (index: number) => void }) {
  const step = <span className="num" data-testid="step">{steps[index] ?? '?'}</span>;
  if (steps.length < 2) return <span className="muted small">step {step}</span>;
  return (
    <label className="step-slider muted small">
      step <input type="range" aria-label={`${label} step`} min={0} max={steps.length - 1} step={1} value={index}
        onChange={(e) => onChange(Number(e.target.value))} /> {step}
    </label>
  );
}

/** A media key's card: its name and step slider over what the chosen step shows. */
export function SteppedCard({ series, index, onChange, children }: { series: MediaSeries; index: number; onChange: (index: number) => void; children: ReactNode }) {
  return (
    <figure className="media-card" data-media={series.key}>
      <figcaption className="media-head">
        <b>{series.key}</b>
        <StepSlider label={series.key} steps={series.entries.map((e) => e.step)} index={index} onChange={onChange} />
      </figcaption>
      {children}
    </figure>
  );
}
