// A seeded source of uniform doubles, the only randomness search methods use.
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Rng } from './types.ts';

export function createRng(seed: number): Rng {
  const generator = xoroshiro128plus(mix(seed));
  // Nearby seeds start from nearly identical states; a few draws separate them.
  for (let i = 0; i < 8; i++) generator.next();
  return {
    uniform(): number {
      // 53 random bits from two 32-bit draws: 26 high bits and 27 low bits.
      const high = (generator.next() >>> 6) * 134217728;
      const low = generator.next() >>> 5;
      return (high + low) / 9007199254740992;
    },
  };
}

/** MurmurHash3's 32-bit finalizer: spreads small seeds over all bits. */
function mix(seed: number): number {
  let h = Math.trunc(seed) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
