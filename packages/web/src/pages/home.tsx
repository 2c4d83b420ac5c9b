// The signed-in user's projects and sweeps.
import { api, type Project, type SweepSummary } from '../api.ts';
import { usePoll } from '../poll.ts';
import { href } from '../route.ts';
import { Link } from '../link.tsx';
import { LogFirstRun } from '../empty-state.tsx';
import { StateBadge } from '../runs/state-badge.tsx';
import { formatTime } from '../format.ts';
import { Unloaded } from '../not-found.tsx';

export function HomePage({ entity }: { entity: string }) {
  const polled = usePoll(async () => {
    const [projects, sweeps] = await Promise.all([
      api<{ entity: string; projects: Project[] }>(`/api/v1/projects?entity=${encodeURIComponent(entity)}`),
      api<{ sweeps: SweepSummary[] }>(`/api/v1/sweeps?entity=${encodeURIComponent(entity)}`),
    ]);
    return { projects: projects.projects, sweeps: sweeps.sweeps };
  }, [entity]);
  if (!polled.data) return <Unloaded error={polled.error} loading="Loading projects…" />;
  const { projects, sweeps } = polled.data;
  return (
    <div className="page">
      <div className="page-head"><h1>{entity}</h1><span className="muted">{projects.length} project{projects.length === 1 ? '' : 's'}</span></div>
      {projects.length === 0 ? <LogFirstRun /> : (
        <section>
          <h2>Projects</h2>
          <table className="plain" data-testid="projects">
            <thead><tr><th>Project</th><th>Runs</th><th>Created</th></tr></thead>
            <tbody>{projects.map((p) => (
              <tr key={p.name}><td><Link href={href.project(entity, p.name)}>{p.name}</Link></td><td className="num">{p.runCount}</td><td>{formatTime(p.createdAt)}</td></tr>
            ))}</tbody>
          </table>
        </section>
      )}
      {sweeps.length > 0 && (
        <section>
          <h2>Sweeps</h2>
          <table className="plain">
            <thead><tr><th>Sweep</th><th>Project</th><th>State</th><th>Runs</th><th>Agents</th><th>Created</th></tr></thead>
            <tbody>{sweeps.map((s) => (
              <tr key={`${s.project}/${s.id}`}>
                <td><Link href={href.sweep(s.entity, s.project, s.id)}>{s.name ?? s.id}</Link></td><td>{s.project}</td><td><StateBadge state={s.state} /></td>
                <td className="num">{Object.values(s.runs).reduce((a, b) => a + b, 0)}</td><td className="num">{s.agents.length}</td><td>{formatTime(s.createdAt)}</td>
              </tr>
            ))}</tbody>
          </table>
        </section>
      )}
    </div>
  );
}
