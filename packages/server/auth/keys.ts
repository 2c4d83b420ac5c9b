// API keys: 40 random characters (what the wandb client accepts), stored only as SHA-256 hashes.
import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyInfo, Store, User } from '../store/store.ts';

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

export function registerKey(store: Store, user: User, key: string): Promise<ApiKeyInfo> {
  return store.addApiKey(user.id, hashKey(key), key.slice(0, 6));
}

/**
 * The user behind an `Authorization` header, if any: `Basic base64(api:KEY)` as the wandb client
 * sends it, or `Bearer KEY` as the dashboard does.
 */
export async function userFromAuthorization(store: Store, header: string | undefined): Promise<User | undefined> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  const basic = /^Basic\s+(\S+)$/i.exec(header ?? '');
  let key: string;
  if (bearer) key = bearer[1];
  else if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    key = decoded.slice(decoded.indexOf(':') + 1).trim();
  } else return undefined;
  // On-prem style keys carry a "<prefix>-" before the 40 characters.
  const bare = key.length > 40 ? key.slice(key.lastIndexOf('-') + 1) : key;
  if (!isWellFormedKey(bare)) return undefined;
  return store.userForKeyHash(hashKey(bare));
}

/**
 * userFromAuthorization with the answers kept for `ttlMs`: clients send a request every few
 * seconds per run, so the key lookup would otherwise be a query on every line batch. Requests that
 * arrive while a key is being looked up wait for that lookup rather than each making their own (a
 * crowd of agents sharing a key would otherwise all miss at once when it expires). A revoked key
 * keeps working for at most `ttlMs` on a server that had just seen it.
 */
export function cachedAuthorization(store: Store, ttlMs = 5000): (header: string | undefined) => Promise<User | undefined> {
  const cache = new Map<string, { user: Promise<User | undefined>; until: number }>();
  return (header) => {
    if (header === undefined) return userFromAuthorization(store, header);
    const now = Date.now();
    const hit = cache.get(header);
    if (hit && hit.until > now) return hit.user;
    if (cache.size > 10_000) cache.clear();
    const entry = { user: userFromAuthorization(store, header), until: now + ttlMs };
    cache.set(header, entry);
    // A lookup that failed (the database unreachable) is not kept.
    entry.user.catch(() => cache.get(header) === entry && cache.delete(header));
    return entry.user;
  };
}
