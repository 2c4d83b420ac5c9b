// Where a version came from and where it went: the run that logged it and the runs that used it.
import type { ArtifactVersionFiles } from '../api.ts';
import { href } from '../route.ts';
import { Link } from '../link.tsx';

export function Lineage({ version }: { version: ArtifactVersionFiles }) {
  const { loggedBy, usedBy } = version.lineage;
  return (
    <dl className="facts" data-testid="lineage">
      <div><dt>Logged by</dt><dd data-testid="logged-by">{loggedBy ? <Link href={href.run(version.entity, version.project, loggedBy)}>{loggedBy}</Link> : <span className="muted">no run</span>}</dd></div>
      <div>
        <dt>Used by</dt>
        <dd data-testid="used-by">{usedBy.length === 0 ? <span className="muted">no run yet</span> : usedBy.map((run, i) => (
          <span key={`${run.entity}/${run.project}/${run.id}`}>{i > 0 && ', '}
            <Link href={href.run(run.entity, run.project, run.id)}>{run.project === version.project ? run.id : `${run.project}/${run.id}`}</Link>
          </span>
        ))}</dd>
      </div>
    </dl>
  );
}
