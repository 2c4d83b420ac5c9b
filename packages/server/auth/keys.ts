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

/** A cached key check: the user behind a header, and that user without waiting when already known. */
export interface Authorization {
  (header: string | undefined): Promise<User | undefined>;
  /** The user a lookup finished finding within the last `ttlMs`; undefined while unknown or pending. */
  known(header: string | undefined): User | undefined;
}

interface CachedUser {
  user: Promise<User | undefined>;
  until: number;
  /** What `user` resolved to, once it has. */
  found?: User;
}

/**
 * userFromAuthorization with the answers kept for `ttlMs`: clients send a request every few
 * seconds per run, so the key lookup would otherwise be a query on every line batch. Requests that
 * arrive while a key is being looked up wait for that lookup rather than each making their own (a
 * crowd of agents sharing a key would otherwise all miss at once when it expires). A revoked key
 * keeps working for at most `ttlMs` on a server that had just seen it.
 */
export function cachedAuthorization(store: Store, ttlMs = 5000): Authorization {
  const cache = new Map<string, CachedUser>();
  const authorize = (header: string | undefined): Promise<User | undefined> => {
    if (header === undefined) return userFromAuthorization(store, header);
    const now = Date.now();
    const hit = cache.get(header);
    if (hit && hit.until > now) return hit.user;
    if (cache.size > 10_000) cache.clear();
    const entry: CachedUser = { user: userFromAuthorization(store, header), until: now + ttlMs };
    cache.set(header, entry);
    entry.user.then(
      (user) => (entry.found = user),
      // A lookup that failed (the database unreachable) is not kept.
      () => cache.get(header) === entry && cache.delete(header),
    );
    return entry.user;
  };
  return Object.assign(authorize, {
    known(header: string | undefined): User | undefined {
      const hit = header === undefined ? undefined : cache.get(header);
      return hit && hit.until > Date.now() ? hit.found : undefined;
    },
  });
}
