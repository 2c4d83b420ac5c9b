// A project as the W&B GraphQL schema shows it (runs.graphql `Project`, with the sweep and artifact
// fields sweeps.graphql and artifacts.graphql add), and the user who calls.
import type { Sweep } from '../store/store.ts';
import type { Args } from './graphql.ts';
import type { GraphContext } from './nodes.ts';
import { connection, keysetConnection, pageSize } from './connection.ts';
import { parseFilters } from '../runs/filter.ts';
import { countRuns, runsPage } from '../runs/query.ts';

export function projectObject(ctx: GraphContext, entity: string, name: string): Record<string, unknown> {
  const id = Buffer.from(`Project:v1:${name}:${entity}`).toString('base64');
  const runAt = async ({ name: runName }: Args) => {
    const run = typeof runName === 'string' ? await ctx.store.getRun({ entity, project: name, name: runName }) : undefined;
    return run ? ctx.nodes.run(run) : null;
  };
  const projectSweeps = async () => (await ctx.store.listSweeps(entity)).filter((sweep) => sweep.project === name);
  return {
    __typename: 'Project',
    id,
    internalId: id,
    name,
    entityName: entity,
    entity: entityObject(entity),
    createdAt: async () => (await ctx.store.getProject(entity, name))?.createdAt ?? null,
    isBenchmark: false,
    readOnly: false,
    runCount: async ({ filters }: Args) => countRuns(ctx.store, entity, name, parseFilters(filters)),
    runs: async ({ filters, after, first, order }: Args) => {
      const filter = parseFilters(filters);
      const page = await runsPage(ctx.store, entity, name, filter, order, after, pageSize(first));
      return keysetConnection(page.runs.map(({ run, cursor }) => ({ item: run, cursor })), page.hasNext, () => countRuns(ctx.store, entity, name, filter),
        (run) => ctx.nodes.run(run));
    },
    run: runAt,
    bucket: runAt,
    totalSweeps: async () => (await projectSweeps()).length,
    sweeps: async ({ after, first }: Args) => connection(await projectSweeps(), after, first, (sweep: Sweep) => ctx.nodes.sweep(sweep)),
    sweep: async ({ sweepName }: Args) => {
      const sweep = typeof sweepName === 'string' ? await ctx.store.getSweep({ entity, project: name, name: sweepName }) : undefined;
      return sweep ? ctx.nodes.sweep(sweep) : null;
    },
    ...ctx.nodes.projectArtifactFields(entity, name),
  };
}

export function entityObject(entity: string): Record<string, unknown> {
  return { __typename: 'Entity', id: Buffer.from(`Entity:v1:${entity}`).toString('base64'), name: entity };
}

/** The caller (`viewer`), who is also the user of every run it reaches: runs belong to the caller's entity. */
export function userObject(ctx: GraphContext): Record<string, unknown> {
  return {
    __typename: 'User',
    id: Buffer.from(`User:${ctx.user.id}`).toString('base64'),
    entity: ctx.user.username,
    username: ctx.user.username,
    name: ctx.user.username,
    admin: ctx.user.admin,
    flags: '{}',
    // Teams are not kept; API keys are listed by the native API only.
    teams: { edges: [] },
    apiKeys: { edges: [] },
  };
}
