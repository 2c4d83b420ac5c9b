// The 2-objective test problems of bench/multiobjective: ZDT1–3 (Zitzler, Deb & Thiele 2000) and
// DTLZ2 (Deb et al. 2002) with two objectives, each on [0, 1]^d, every objective minimized.

/** The hypervolume reference point: just beyond the nadir of every problem's true front (1, 1). */
export const REFERENCE: [number, number] = [1.1, 1.1];

export interface Problem {
  name: string;
  evaluate(x: number[]): [number, number];
  /** A second reference point beyond the worst values on [0, 1]^d: credits progress far from the front too. */
  wide: [number, number];
  /** Points on the true front, for the best attainable hypervolume. */
  front(samples: number): number[][];
}

const g = (x: number[]): number => 1 + (9 * x.slice(1).reduce((a, b) => a + b, 0)) / (x.length - 1);
const grid = (n: number): number[] => Array.from({ length: n }, (_, i) => i / (n - 1));

function zdt(name: string, h: (f1: number, g: number) => number): Problem {
  return {
    name,
    evaluate: (x) => [x[0], g(x) * h(x[0], g(x))],
    front: (n) => grid(n).map((f1) => [f1, h(f1, 1)]),
    wide: [1.1, 11],
  };
}

export const PROBLEMS: Problem[] = [
  zdt('zdt1', (f1, gx) => 1 - Math.sqrt(f1 / gx)),
  zdt('zdt2', (f1, gx) => 1 - (f1 / gx) ** 2),
  zdt('zdt3', (f1, gx) => 1 - Math.sqrt(f1 / gx) - (f1 / gx) * Math.sin(10 * Math.PI * f1)),
  {
    name: 'dtlz2',
    evaluate: (x) => {
      const gx = x.slice(1).reduce((a, b) => a + (b - 0.5) ** 2, 0);
      const angle = (x[0] * Math.PI) / 2;
      return [(1 + gx) * Math.cos(angle), (1 + gx) * Math.sin(angle)];
    },
    front: (n) => grid(n).map((t) => [Math.cos((t * Math.PI) / 2), Math.sin((t * Math.PI) / 2)]),
    wide: [2.5, 2.5],
  },
];
