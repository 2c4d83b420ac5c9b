// Users and their API keys: who may talk to the server.

export interface User {
  id: number;
  username: string;
  admin: boolean;
}

export interface ApiKeyInfo {
  id: number;
  userId: number;
  /** The first characters of the key, to tell keys apart in listings. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Each method is one statement: atomic, and durable once it resolved. */
export interface UserStore {
  /** At first start (the admin) and by `sextant users create`. Rejects a username that exists. */
  createUser(username: string, admin: boolean): Promise<User>;
  /** By the CLI's key and user commands, to name a user. */
  findUser(username: string): Promise<User | undefined>;
  /** When a key is issued; only its SHA-256 hash is kept, never the key. */
  addApiKey(userId: number, hash: string, prefix: string): Promise<ApiKeyInfo>;
  /** On every authenticated request: the user owning an unrevoked key with this hash. */
  userForKeyHash(hash: string): Promise<User | undefined>;
  /** A user's keys, revoked ones included, in the order they were issued. */
  listApiKeys(userId: number): Promise<ApiKeyInfo[]>;
  /** Whether an active key of that user was revoked now; from then on it authenticates nobody. */
  revokeApiKey(userId: number, keyId: number): Promise<boolean>;
  /** At start-up, to tell a first start (no user yet) from a restart. */
  countUsers(): Promise<number>;
}
