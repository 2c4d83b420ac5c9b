// Loads a logged wandb.Table: its JSON from the table's artifact entry (or the run file when the
// artifact was never committed), and the signed URLs of the artifact's other entries, which its
// image cells name by path.
import { useEffect, useState } from 'react';
import { api, fetchFile, paths, type ArtifactVersionFiles, type MediaEntry } from '../api.ts';
import { imagePath, parseTable, type TableData } from './table-rows.ts';

export interface LoadedTable {
  table: TableData;
  /** Artifact path → signed URL. */
  files: Map<string, string>;
}

async function loadTable(entity: string, project: string, entry: MediaEntry): Promise<LoadedTable> {
  const source = entry.artifact ?? entry.files[0];
  if (!source) throw new Error(`the table ${entry.key} names no file`);
  const table = parseTable(JSON.parse(await (await fetchFile(source.url, source.path)).text()));
  const files = entry.artifact && hasImages(table) ? await artifactFileUrls(entity, project, entry.artifact.name, entry.artifact.version) : new Map<string, string>();
  return { table, files };
}

export const hasImages = (table: TableData): boolean => table.rows.some((row) => row.some((cell) => imagePath(cell) !== undefined));

/** Every entry of an artifact version: path → signed URL. */
export async function artifactFileUrls(entity: string, project: string, name: string, version: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (let cursor: string | null = '0'; cursor !== null;) {
    const page: ArtifactVersionFiles = await api(paths.artifact(entity, project, name, version, { cursor, limit: '10000' }));
    for (const file of page.files) files.set(file.path, file.url);
    cursor = page.nextCursor;
  }
  return files;
}

export function useTable(entity: string, project: string, entry: MediaEntry): { data?: LoadedTable; error?: string } {
  const [state, setState] = useState<{ data?: LoadedTable; error?: string }>({});
  const source = entry.artifact?.url ?? entry.files[0]?.url;
  useEffect(() => {
    let alive = true;
    loadTable(entity, project, entry).then((data) => alive && setState({ data }), (e: Error) => alive && setState({ error: e.message }));
    return () => {
      alive = false;
    };
  }, [entity, project, source]);
  return state;
}
