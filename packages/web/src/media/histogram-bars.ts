// A wandb.Histogram (`values`: counts, `bins`: their edges, one more than the counts) as bars.

export interface Bar {
  from: number;
  to: number;
  count: number;
}

/** The bars, left to right; without usable edges, each count gets a unit-wide bin at its index. */
export function histogramBars(values: number[], bins: number[] | undefined): Bar[] {
  const edges = bins && bins.length === values.length + 1 ? bins : values.map((_, i) => i).concat(values.length);
  return values.map((count, i) => ({ from: edges[i], to: edges[i + 1], count }));
}
