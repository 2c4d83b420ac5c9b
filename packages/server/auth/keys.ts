// API keys: 40 random characters (what the wandb client accepts), stored only as SHA-256 hashes.
import { createHash, randomBytes } from 'node:crypto';
import type { Store, User } from '../store/store.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newApiKey(): string {
  const bytes = randomBytes(40);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function isWellFormedKey(key: string): boolean {
  return /^[A-Za-z0-9_-]{40}$/.test(key);
}

export async function registerKey(store: Store, user: User, key: string): Promise<void> {
  await store.addApiKey(user.id, hashKey(key), key.slice(0, 6));
}

/** The user behind an `Authorization: Basic base64(api:KEY)` header (the wandb client's form), if any. */
export async function userFromAuthorization(store: Store, header: string | undefined): Promise<User | undefined> {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const key = decoded.slice(decoded.indexOf(':') + 1).trim();
  // On-prem style keys carry a "<prefix>-" before the 40 characters.
  const bare = key.length > 40 ? key.slice(key.lastIndexOf('-') + 1) : key;
  if (!isWellFormedKey(bare)) return undefined;
  return store.userForKeyHash(hashKey(bare));
}
