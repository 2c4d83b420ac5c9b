// Readable run names: a run created without a display name gets `<adjective>-<noun>-<n>`, n being
// its place in the project, as W&B names them; sweep runs are `<adjective>-sweep-<n>`.
import { randomBytes } from 'node:crypto';

const ADJECTIVES = ['amber', 'brisk', 'calm', 'clever', 'crisp', 'dainty', 'eager', 'fancy', 'gentle', 'glad', 'golden', 'hardy',
  'jolly', 'keen', 'lively', 'lucky', 'mellow', 'misty', 'noble', 'quiet', 'rapid', 'royal', 'silver', 'smart', 'snowy', 'sunny',
  'swift', 'tidy', 'vivid', 'warm', 'wise', 'zesty'];
const NOUNS = ['breeze', 'brook', 'cloud', 'comet', 'dawn', 'dew', 'dream', 'dust', 'field', 'fire', 'flower', 'fog', 'forest',
  'frost', 'glade', 'grass', 'haze', 'hill', 'lake', 'leaf', 'meadow', 'moon', 'morning', 'mountain', 'night', 'ocean', 'pine',
  'rain', 'river', 'sea', 'shadow', 'sky', 'snow', 'star', 'stone', 'sun', 'surf', 'thunder', 'tree', 'voice', 'water', 'wave', 'wind'];

const pick = (words: string[]): string => words[randomBytes(2).readUInt16BE(0) % words.length];

export function adjective(): string {
  return pick(ADJECTIVES);
}

/** The name of the project's `n`th run (from 1). */
export function runName(n: number): string {
  return `${adjective()}-${pick(NOUNS)}-${n}`;
}
