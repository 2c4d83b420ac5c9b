// The UserStore in SQL, for both backends.
import { now, type Row, type Sql } from './sql.ts';
import type { ApiKeyInfo, User, UserStore } from './user-store.ts';

function toUser(row: Row): User {
  return { id: Number(row.id), username: String(row.username), admin: Boolean(row.admin) };
}

function toKey(row: Row): ApiKeyInfo {
  return { id: Number(row.id), userId: Number(row.user_id), prefix: String(row.prefix), createdAt: String(row.created_at), revokedAt: row.revoked_at === null ? null : String(row.revoked_at) };
}

export function userMethods(sql: Sql): UserStore {
  return {
    async createUser(username, admin) {
      // 1 and 0: SQLite binds no booleans, and PostgreSQL reads '1' and '0' as booleans.
      const row = await sql.one('INSERT INTO users (username, admin, created_at) VALUES (?, ?, ?) RETURNING id', username, admin ? 1 : 0, now());
      return { id: Number(row!.id), username, admin };
    },
    async findUser(username) {
      const row = await sql.one('SELECT * FROM users WHERE username = ?', username);
      return row && toUser(row);
    },
    async countUsers() {
      return Number((await sql.one('SELECT COUNT(*) AS n FROM users'))!.n);
    },
    async addApiKey(userId, hash, prefix) {
      const createdAt = now();
      const row = await sql.one('INSERT INTO api_keys (user_id, hash, prefix, created_at) VALUES (?, ?, ?, ?) RETURNING id', userId, hash, prefix, createdAt);
      return { id: Number(row!.id), userId, prefix, createdAt, revokedAt: null };
    },
    async userForKeyHash(hash) {
      const row = await sql.one('SELECT users.* FROM api_keys JOIN users ON users.id = api_keys.user_id WHERE hash = ? AND revoked_at IS NULL', hash);
      return row && toUser(row);
    },
    async listApiKeys(userId) {
      return (await sql.all('SELECT * FROM api_keys WHERE user_id = ? ORDER BY id', userId)).map(toKey);
    },
    async revokeApiKey(userId, keyId) {
      return (await sql.run('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL', now(), keyId, userId)) > 0;
    },
  };
}
