// Downsampling a metric series for charts: min/max per bucket, so spikes survive (LTTB would also
// work; min/max is exact about extremes, which is what users look for in loss curves).

export interface Series {
  x: number[];
  y: number[];
}

/** At most `points` points (≥ 4): the first and last, and each bucket's minimum and maximum in x order. */
export function minMaxDownsample(series: Series, points: number): Series {
  const n = series.x.length;
  if (n <= points) return series;
  const buckets = Math.max(Math.floor((points - 2) / 2), 1);
  const out: Series = { x: [series.x[0]], y: [series.y[0]] };
  const size = (n - 2) / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor(b * size);
    const end = Math.min(1 + Math.floor((b + 1) * size), n - 1);
    let lo = start;
    let hi = start;
    for (let i = start; i < end; i++) {
      if (series.y[i] < series.y[lo]) lo = i;
      if (series.y[i] > series.y[hi]) hi = i;
    }
    for (const i of lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)]) {
      out.x.push(series.x[i]);
      out.y.push(series.y[i]);
    }
  }
  out.x.push(series.x[n - 1]);
  out.y.push(series.y[n - 1]);
  return out;
}
