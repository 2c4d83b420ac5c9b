// Where a version came from and where it went: the run that logged it and the runs that used it.
import type { ArtifactVersionFiles, RunRef } from '../api.ts';
import { href } from '../route.ts';
import { Link } from '../link.tsx';

export function Lineage({ version }: { version: ArtifactVersionFiles }) {
  const { loggedBy, usedBy } = version.lineage;
  return (
    <dl className="facts" data-testid="lineage">
      <div><dt>Logged by</dt><dd data-testid="logged-by">{loggedBy ? <RunLink run={loggedBy} project={version.project} /> : <span className="muted">no run</span>}</dd></div>
      <div>
        <dt>Used by</dt>
        <dd data-testid="used-by">{usedBy.length === 0 ? <span className="muted">no run yet</span> : usedBy.map((run, i) => (
          <span key={`${run.entity}/${run.project}/${run.id}`}>{i > 0 && ', '}<RunLink run={run} project={version.project} /></span>
        ))}</dd>
      </div>
    </dl>
  );
}

/** A run by the name it shows, with its project when that is not the artifact's. */
function RunLink({ run, project }: { run: RunRef; project: string }) {
  return <Link href={href.run(run.entity, run.project, run.id)}>{run.project === project ? run.name : `${run.project}/${run.name}`}</Link>;
}
