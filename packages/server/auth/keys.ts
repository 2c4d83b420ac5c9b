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
 * seconds per run, so the key lookup would otherwise be a query on every line batch. A revoked key
 * keeps working for at most `ttlMs` on a server that had just seen it.
 */
export function cachedAuthorization(store: Store, ttlMs = 5000): (header: string | undefined) => Promise<User | undefined> {
  const cache = new Map<string, { user: User | undefined; until: number }>();
  return async (header) => {
    const now = Date.now();
    const hit = header === undefined ? undefined : cache.get(header);
    if (hit && hit.until > now) return hit.user;
    const user = await userFromAuthorization(store, header);
    if (header !== undefined) {
      if (cache.size > 10_000) cache.clear();
      cache.set(header, { user, until: now + ttlMs });
    }
    return user;
  };
}
