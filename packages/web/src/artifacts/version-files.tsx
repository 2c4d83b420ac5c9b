// A version's files: path, size and a download link (signed: it needs no key). A reference entry
// (`s3://…`) shows the reference instead. Tables (`.table.json`) and images open in the page.
import type { ArtifactVersionFiles } from '../api.ts';
import { formatBytes } from '../format.ts';
import { FileView, viewable } from './file-view.tsx';

export function VersionFiles({ version, opened, onOpen }: { version: ArtifactVersionFiles; opened: string | null; onOpen: (path: string | null) => void }) {
  if (version.files.length === 0) return <p className="empty">No files.</p>;
  const open = version.files.find((f) => f.path === opened);
  return (
    <>
      <table className="plain" data-testid="artifact-files">
        <thead><tr><th>Path</th><th>Size</th><th /><th /></tr></thead>
        <tbody>{version.files.map((f) => (
          <tr key={f.path} className={f === open ? 'selected' : undefined}>
            <td>{f.path}</td><td className="num">{formatBytes(f.size)}</td>
            <td>{viewable(f) && <button className="link" onClick={() => onOpen(f === open ? null : f.path)}>{f === open ? 'Close' : viewable(f) === 'table' ? 'Open table' : 'View'}</button>}</td>
            <td>{f.ref ? <span className="muted" title="a reference: the bytes are not on this server">{f.ref}</span> : <a href={f.url} download={f.path.split('/').pop()}>Download</a>}</td>
          </tr>
        ))}</tbody>
      </table>
      {version.nextCursor !== null && <p className="muted small">The first {version.files.length} of {version.fileCount} files.</p>}
      {open && <FileView key={open.path} version={version} file={open} onClose={() => onOpen(null)} />}
    </>
  );
}
