// The object types of the schema refer to each other (a run's project, a project's runs and sweeps,
// an artifact's creator run): their builders reach one another through `ctx.nodes`, wired once per
// request in graph.ts, so that no module imports another in a cycle.
import type { Context } from '../context.ts';
import type { Run, RunKey, Sweep } from '../store/store.ts';

type Node = Record<string, unknown>;

export interface Nodes {
  project(entity: string, name: string): Node;
  /** The caller, who is also the user of every run it reaches. */
  user(): Node;
  run(run: Run): Node;
  sweep(sweep: Sweep): Node;
  /** The artifact fields of a Project. */
  projectArtifactFields(entity: string, project: string): Node;
  /** The artifact fields of a Run. */
  runArtifactFields(key: RunKey): Node;
}

/** A request's context with the builders of the schema's objects. */
export interface GraphContext extends Context {
  nodes: Nodes;
}

/** The fields of `File`: each kind of file (run file, artifact file, manifest) answers all of them; a field that does not apply is null. */
export type FileNode = Record<'__typename' | 'id' | 'name' | 'displayName' | 'url' | 'directUrl' | 'sizeBytes' | 'mimetype' | 'updatedAt' | 'md5' | 'digest'
  | 'storagePath' | 'uploadUrl' | 'uploadHeaders' | 'artifact', unknown>;
