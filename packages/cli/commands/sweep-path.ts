// Which sweep a command means: ENTITY/PROJECT/ID, PROJECT/ID, or a bare ID. A bare ID takes its
// project from --project or $WANDB_PROJECT, else it is looked up among the user's sweeps.
import { call, routes, ServerError, type Server } from '@sextant/client';

export interface SweepPath {
  /** null: the key's own entity. */
  entity: string | null;
  project: string;
  id: string;
}

export interface SweepDefaults {
  project?: string;
  entity?: string;
}

export async function locateSweep(server: Server, text: string, defaults: SweepDefaults = {}): Promise<SweepPath> {
  const parts = text.split('/');
  if (parts.length > 3 || parts.some((p) => p === '')) throw new ServerError(`${text}: expected the sweep as ID, PROJECT/ID or ENTITY/PROJECT/ID`, false);
  const [id, project, entity] = [...parts].reverse();
  const entityDefault = entity ?? defaults.entity ?? process.env.WANDB_ENTITY ?? null;
  const projectDefault = project ?? defaults.project ?? process.env.WANDB_PROJECT;
  if (projectDefault !== undefined) return { entity: entityDefault, project: projectDefault, id };
  const { sweeps } = await call(server, routes.listSweeps, { query: { entity: entityDefault ?? undefined } });
  const found = sweeps.filter((s) => s.id === id);
  if (found.length === 0) throw new ServerError(`sweep ${id} not found in any of your projects (give it as PROJECT/${id}, or pass --project)`, false);
  if (found.length > 1) throw new ServerError(`sweep ID ${id} is in several projects (${found.map((s) => s.project).join(', ')}): give it as PROJECT/${id}`, false);
  return { entity: found[0].entity, project: found[0].project, id };
}

export function formatSweepPath(path: SweepPath): string {
  return `${path.entity ? `${path.entity}/` : ''}${path.project}/${path.id}`;
}
