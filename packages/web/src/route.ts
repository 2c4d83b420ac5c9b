// The dashboard's URLs: /, /ENTITY, /ENTITY/PROJECT, /ENTITY/PROJECT/runs/ID,
// /ENTITY/PROJECT/sweeps/ID, /ENTITY/PROJECT/sweeps/new, /ENTITY/PROJECT/compare?runs=A,B, /ENTITY/PROJECT/artifacts and
// /ENTITY/PROJECT/artifacts/NAME[/REF], and /authorize (API keys; where `wandb login` links) (served
// by packages/server/web.ts).
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'home'; entity?: string }
  | { page: 'authorize' }
  | { page: 'project'; entity: string; project: string }
  | { page: 'run'; entity: string; project: string; run: string }
  | { page: 'sweep'; entity: string; project: string; sweep: string }
  | { page: 'new-sweep'; entity: string; project: string }
  | { page: 'compare'; entity: string; project: string; runs: string[] }
  | { page: 'artifacts'; entity: string; project: string }
  | { page: 'artifact'; entity: string; project: string; name: string; ref?: string }
  | { page: 'missing'; path: string };

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [entity, project, kind, id, ref] = parts;
  if (parts.length === 0) return { page: 'home' };
  if (parts.length === 1 && entity === 'authorize') return { page: 'authorize' };
  if (parts.length === 1) return { page: 'home', entity };
  if (parts.length === 2) return { page: 'project', entity, project };
  if (parts.length === 3 && kind === 'compare') {
    const runs = (new URLSearchParams(search).get('runs') ?? '').split(',').filter(Boolean);
    return { page: 'compare', entity, project, runs };
  }
  if (parts.length === 3 && kind === 'artifacts') return { page: 'artifacts', entity, project };
  if (parts.length === 4 && kind === 'artifacts') return { page: 'artifact', entity, project, name: id };
  if (parts.length === 5 && kind === 'artifacts') return { page: 'artifact', entity, project, name: id, ref };
  if (parts.length === 4 && kind === 'runs') return { page: 'run', entity, project, run: id };
  // Sweep ids are 8 characters: `new` is never one.
  if (parts.length === 4 && kind === 'sweeps' && id === 'new') return { page: 'new-sweep', entity, project };
  if (parts.length === 4 && kind === 'sweeps') return { page: 'sweep', entity, project, sweep: id };
  return { page: 'missing', path: pathname };
}

export const href = {
  project: (entity: string, project: string): string => `/${enc(entity)}/${enc(project)}`,
  run: (entity: string, project: string, run: string): string => `/${enc(entity)}/${enc(project)}/runs/${enc(run)}`,
  sweep: (entity: string, project: string, sweep: string): string => `/${enc(entity)}/${enc(project)}/sweeps/${enc(sweep)}`,
  newSweep: (entity: string, project: string): string => `/${enc(entity)}/${enc(project)}/sweeps/new`,
  artifacts: (entity: string, project: string): string => `/${enc(entity)}/${enc(project)}/artifacts`,
  artifact: (entity: string, project: string, name: string, ref?: string): string =>
    `/${enc(entity)}/${enc(project)}/artifacts/${enc(name)}${ref === undefined ? '' : `/${enc(ref)}`}`,
  compare: (entity: string, project: string, runs: string[]): string => `/${enc(entity)}/${enc(project)}/compare?runs=${runs.map(enc).join(',')}`,
};

const enc = encodeURIComponent;
const moved = new EventTarget();

export function navigate(url: string): void {
  history.pushState(null, '', url);
  window.scrollTo(0, 0);
  moved.dispatchEvent(new Event('move'));
}

/** Rewrites the current URL's query in place (no history entry, no page change): a view's state. */
export function replaceSearch(params: URLSearchParams): void {
  const query = params.toString();
  const url = `${location.pathname}${query ? `?${query}` : ''}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url);
}

export function useRoute(): Route {
  const read = (): Route => parseRoute(location.pathname, location.search);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = (): void => setRoute(read());
    window.addEventListener('popstate', update);
    moved.addEventListener('move', update);
    return () => {
      window.removeEventListener('popstate', update);
      moved.removeEventListener('move', update);
    };
  }, []);
  return route;
}
