// Exponential moving average with TensorBoard's debiasing: the first points are not pulled toward 0.
// `weight` 0 leaves the series as it is; 0.99 is very smooth.
export function smooth(y: ArrayLike<number>, weight: number): number[] {
  const out = new Array<number>(y.length);
  let last = 0;
  let debias = 1;
  for (let i = 0; i < y.length; i++) {
    last = last * weight + (1 - weight) * y[i];
    debias *= weight;
    out[i] = weight === 0 ? y[i] : last / (1 - debias);
  }
  return out;
}
