// The native JSON API (docs/api.md) as the dashboard calls it: the API key from sign-in travels as
// `Authorization: Bearer`, and a 401 sends the user back to sign-in.
import type { RunFile } from '@sextant/protocol';

// The answers' types come from the API's contract; only types, so zod stays out of the bundle.
export type {
  Agent, ArtifactFile, ArtifactSequence, ArtifactVersion, ArtifactVersionFiles, History, Json, MediaEntry, Project, Run, RunFile, RunRef, Series, Sweep,
  SweepParameter, SweepSummary,
} from '@sextant/protocol';

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const KEY = 'sextant.apiKey';
const signedOut = new EventTarget();

export const session = {
  key: (): string | null => localStorage.getItem(KEY),
  signIn: (key: string): void => localStorage.setItem(KEY, key),
  signOut: (): void => {
    localStorage.removeItem(KEY);
    signedOut.dispatchEvent(new Event('signout'));
  },
  onSignOut: (listener: () => void): (() => void) => {
    signedOut.addEventListener('signout', listener);
    return () => signedOut.removeEventListener('signout', listener);
  },
};

/** A call to the API with the signed-in key (or `key`, when checking one at sign-in). */
export async function api<T>(path: string, init: RequestInit = {}, key = session.key()): Promise<T> {
  const headers = new Headers(init.headers);
  // Always Bearer, even empty: the server challenges other callers with Basic, which makes browsers show a login dialog.
  headers.set('authorization', `Bearer ${key ?? ''}`);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(path, { ...init, headers });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { errors?: Array<{ message: string }> };
    const message = body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`;
    if (response.status === 401 && key === session.key()) session.signOut();
    throw new ApiError(response.status, message);
  }
  return (await response.json()) as T;
}

export const paths = {
  runs: (entity: string, project: string, params: Record<string, string> = {}): string =>
    `/api/v1/runs/${enc(entity)}/${enc(project)}${query(params)}`,
  run: (entity: string, project: string, run: string): string => `/api/v1/runs/${enc(entity)}/${enc(project)}/${enc(run)}`,
  sweep: (entity: string, project: string, sweep: string): string => `/api/v1/sweeps/${enc(entity)}/${enc(project)}/${enc(sweep)}`,
  sweeps: (entity: string, project: string): string => `/api/v1/sweeps/${enc(entity)}/${enc(project)}`,
  artifacts: (entity: string, project: string): string => `/api/v1/artifacts/${enc(entity)}/${enc(project)}`,
  artifact: (entity: string, project: string, name: string, ref?: string, params: Record<string, string> = {}): string =>
    `/api/v1/artifacts/${enc(entity)}/${enc(project)}/${enc(name)}${ref === undefined ? '' : `/${enc(ref)}`}${query(params)}`,
  histories: (entity: string, project: string, params: Record<string, string>): string => `/api/v1/histories/${enc(entity)}/${enc(project)}${query(params)}`,
  live: (entity: string, project: string): string => `/api/v1/live/${enc(entity)}/${enc(project)}`,
};

const enc = encodeURIComponent;

export function query(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
}

/** A run file's bytes (its URL needs the key, so a plain link or <img> cannot fetch it). */
export async function fetchFile(url: string, name: string): Promise<Blob> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${session.key()}` } });
  if (!response.ok) throw new ApiError(response.status, `cannot download ${name}: HTTP ${response.status}`);
  return response.blob();
}

export async function download(file: RunFile): Promise<void> {
  save(file.name.split('/').pop() ?? file.name, await fetchFile(file.url, file.name));
}

/** Text made in the page (an export) saved as a file. */
export function saveText(name: string, text: string, type: string): void {
  save(name, new Blob([text], { type }));
}

function save(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
