// An artifact: its versions with their aliases, and for the chosen one (by version, alias or
// digest; the newest by default) its description, metadata, lineage (listed and as a graph) and
// files, a table or an image opened in the page (`?file=PATH`).
import { useState } from 'react';
import { api, paths, type ArtifactVersion, type ArtifactVersionFiles } from '../api.ts';
import { usePoll } from '../poll.ts';
import { href, replaceSearch } from '../route.ts';
import { Link } from '../link.tsx';
import { formatBytes, formatTime } from '../format.ts';
import { KeyValues } from '../key-values.tsx';
import { Aliases } from '../artifacts/aliases.tsx';
import { Lineage } from '../artifacts/lineage.tsx';
import { VersionFiles } from '../artifacts/version-files.tsx';
import { LineageDiagram } from '../artifacts/lineage-diagram.tsx';
import { Unloaded } from '../not-found.tsx';

export function ArtifactPage({ entity, project, name, ref }: { entity: string; project: string; name: string; ref?: string }) {
  const artifact = usePoll(() => api<{ name: string; type: string; versions: ArtifactVersion[] }>(paths.artifact(entity, project, name)), [entity, project, name]);
  const chosen = ref ?? artifact.data?.versions[0]?.version;
  const version = usePoll(async () => (chosen === undefined ? undefined : api<ArtifactVersionFiles>(paths.artifact(entity, project, name, chosen))), [entity, project, name, chosen]);
  // The open file belongs to the version it was opened in (a link to another version drops the query).
  const [opened, setOpened] = useState(() => ({ ref, path: new URLSearchParams(location.search).get('file') }));
  const file = opened.ref === ref ? opened.path : null;
  const openFile = (path: string | null): void => {
    const params = new URLSearchParams(location.search);
    if (path === null) params.delete('file');
    else params.set('file', path);
    replaceSearch(params);
    setOpened({ ref, path });
  };
  if (!artifact.data) return <Unloaded error={artifact.error} loading="Loading artifact…" back={{ href: href.artifacts(entity, project), label: `${project}'s artifacts` }} />;
  const { versions, type } = artifact.data;
  const v = version.data;

  return (
    <div className="page">
      <div className="page-head">
        <h1>{name}</h1>
        <span className="badge">{type}</span>
        <span className="muted">{versions.length} version{versions.length === 1 ? '' : 's'}</span>
      </div>
      <div className="two-columns">
        <section>
          <h2>Versions</h2>
          <table className="plain" data-testid="versions">
            <thead><tr><th>Version</th><th>Aliases</th><th>Created</th><th>Size</th><th>Files</th></tr></thead>
            <tbody>{versions.map((row) => (
              <tr key={row.id} className={row.id === v?.id ? 'selected' : undefined} aria-current={row.id === v?.id ? 'true' : undefined}>
                <td><Link href={href.artifact(entity, project, name, row.version)}>{row.version}</Link></td>
                <td><Aliases aliases={row.aliases} /></td><td>{formatTime(row.createdAt)}</td>
                <td className="num">{formatBytes(row.size)}</td><td className="num">{row.fileCount}</td>
              </tr>
            ))}</tbody>
          </table>
        </section>
        <section data-testid="version">
          {version.error && <p className="error">{version.error.message}</p>}
          {!v ? !version.error && <p className="muted">Loading version…</p> : (
            <>
              <div className="section-head"><h2>{name}:{v.version}</h2><Aliases aliases={v.aliases} /></div>
              {v.description && <p>{v.description}</p>}
              <Lineage version={v} />
              <dl className="facts">
                <div><dt>Created</dt><dd>{formatTime(v.createdAt)}</dd></div>
                <div><dt>Size</dt><dd>{formatBytes(v.size)} in {v.fileCount} file{v.fileCount === 1 ? '' : 's'}</dd></div>
                {v.historyStep !== null && <div><dt>History step</dt><dd>{v.historyStep}</dd></div>}
                <div><dt>Digest</dt><dd><code>{v.digest}</code></dd></div>
              </dl>
              <h2 className="subhead">Metadata</h2>
              <KeyValues values={v.metadata} />
              <h2 className="subhead">Use it</h2>
              <pre>{`run.use_artifact("${entity}/${project}/${name}:${v.version}").download()`}</pre>
            </>
          )}
        </section>
      </div>
      {v && (
        <section>
          <h2>Lineage</h2>
          <LineageDiagram version={v} />
        </section>
      )}
      {v && (
        <section>
          <h2>Files</h2>
          <VersionFiles version={v} opened={file} onOpen={openFile} />
        </section>
      )}
    </div>
  );
}
