// The lineage graph of an artifact version (lineage-graph.ts) as a small SVG: runs and artifact
// versions as boxes linking to their pages, arrows from what was used to what was made.
import { useEffect, useState } from 'react';
import { api, paths, type ArtifactVersionFiles } from '../api.ts';
import { href } from '../route.ts';
import { Link } from '../link.tsx';
import { lineageGraph, type LineageNode, type RunArtifacts } from './lineage-graph.ts';

const NODE_W = 190;
const NODE_H = 40;
const GAP_X = 56;
const GAP_Y = 12;
const PAD = 8;

export function LineageDiagram({ version }: { version: ArtifactVersionFiles }) {
  const runs = useRunArtifacts(version);
  const graph = lineageGraph(version, runs);
  const rows = Math.max(...graph.columns.map((c) => c.nodes.length + (c.more > 0 ? 1 : 0)));
  const height = PAD * 2 + rows * NODE_H + (rows - 1) * GAP_Y;
  const width = PAD * 2 + graph.columns.length * NODE_W + (graph.columns.length - 1) * GAP_X;
  const at = new Map<string, { x: number; y: number }>();
  graph.columns.forEach((column, c) => {
    const top = (height - (column.nodes.length * NODE_H + (column.nodes.length - 1) * GAP_Y)) / 2;
    column.nodes.forEach((node, r) => at.set(node.id, { x: PAD + c * (NODE_W + GAP_X), y: top + r * (NODE_H + GAP_Y) }));
  });
  return (
    <div className="lineage-graph">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="lineage graph" data-testid="lineage-graph">
        <defs>
          <marker id="lineage-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L8,4 L0,8 z" className="lineage-arrowhead" />
          </marker>
        </defs>
        {graph.edges.map(([from, to]) => {
          const a = at.get(from)!;
          const b = at.get(to)!;
          const [x1, y1, x2, y2] = [a.x + NODE_W, a.y + NODE_H / 2, b.x - 2, b.y + NODE_H / 2];
          const mid = (x1 + x2) / 2;
          return <path key={`${from} ${to}`} className="lineage-edge" data-edge={`${from} ${to}`} d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`} markerEnd="url(#lineage-arrow)" />;
        })}
        {graph.columns.flatMap((column, c) => [
          ...column.nodes.map((node) => <Node key={node.id} node={node} {...at.get(node.id)!} project={version.project} />),
          ...(column.more > 0 ? [<text key={`more-${c}`} className="lineage-more" x={PAD + c * (NODE_W + GAP_X) + NODE_W / 2} y={height - PAD - 4} textAnchor="middle">and {column.more} more</text>] : []),
        ])}
      </svg>
    </div>
  );
}

function Node({ node, x, y, project }: { node: LineageNode; x: number; y: number; project: string }) {
  const [label, kind, link] = node.kind === 'run'
    ? [node.run.project === project ? node.run.name : `${node.run.project}/${node.run.name}`, 'run', href.run(node.run.entity, node.run.project, node.run.id)]
    : [`${node.artifact.project === project ? '' : `${node.artifact.project}/`}${node.artifact.name}:${node.artifact.version}`, node.artifact.type,
      href.artifact(node.artifact.entity, node.artifact.project, node.artifact.name, node.artifact.version)];
  const current = node.kind === 'artifact' && node.current;
  const body = (
    <g className={`lineage-node ${node.kind}${current ? ' current' : ''}`} data-node={node.id}>
      <rect x={x} y={y} width={NODE_W} height={NODE_H} rx={node.kind === 'run' ? 20 : 5} />
      <text x={x + 12} y={y + 17} className="lineage-label">{clip(label)}<title>{label}</title></text>
      <text x={x + 12} y={y + 32} className="lineage-kind">{kind}</text>
    </g>
  );
  return current ? body : <Link href={link}>{body}</Link>;
}

const clip = (text: string): string => (text.length > 26 ? `${text.slice(0, 25)}…` : text);

/** What the runs around the version logged and used, loaded once per version. */
function useRunArtifacts(version: ArtifactVersionFiles): Map<string, RunArtifacts> {
  const [runs, setRuns] = useState(new Map<string, RunArtifacts>());
  const around = [version.lineage.loggedBy, ...version.lineage.usedBy.slice(0, 8)].filter((r) => r !== null);
  const key = around.map((r) => `${r.entity}/${r.project}/${r.id}`).join(',');
  useEffect(() => {
    let alive = true;
    void Promise.all(around.map(async (r) => [`run:${r.entity}/${r.project}/${r.id}`, await api<RunArtifacts>(`${paths.run(r.entity, r.project, r.id)}/artifacts`).catch(() => ({ logged: [], used: [] }))] as const))
      .then((entries) => alive && setRuns(new Map(entries)));
    return () => void (alive = false);
  }, [version.id, key]);
  return runs;
}
