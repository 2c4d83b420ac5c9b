// Finished studies kept between runs. A study's values depend only on the optimizer's code, the
// objectives' code, the problem, the seed and the number of trials, so a study run once need not
// run again: the full protocol takes hours on 2 cores (HEBO and SMAC3 alone take minutes a study),
// and the cache lets it be completed over several sittings. The key holds a digest of every input
// that decides the values, so a changed optimizer or objective is a miss, never a stale hit.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export interface CachedStudy {
  /** Noiseless objective value of each trial. */
  values: number[];
  /** Seconds the optimizer spent suggesting, measured when the study ran. */
  seconds: number;
  /** When the study ran (ISO). */
  measured: string;
}

const cacheRoot = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sextant', 'optimizer-studies');

const repository = join(import.meta.dirname, '..', '..');

/** A short digest of the files' names (within the repository, so any checkout agrees) and contents, in the order given. */
export function digestOf(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(relative(repository, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

/**
 * The digest of a problem's code: objectives.py in `dir`, and the file that adds the problem when it
 * is another (heldout.py), so that adding a problem there changes no other problem's studies.
 */
export function objectivesDigest(dir: string, addedBy?: string): string {
  return digestOf([join(dir, 'objectives.py'), ...(addedBy ? [join(dir, addedBy)] : [])]);
}

/** Every source file of a package (tests excluded), sorted, for digestOf. */
export function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('node_modules'))
    .sort()
    .map((f) => join(dir, f));
}

export interface StudyKey {
  problem: string;
  optimizer: string;
  /** Digest (or version) of the optimizer's code. */
  code: string;
  /** Digest of the objectives' code. */
  objectives: string;
  seed: number;
  trials: number;
}

function fileOf(key: StudyKey): string {
  return join(cacheRoot, key.problem, `${key.optimizer}-${key.code}-o${key.objectives}-s${key.seed}-t${key.trials}.json`);
}

export function readStudy(key: StudyKey): CachedStudy | undefined {
  const file = fileOf(key);
  if (!existsSync(file)) return undefined;
  const study = JSON.parse(readFileSync(file, 'utf8')) as CachedStudy;
  return study.values.length === key.trials ? study : undefined;
}

export function writeStudy(key: StudyKey, study: CachedStudy): void {
  writeKept(fileOf(key), JSON.stringify(study));
}

/** Writes a kept file whole or not at all (a full disk or a kill mid-write leaves no half file to misread later). */
export function writeKept(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}
