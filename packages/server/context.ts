// What a request knows: who is calling, the store, and how to build absolute URLs.
import type { Store, User, RunKey } from './store/store.ts';
import { AccessError, RequestError } from './errors.ts';
import { checkName } from './files/names.ts';
import type { Blobs } from './artifacts/blobs.ts';
import type { Heartbeats } from './sweeps/heartbeat.ts';

export interface Context {
  store: Store;
  user: User;
  /** Base URL clients reach this server at, without a trailing slash. */
  baseUrl: string;
  /** Where run files are kept. */
  filesDir: string;
  /** Signs upload/download URLs so that the client's PUT needs no credentials. */
  sign(path: string): string;
  /** Where artifact files are kept. */
  blobs: Blobs;
  /** This app's sweep agents' heartbeats. */
  heartbeats: Heartbeats;
  /** The server's log (one line each): what an operator should see, such as a run's alert. */
  log(line: string): void;
}

/** The entity to use: the caller's own when none is given; another user's is refused. */
export function entityFor(ctx: Context, requested: unknown): string {
  const entity = typeof requested === 'string' && requested !== '' ? checkName('entity', requested) : ctx.user.username;
  if (entity !== ctx.user.username) throw new AccessError(`permission denied: user ${ctx.user.username} cannot use entity ${entity}`);
  return entity;
}

export function runKey(ctx: Context, entity: unknown, project: unknown, name: unknown): RunKey {
  if (typeof project !== 'string' || project === '') throw new RequestError('a project name is required');
  if (typeof name !== 'string' || name === '') throw new RequestError('a run name is required');
  return { entity: entityFor(ctx, entity), project: checkName('project', project), name: checkName('run', name) };
}
