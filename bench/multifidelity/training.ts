// The real training task of bench/multifidelity: training.py's network on scikit-learn's digits,
// trained one epoch per request in the objectives environment. Its normalizer needs random points
// trained to the end (minutes a seed), so they are kept under the user cache, keyed by a digest of
// training.py.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { lineClient, pythonOf, type LineClient } from '../optimizer/participants.ts';
import { median } from '../optimizer/report.ts';
import { digestOf, writeKept } from '../optimizer/study-cache.ts';
import type { CurveProblem } from './curves.ts';

const script = join(import.meta.dirname, 'training.py');
const RANDOM_POINTS = 100;
const cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sextant', 'multifidelity');

let trainer: LineClient | undefined;

/** The digits network for `seed` (its data split and initialization), `epochs` long; four coordinates. */
export async function trainingProblem(seed: number, epochs: number): Promise<CurveProblem> {
  trainer ??= lineClient(pythonOf('objectives'), [script]);
  const client = trainer;
  await client.call({ op: 'start', seed });
  const number = async (request: object): Promise<number> => (await client.call(request)).loss as number;
  return {
    dims: 4,
    epochs,
    loss: (x, epoch) => number({ op: 'epoch', x, epoch }),
    finalLoss: () => number({ op: 'final' }),
    reference: async (seen) => {
      const random = await randomFinals(client, seed, epochs);
      return { fstar: Math.min(...random, ...seen), clip: median(random) };
    },
  };
}

/** Ends the trainer process, if one was started. */
export function closeTraining(): void {
  trainer?.child.stdin.end();
}

async function randomFinals(client: LineClient, seed: number, epochs: number): Promise<number[]> {
  const file = join(cacheDir, `digits-${digestOf([script])}-s${seed}-n${RANDOM_POINTS}-e${epochs}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as number[];
  process.stderr.write(`training ${RANDOM_POINTS} random networks for seed ${seed}'s normalizer (kept in ${cacheDir})\n`);
  const losses = (await client.call({ op: 'random', count: RANDOM_POINTS, epochs })).losses as number[];
  writeKept(file, JSON.stringify(losses));
  return losses;
}
