// The layers of packages/server and the check that every import points down them (docs/architecture.md).
// A unit is a top-level folder (`wandb`) or a top-level file (`app.ts`); files of one unit import each other freely, but never round in a cycle.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import ts from 'typescript';

export interface Layer {
  name: string;
  units: string[];
  /** Whether units of this layer may import each other (the unit graph must stay acyclic anyway). */
  sideways: boolean;
}

/** Top to bottom. */
export const LAYERS: Layer[] = [
  { name: 'wiring', units: ['index.ts', 'server.ts', 'app.ts', 'web.ts', 'failure-log.ts', 'compression.ts', 'warm-up.ts'], sideways: true },
  { name: 'faces', units: ['wandb', 'api'], sideways: false },
  { name: 'request context', units: ['context.ts'], sideways: false },
  { name: 'services', units: ['sweeps', 'runs', 'history', 'files', 'artifacts', 'auth'], sideways: true },
  { name: 'storage', units: ['store'], sideways: false },
  { name: 'shared primitives', units: ['errors.ts', 'json.ts', 'sized-cache.ts'], sideways: true },
];

/** Files (paths relative to the package, with `/`) and the package files each imports. */
export type ImportGraph = Map<string, string[]>;

export const unitOf = (file: string): string => file.split('/')[0];

/** Every import that breaks the layers, as `from -> to: why`; empty when the graph is layered. */
export function layerViolations(graph: ImportGraph, layers: Layer[] = LAYERS): string[] {
  const layerOf = new Map(layers.flatMap((layer, rank) => layer.units.map((unit) => [unit, { layer, rank }] as const)));
  const problems: string[] = [];
  const unitEdges = new Map<string, Set<string>>();
  for (const [from, imports] of graph) {
    const source = layerOf.get(unitOf(from));
    if (!source) {
      problems.push(`${from}: ${unitOf(from)} is in no layer`);
      continue;
    }
    for (const to of imports) {
      if (unitOf(to) === unitOf(from)) continue;
      const target = layerOf.get(unitOf(to));
      if (!target) problems.push(`${from} -> ${to}: ${unitOf(to)} is in no layer`);
      else if (target.rank < source.rank) problems.push(`${from} -> ${to}: ${source.layer.name} may not import ${target.layer.name}, a layer above`);
      else if (target.rank === source.rank && !source.layer.sideways) problems.push(`${from} -> ${to}: ${unitOf(from)} and ${unitOf(to)} are both ${source.layer.name}, which do not import each other`);
      else if (target.rank === source.rank) {
        if (!unitEdges.has(unitOf(from))) unitEdges.set(unitOf(from), new Set());
        unitEdges.get(unitOf(from))!.add(unitOf(to));
      }
    }
  }
  for (const cycle of cycles(unitEdges)) problems.push(`import cycle between units: ${cycle.join(' -> ')}`);
  const fileEdges = new Map([...graph].map(([from, imports]) => [from, new Set(imports)]));
  for (const cycle of cycles(fileEdges)) problems.push(`import cycle between files: ${cycle.join(' -> ')}`);
  return problems;
}

/** Cycles of the graph as closed paths; every cyclic group of nodes shows up in at least one. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]): void => {
    const at = path.indexOf(node);
    if (at >= 0) {
      found.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    for (const next of [...(edges.get(node) ?? [])].sort()) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of [...edges.keys()].sort()) visit(node, []);
  return found;
}

/** Packages the server's own code may not import: the client is for tests and other programs (docs/architecture.md). */
export const FORBIDDEN_PACKAGES = ['@sextant/client'];

/** Each import of a forbidden package, as `file -> package`; `packages` maps files to the packages they import. */
export function forbiddenImports(packages: ImportGraph, forbidden: string[] = FORBIDDEN_PACKAGES): string[] {
  return [...packages].flatMap(([file, names]) => names.filter((name) => forbidden.some((f) => name === f || name.startsWith(`${f}/`))).map((name) => `${file} -> ${name}`));
}

/** The imports of the package's own code; tests and test helpers (testing/) are left out as importers. */
export function importGraph(root: string): ImportGraph {
  return imports(root, (name) => name.startsWith('.'), (file, name) => posix.normalize(posix.join(dirname(file), name)));
}

/** The packages (not files) the package's own code imports, by file; tests and testing/ left out as above. */
export function packageImports(root: string): ImportGraph {
  return imports(root, (name) => !name.startsWith('.'), (_file, name) => name);
}

function imports(root: string, keep: (name: string) => boolean, name: (file: string, imported: string) => string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const file = relative(root, path).split('\\').join('/');
    if (!entry.isFile() || !file.endsWith('.ts') || file.endsWith('.test.ts') || file.startsWith('node_modules/') || file.startsWith('testing/')) continue;
    const { importedFiles } = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
    graph.set(file, importedFiles.map((i) => i.fileName).filter(keep).map((imported) => name(file, imported)));
  }
  return graph;
}
