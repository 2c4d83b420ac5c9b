// Ids and display names the controller makes: 8-character sweep ids like W&B's, run ids, and
// `<adjective>-sweep-<n>` run names.
import { randomBytes } from 'node:crypto';
import { adjective } from '../runs/names.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(length = 8): string {
  return Array.from(randomBytes(length), (b) => ALPHABET[b % ALPHABET.length]).join('');
}

export function sweepRunName(n: number): string {
  return `${adjective()}-sweep-${n}`;
}
