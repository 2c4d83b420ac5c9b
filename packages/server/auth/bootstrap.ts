// First start: an admin user and an API key, printed once with the lines a user needs.
import type { Store } from '../store/store.ts';
import { isWellFormedKey, newApiKey, registerKey } from './keys.ts';

export const ADMIN_NAME = 'admin';

/** Creates the admin and its key when there is no user yet; returns the new key, if one was made. */
export async function bootstrapAdmin(store: Store, seededKey: string | undefined): Promise<string | undefined> {
  if ((await store.countUsers()) > 0) return undefined;
  if (seededKey !== undefined && !isWellFormedKey(seededKey)) {
    throw new Error('SEXTANT_BOOTSTRAP_API_KEY must be exactly 40 letters, digits, "_" or "-"');
  }
  const admin = await store.createUser(ADMIN_NAME, true);
  const key = seededKey ?? newApiKey();
  await registerKey(store, admin, key);
  return key;
}
