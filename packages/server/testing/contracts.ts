// The check that the native API serves exactly the routes @sextant/protocol declares, each through its declaration.
import type { Route } from '@sextant/protocol';

export interface RegisteredRoute {
  method: string | string[];
  url: string;
  /** The declaration it was served with (api/contract.ts puts it in the route's config). */
  contract?: Route;
}

/** Each /api/v1 route served without its declaration and each declaration not served, as one sentence; empty when they match. */
export function contractGaps(registered: RegisteredRoute[], declared: Route[]): string[] {
  const gaps: string[] = [];
  const served = new Set<string>();
  for (const route of registered) {
    if (!route.url.startsWith('/api/v1/')) continue;
    for (const method of [route.method].flat().filter((m) => m !== 'HEAD')) {
      const id = `${method} ${route.url}`;
      served.add(id);
      const declaration = declared.find((d) => `${d.method} ${d.path}` === id);
      if (!declaration) gaps.push(`${id}: served but declared nowhere in @sextant/protocol`);
      else if (route.contract !== declaration) gaps.push(`${id}: served without its declaration (use serve() of api/contract.ts)`);
    }
  }
  for (const d of declared) if (!served.has(`${d.method} ${d.path}`)) gaps.push(`${d.method} ${d.path}: declared but not served`);
  return gaps;
}
