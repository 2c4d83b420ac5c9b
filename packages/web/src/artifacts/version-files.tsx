// A version's files: path, size and a download link (signed: it needs no key). A reference entry
// (`s3://…`) shows the reference instead.
import type { ArtifactVersionFiles } from '../api.ts';
import { formatBytes } from '../format.ts';

export function VersionFiles({ version }: { version: ArtifactVersionFiles }) {
  if (version.files.length === 0) return <p className="empty">No files.</p>;
  return (
    <>
      <table className="plain" data-testid="artifact-files">
        <thead><tr><th>Path</th><th>Size</th><th /></tr></thead>
        <tbody>{version.files.map((f) => (
          <tr key={f.path}>
            <td>{f.path}</td><td className="num">{formatBytes(f.size)}</td>
            <td>{f.ref ? <span className="muted" title="a reference: the bytes are not on this server">{f.ref}</span> : <a href={f.url} download={f.path.split('/').pop()}>Download</a>}</td>
          </tr>
        ))}</tbody>
      </table>
      {version.nextCursor !== null && <p className="muted small">The first {version.files.length} of {version.fileCount} files.</p>}
    </>
  );
}
