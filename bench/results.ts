// Every benchmark writes its own RESULTS.md through this module, headed by what the figures depend
// on: the commit measured (and whether the tree had changes), the date, Node, the cores and the load
// average when the run began and ended (the machine is shared; a figure measured under load says so).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const startedAt = new Date();
const loadAtStart = loadavg();
// Taken when the run begins: files edited while it runs do not change what was measured.
const commitAtStart = commit();

/** The commit checked out, marked when tracked files other than Markdown (results, docs) differ from it. */
export function commit(): string {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  try {
    const changed = git('status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude,glob)**/*.md') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${changed ? ' with uncommitted changes' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

const load = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' / ');

/** The header lines: commit, date, node, cores, load average at the start and now, the command. */
export function environment(): string {
  const minutes = (Date.now() - startedAt.getTime()) / 60_000;
  const command = ['node', relative(root, process.argv[1]), ...process.argv.slice(2)].join(' ');
  return [
    `Measured ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC at commit ${commitAtStart}, node ${process.version}, ` +
      `${cpus().length} cores; load average (1 / 5 / 15 min) ${load(loadAtStart)} at the start, ${load(loadavg())} at the end ` +
      `(${minutes < 1 ? '<1' : minutes.toFixed(0)} min).`,
    '',
    `Command: \`${command}\``,
  ].join('\n');
}

/** Writes `<dir>/RESULTS.md` (or `file`): the title, the environment, then the sections; prints the sections too. */
export function writeResults(dir: string, title: string, sections: string[], file = join(dir, 'RESULTS.md')): string {
  const body = sections.join('\n\n');
  writeFileSync(file, `# ${title}\n\n${environment()}\n\n${body}\n`);
  process.stdout.write(`${body}\n\nwrote ${relative(process.cwd(), file)}\n`);
  return file;
}

export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
