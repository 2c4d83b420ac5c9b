// Each client version's outcome per feature row and the requests it sent, kept in
// compat/results/wandb-<version>.json (committed: docs/compatibility.md is generated from them).
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange } from './recorder.ts';

export const RESULTS_DIR = join(import.meta.dirname, 'results');

export interface Outcome {
  ok: boolean;
  /** Why the row does not apply to this version (then ok is true). */
  na?: string;
  error?: string;
  requests?: string[];
}

export interface Results {
  version: string;
  rows: Record<string, Outcome>;
  /** request label → the variable names (GraphQL) or payload keys (file_stream) seen with it */
  operations: Record<string, string[]>;
}

export function operationsSeen(exchanges: Exchange[]): Record<string, string[]> {
  const seen: Record<string, Set<string>> = {};
  for (const exchange of exchanges) {
    const label = exchange.operation ?? `${exchange.method} /${exchange.path.split('/')[1] ?? ''}${exchange.path.endsWith('/file_stream') ? '/…/file_stream' : ''}`;
    const names = (seen[label] ??= new Set());
    for (const name of exchange.variables) names.add(name);
  }
  return Object.fromEntries(Object.entries(seen).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
}

export function writeResults(version: string, rows: Record<string, Outcome>, operations: Record<string, string[]>): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `wandb-${version}.json`);
  // Rows in name order: the suite records them as its concurrent groups finish, and the committed
  // file should change only when an outcome does.
  const sorted = Object.fromEntries(Object.entries(rows).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(`${file}.${process.pid}`, `${JSON.stringify({ version, rows: sorted, operations } satisfies Results, null, 2)}\n`);
  renameSync(`${file}.${process.pid}`, file);
}

export function readResults(dir = RESULTS_DIR): Results[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^wandb-.*\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Results)
    .sort((a, b) => compareVersions(a.version, b.version));
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
