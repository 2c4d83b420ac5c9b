// The lineage around one artifact version, as columns of a graph read left to right: the artifacts
// its logging run used → that run → the version → the runs that used it → the artifacts those runs
// logged. Empty columns are dropped; a column keeps its first MAX_NODES nodes and counts the rest.
import type { ArtifactVersion, RunRef } from '../api.ts';

export const MAX_NODES = 8;

export type ArtifactRef = Pick<ArtifactVersion, 'entity' | 'project' | 'name' | 'version' | 'type'>;

export type LineageNode =
  | { id: string; kind: 'run'; run: RunRef }
  | { id: string; kind: 'artifact'; artifact: ArtifactRef; current?: boolean };

export interface LineageColumn {
  nodes: LineageNode[];
  /** Nodes left out of this column. */
  more: number;
}

export interface LineageGraph {
  columns: LineageColumn[];
  /** Node ids, from → to, both drawn. */
  edges: Array<[string, string]>;
}

export interface RunArtifacts {
  logged: ArtifactVersion[];
  used: ArtifactVersion[];
}

const runNode = (run: RunRef): LineageNode => ({ id: `run:${run.entity}/${run.project}/${run.id}`, kind: 'run', run });
const artifactNode = (a: ArtifactRef, current = false): LineageNode =>
  ({ id: `artifact:${a.entity}/${a.project}/${a.name}:${a.version}`, kind: 'artifact', artifact: a, ...(current ? { current } : {}) });

/**
 * `version` with its lineage, and what the runs around it logged and used (`runs`, keyed by the
 * node id of each run, absent while not loaded).
 */
export function lineageGraph(version: ArtifactRef & { lineage: { loggedBy: RunRef | null; usedBy: RunRef[] } }, runs: Map<string, RunArtifacts>): LineageGraph {
  const center = artifactNode(version, true);
  const logger = version.lineage.loggedBy ? runNode(version.lineage.loggedBy) : undefined;
  const users = version.lineage.usedBy.map(runNode);
  const inputs = logger ? (runs.get(logger.id)?.used ?? []).map((a) => artifactNode(a)).filter((n) => n.id !== center.id) : [];
  const outputs = users.flatMap((user) => (runs.get(user.id)?.logged ?? []).map((a) => ({ from: user.id, node: artifactNode(a) }))).filter((o) => o.node.id !== center.id);

  const raw: LineageNode[][] = [unique(inputs), logger ? [logger] : [], [center], users, unique(outputs.map((o) => o.node))];
  const columns = raw.filter((nodes) => nodes.length > 0).map((nodes) => ({ nodes: nodes.slice(0, MAX_NODES), more: Math.max(0, nodes.length - MAX_NODES) }));
  const drawn = new Set(columns.flatMap((c) => c.nodes.map((n) => n.id)));
  const edges: Array<[string, string]> = [
    ...inputs.map((n): [string, string] => [n.id, logger!.id]),
    ...(logger ? [[logger.id, center.id] as [string, string]] : []),
    ...users.map((n): [string, string] => [center.id, n.id]),
    ...outputs.map((o): [string, string] => [o.from, o.node.id]),
  ];
  return { columns, edges: uniqueEdges(edges).filter(([a, b]) => drawn.has(a) && drawn.has(b)) };
}

function unique(nodes: LineageNode[]): LineageNode[] {
  const seen = new Set<string>();
  return nodes.filter((n) => !seen.has(n.id) && seen.add(n.id));
}

function uniqueEdges(edges: Array<[string, string]>): Array<[string, string]> {
  const seen = new Set<string>();
  return edges.filter(([a, b]) => !seen.has(`${a} ${b}`) && seen.add(`${a} ${b}`));
}
