// Ids and display names the controller makes: 8-character sweep ids like W&B's, run ids, and
// `<adjective>-sweep-<n>` run names.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ADJECTIVES = ['amber', 'brisk', 'calm', 'clever', 'crisp', 'dainty', 'eager', 'fancy', 'gentle', 'glad', 'golden', 'hardy',
  'jolly', 'keen', 'lively', 'lucky', 'mellow', 'misty', 'noble', 'quiet', 'rapid', 'royal', 'silver', 'smart', 'snowy', 'sunny',
  'swift', 'tidy', 'vivid', 'warm', 'wise', 'zesty'];

export function randomId(length = 8): string {
  return Array.from(randomBytes(length), (b) => ALPHABET[b % ALPHABET.length]).join('');
}

export function sweepRunName(n: number): string {
  return `${ADJECTIVES[randomBytes(1)[0] % ADJECTIVES.length]}-sweep-${n}`;
}
