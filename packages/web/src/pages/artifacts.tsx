// A project's artifacts, grouped by type (model, dataset, run_table…), each with its version count.
import { api, paths, type ArtifactSequence } from '../api.ts';
import { usePoll } from '../poll.ts';
import { href } from '../route.ts';
import { Link } from '../link.tsx';
import { formatTime } from '../format.ts';
import { Unloaded } from '../not-found.tsx';

export function ArtifactsPage({ entity, project }: { entity: string; project: string }) {
  const polled = usePoll(() => api<{ types: Record<string, ArtifactSequence[]> }>(paths.artifacts(entity, project)), [entity, project]);
  if (!polled.data) return <Unloaded error={polled.error} loading="Loading artifacts…" back={{ href: href.project(entity, project), label: `${project}'s runs` }} />;
  const types = Object.entries(polled.data.types).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="page">
      <div className="page-head"><h1>Artifacts</h1><span className="muted">{project}</span></div>
      {types.length === 0 && (
        <div className="empty">
          <h3>No artifacts yet</h3>
          <p>Runs log them with <code>run.log_artifact(artifact, aliases=["best"])</code>; <code>wandb.Table</code> values in <code>wandb.log</code> log one too.</p>
        </div>
      )}
      {types.map(([type, sequences]) => (
        <section key={type} data-artifact-type={type}>
          <h2>{type}</h2>
          <table className="plain artifact-list">
            <thead><tr><th>Name</th><th>Versions</th><th>Created</th></tr></thead>
            <tbody>{sequences.map((s) => (
              <tr key={s.name}>
                <td><Link href={href.artifact(entity, project, s.name)}>{s.name}</Link></td>
                <td className="num">{s.versionCount}</td><td>{formatTime(s.createdAt)}</td>
              </tr>
            ))}</tbody>
          </table>
        </section>
      ))}
    </div>
  );
}
