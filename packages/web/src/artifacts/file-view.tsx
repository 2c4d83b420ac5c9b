// An artifact file opened inside the artifact page: a `.table.json` (a logged wandb.Table) as a
// sortable table with its image cells drawn from the same version's entries, an image as itself.
// File URLs are signed: they need no key.
import { useEffect, useState } from 'react';
import type { ArtifactFile, ArtifactVersionFiles } from '../api.ts';
import { formatBytes } from '../format.ts';
import { parseTable, type TableData } from '../media/table-rows.ts';
import { artifactFileUrls, hasImages } from '../media/table-file.ts';
import { TableView } from '../media/table-view.tsx';

const IMAGE = /\.(png|jpe?g|gif|webp|bmp|svg)$/i;

/** How a file can be shown in the page, if it can. */
export function viewable(file: Pick<ArtifactFile, 'path' | 'ref'>): 'table' | 'image' | undefined {
  if (file.ref) return undefined;
  if (file.path.endsWith('.table.json')) return 'table';
  return IMAGE.test(file.path) ? 'image' : undefined;
}

export function FileView({ version, file, onClose }: { version: ArtifactVersionFiles; file: ArtifactFile; onClose: () => void }) {
  const kind = viewable(file);
  return (
    <figure className="media-card file-view" data-file-view={file.path}>
      <figcaption className="media-head">
        <b>{file.path}</b><span className="muted">{formatBytes(file.size)}</span>
        <span className="spacer" />
        <a href={file.url} download={file.path.split('/').pop()}>Download</a>
        <button onClick={onClose}>Close</button>
      </figcaption>
      {kind === 'image' && <img className="artifact-image" src={file.url} alt={file.path} />}
      {kind === 'table' && <ArtifactTable version={version} file={file} />}
    </figure>
  );
}

function ArtifactTable({ version, file }: { version: ArtifactVersionFiles; file: ArtifactFile }) {
  const [state, setState] = useState<{ table?: TableData; files?: Map<string, string>; error?: string }>({});
  useEffect(() => {
    let alive = true;
    (async () => {
      const response = await fetch(file.url);
      if (!response.ok) throw new Error(`cannot download ${file.path}: HTTP ${response.status}`);
      const table = parseTable(await response.json());
      const files = hasImages(table) ? await artifactFileUrls(version.entity, version.project, version.name, version.version) : new Map<string, string>();
      return { table, files };
    })().then((loaded) => alive && setState(loaded), (e: Error) => alive && setState({ error: `${file.path}: ${e.message}` }));
    return () => void (alive = false);
  }, [file.url]);
  if (state.error) return <p className="error">{state.error}</p>;
  if (!state.table || !state.files) return <p className="muted">Loading table…</p>;
  return <TableView table={state.table} files={state.files} />;
}
