// What `sextant launch` prints: on a terminal, a status block redrawn in place with the agents'
// latest output under it; otherwise (a pipe, a CI log) plain lines, a progress line whenever it changes.
import { formatCounts, formatValue, type Progress } from './launch-progress.ts';

export interface ViewHeader {
  sweep: string;
  url: string;
  logDir: string;
  metric?: { name: string; goal: string };
}

export interface LaunchView {
  progress(progress: Progress): void;
  /** A line an agent (1-based) printed. */
  line(agent: number, text: string): void;
  /** A message from launch itself. */
  message(text: string): void;
  close(): void;
}

export function progressLine(header: ViewHeader, p: Progress): string {
  const runs = p.planned !== undefined ? `${p.total}/${p.planned} runs` : `${p.total} runs`;
  let line = `sweep ${header.sweep} ${p.state} | ${runs}: ${formatCounts(p.counts)} | agents: ${p.agents.live} running${p.agents.dead ? `, ${p.agents.dead} dead` : ''}`;
  if (p.best && header.metric) line += ` | best ${header.metric.name} ${formatValue(p.best.value)} (${p.best.name}: ${p.best.params})`;
  return line;
}

export function plainView(header: ViewHeader, out: NodeJS.WritableStream = process.stdout): LaunchView {
  let last = '';
  out.write(`sweep ${header.sweep}: ${header.url}\nrun logs: ${header.logDir}\n`);
  return {
    progress(p) {
      const line = progressLine(header, p);
      if (line !== last) out.write(`${line}\n`);
      last = line;
    },
    line: (agent, text) => out.write(`[agent ${agent}] ${text}\n`),
    message: (text) => out.write(`${text}\n`),
    close: () => undefined,
  };
}

const RECENT_LINES = 8;

export function terminalView(header: ViewHeader, out: NodeJS.WriteStream = process.stdout): LaunchView {
  const recent: string[] = [];
  const messages: string[] = [];
  let progress: Progress | undefined;
  let drawn = 0;
  let dirty = true;
  const width = (): number => Math.max(40, out.columns || 100);
  const fit = (text: string): string => (text.length > width() - 1 ? `${text.slice(0, width() - 2)}…` : text);
  const draw = (): void => {
    if (!dirty) return;
    dirty = false;
    const p = progress;
    const block = [
      `\x1b[1msweep ${header.sweep}\x1b[0m ${p?.state ?? ''}   ${header.url}`,
      p ? `runs     ${p.planned !== undefined ? `${p.total}/${p.planned}` : p.total}: ${formatCounts(p.counts)}` : 'runs     (asking the server…)',
      p ? `agents   ${p.agents.live} running${p.agents.dead ? `, ${p.agents.dead} dead` : ''}` : '',
      header.metric ? `best     ${p?.best ? `${header.metric.name} = ${formatValue(p.best.value)}  (${p.best.name}: ${p.best.params})` : `${header.metric.name}: no value yet`}` : '',
      `logs     ${header.logDir}`,
      ...messages,
      '\x1b[2m── latest output ──\x1b[0m',
      ...recent,
    ].filter((line) => line !== '').map((line) => `${fit(line)}\x1b[K`);
    out.write(`${drawn > 0 ? `\x1b[${drawn}F` : ''}${block.join('\n')}\n\x1b[J`);
    drawn = block.length;
  };
  const timer = setInterval(draw, 250);
  return {
    progress(p) {
      progress = p;
      dirty = true;
    },
    line(agent, text) {
      recent.push(`[agent ${agent}] ${text.replace(/\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0b-\x1f\x7f]/g, '')}`);
      if (recent.length > RECENT_LINES) recent.shift();
      dirty = true;
    },
    message(text) {
      messages.push(`\x1b[33m${text}\x1b[0m`);
      dirty = true;
    },
    close() {
      clearInterval(timer);
      dirty = true;
      draw();
    },
  };
}
