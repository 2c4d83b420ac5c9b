// Axis tick labels chosen for the axis as a whole: as many decimals as the tick step needs (0.0025,
// not 0.003), SI suffixes for large values (250k, 1.5M) and powers of ten for tiny ones (1e-4), so
// two ticks never read the same. On a log axis each tick reads on its own (1e-4, 0.01, 1, 100, 10k).
// uPlot calls these with its splits (null where its log filter hides a label).

const SI = ['', 'k', 'M', 'G', 'T'];

/** Decimals that `x` needs when written in fixed notation (from its six significant digits). */
export function decimalsOf(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  const [mantissa, exponent] = Math.abs(x).toExponential(5).replace(/\.?0+e/, 'e').split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

export function tickLabels(splits: ReadonlyArray<number | null>, step: number, log = false): string[] {
  const values = splits.filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length === 0) return splits.map(() => '');
  const label = log ? compact : linearLabel(values, step);
  return splits.map((v) => (v === null ? '' : label(v)));
}

function linearLabel(values: number[], step: number): (v: number) => string {
  const largest = Math.max(...values.map(Math.abs));
  if (largest >= 1e5 && largest < 1e15) {
    const group = Math.min(SI.length - 1, Math.floor(Math.log10(largest) / 3));
    const unit = 10 ** (group * 3);
    const decimals = Math.min(6, decimalsOf(step / unit));
    return (v) => `${zeroless((v / unit).toFixed(decimals))}${v === 0 ? '' : SI[group]}`;
  }
  if (largest >= 1e15 || (largest > 0 && largest < 1e-3)) {
    const decimals = Math.min(6, Math.max(...values.filter((v) => v !== 0).map((v) => decimalsOf(step / 10 ** Math.floor(Math.log10(Math.abs(v)))))));
    return (v) => (v === 0 ? '0' : scientific(v, decimals));
  }
  const decimals = Math.min(10, decimalsOf(step));
  return (v) => zeroless(v.toFixed(decimals));
}

/** A value on its own in at most three significant digits: 1e-4, 0.025, 3, 150, 12k, 1.5M. */
export function compact(v: number): string {
  const abs = Math.abs(v);
  if (v === 0) return '0';
  if (abs < 1e-3 || abs >= 1e15) return scientific(v, Math.min(2, decimalsOf(Number((v / 10 ** Math.floor(Math.log10(abs))).toPrecision(3)))));
  if (abs < 1e4) return String(Number(v.toPrecision(3)));
  const group = Math.min(SI.length - 1, Math.floor(Math.log10(abs) / 3));
  return `${Number((v / 10 ** (group * 3)).toPrecision(3))}${SI[group]}`;
}

function scientific(v: number, decimals: number): string {
  const [mantissa, exponent] = v.toExponential(decimals).split('e');
  return `${mantissa}e${Number(exponent)}`;
}

const zeroless = (text: string): string => (/^-0(\.0*)?$/.test(text) ? text.slice(1) : text);

/** Whether a y axis reads better on a log scale: every value positive and spanning two decades or more. */
export function spansDecades(ys: Iterable<ArrayLike<number>>): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (const y of ys) {
    for (let i = 0; i < y.length; i++) {
      const v = y[i];
      if (!Number.isFinite(v)) continue;
      if (v <= 0) return false;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return max / min >= 100;
}
