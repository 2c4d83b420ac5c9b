// Sobol' low-discrepancy points in [0, 1)^d with a random digital shift (which keeps the
// net structure). Direction numbers: Joe & Kuo for the first 21 dimensions; beyond that,
// primitive polynomials found by search with seeded odd initial numbers.

/** [degree s, polynomial coefficients a, initial direction numbers m₁…m_s] per dimension ≥ 2. */
const JOE_KUO: Array<[number, number, number[]]> = [
  [1, 0, [1]], [2, 1, [1, 3]], [3, 1, [1, 3, 1]], [3, 2, [1, 1, 1]], [4, 1, [1, 1, 3, 3]],
  [4, 4, [1, 3, 5, 13]], [5, 2, [1, 1, 5, 5, 17]], [5, 4, [1, 1, 5, 5, 5]], [5, 7, [1, 1, 7, 11, 19]],
  [5, 11, [1, 1, 5, 1, 1]], [5, 13, [1, 1, 1, 3, 11]], [5, 14, [1, 3, 5, 5, 31]], [6, 1, [1, 3, 3, 9, 7, 49]],
  [6, 13, [1, 1, 1, 15, 21, 21]], [6, 16, [1, 3, 1, 13, 27, 49]], [6, 19, [1, 1, 1, 15, 7, 5]],
  [6, 22, [1, 3, 1, 15, 13, 25]], [6, 25, [1, 1, 5, 5, 19, 61]], [7, 1, [1, 3, 7, 11, 23, 15, 103]],
  [7, 4, [1, 3, 7, 13, 13, 15, 69]],
];
const BITS = 32;

function directions(d: number): Uint32Array[] {
  const table = [...JOE_KUO];
  // More dimensions: primitive polynomials of increasing degree, odd initial numbers m_k < 2^k.
  let seed = 12345;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  for (let degree = 8; table.length < d - 1; degree++) {
    for (let a = 0; a < 1 << (degree - 1) && table.length < d - 1; a++) {
      if (!isPrimitive(degree, a)) continue;
      table.push([degree, a, Array.from({ length: degree }, (_, k) => ((next() % (1 << (k + 1))) | 1))]);
    }
  }
  const result: Uint32Array[] = [];
  const first = new Uint32Array(BITS);
  for (let k = 0; k < BITS; k++) first[k] = 2 ** (BITS - 1 - k);
  result.push(first);
  for (let j = 0; j < d - 1; j++) {
    const [s, a, m] = table[j];
    const v = new Uint32Array(BITS);
    for (let k = 0; k < BITS; k++) {
      if (k < s) {
        v[k] = (m[k] * 2 ** (BITS - 1 - k)) >>> 0;
      } else {
        let value = v[k - s] ^ (v[k - s] >>> s);
        for (let i = 1; i < s; i++) if ((a >>> (s - 1 - i)) & 1) value ^= v[k - i];
        v[k] = value >>> 0;
      }
    }
    result.push(v);
  }
  return result;
}

/** Whether x^s + a-bits + 1 over GF(2) is primitive (its root has order 2^s − 1). */
function isPrimitive(s: number, a: number): boolean {
  const poly = (1 << s) | (a << 1) | 1;
  const order = (1 << s) - 1;
  let x = 1;
  for (let e = 1; e <= order; e++) {
    x <<= 1;
    if (x & (1 << s)) x ^= poly;
    if (x === 1) return e === order;
  }
  return false;
}

/** Points index `from` … `from + count − 1` of the d-dimensional sequence, shifted by `shift` (d words). */
export function sobolPoints(d: number, from: number, count: number, shift: Uint32Array): Float64Array[] {
  const v = directions(d);
  const out: Float64Array[] = [];
  const state = new Uint32Array(d);
  // Gray-code order: point i is the XOR of the direction numbers of the bits of gray(i).
  const gray = (i: number): number => i ^ (i >>> 1);
  const g = gray(from);
  for (let j = 0; j < d; j++) {
    let x = 0;
    for (let k = 0; k < BITS; k++) if ((g >>> k) & 1) x ^= v[j][k];
    state[j] = x >>> 0;
  }
  for (let i = from; i < from + count; i++) {
    if (i > from) {
      const c = Math.clz32(~(i - 1) & i) ^ 31;
      for (let j = 0; j < d; j++) state[j] = (state[j] ^ v[j][c]) >>> 0;
    }
    const point = new Float64Array(d);
    for (let j = 0; j < d; j++) point[j] = ((state[j] ^ shift[j]) >>> 0) / 2 ** BITS;
    out.push(point);
  }
  return out;
}

export function randomShift(d: number, uniform: () => number): Uint32Array {
  return Uint32Array.from({ length: d }, () => Math.floor(uniform() * 2 ** BITS) >>> 0);
}
