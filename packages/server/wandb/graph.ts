// Wires the builders of the schema's object types together for one request (see nodes.ts).
import type { Context } from '../context.ts';
import type { GraphContext } from './nodes.ts';
import { projectObject, userObject } from './project-fields.ts';
import { runObject } from './run-fields.ts';
import { sweepObject } from './sweep-operations.ts';
import { projectArtifactFields, runArtifactFields } from './artifact-fields.ts';

export function graphContext(ctx: Context): GraphContext {
  const graph = { ...ctx } as GraphContext;
  graph.nodes = {
    project: (entity, name) => projectObject(graph, entity, name),
    user: () => userObject(graph),
    run: (run) => runObject(graph, run),
    sweep: (sweep) => sweepObject(graph, sweep),
    projectArtifactFields: (entity, project) => projectArtifactFields(graph, entity, project),
    runArtifactFields: (key) => runArtifactFields(graph, key),
  };
  return graph;
}
