// The artifact versions a run logged (its outputs) and used (its inputs), each linking to its
// artifact page; no section when there are none.
import { api, type ArtifactVersion } from '../api.ts';
import { usePoll } from '../poll.ts';
import { href } from '../route.ts';
import { Link } from '../link.tsx';
import { formatBytes, formatTime } from '../format.ts';
import { Aliases } from './aliases.tsx';

export function RunArtifacts({ base }: { base: string }) {
  const polled = usePoll(() => api<{ logged: ArtifactVersion[]; used: ArtifactVersion[] }>(`${base}/artifacts`), [base]);
  const rows = [...(polled.data?.logged ?? []).map((v) => ({ v, how: 'logged' })), ...(polled.data?.used ?? []).map((v) => ({ v, how: 'used' }))];
  if (rows.length === 0) return null;
  return (
    <section data-testid="run-artifacts">
      <h2>Artifacts</h2>
      <table className="plain">
        <thead><tr><th>Artifact</th><th>Type</th><th>Aliases</th><th>Size</th><th>Created</th><th /></tr></thead>
        <tbody>{rows.map(({ v, how }) => (
          <tr key={`${how}:${v.id}`} data-artifact={`${v.name}:${v.version}`}>
            <td><Link href={href.artifact(v.entity, v.project, v.name, v.version)}>{v.name}:{v.version}</Link></td>
            <td>{v.type}</td><td><Aliases aliases={v.aliases} /></td><td className="num">{formatBytes(v.size)}</td><td>{formatTime(v.createdAt)}</td>
            <td className="muted">{how}</td>
          </tr>
        ))}</tbody>
      </table>
    </section>
  );
}
