// bench/dashboard: the dashboard's heavy views in Debian's chromium against a real `sextant server`,
// each next to the same view at a small size in the same run:
// - the compare view over 100 runs × 10,000 steps: navigation to every history loaded and charted;
// - the project page's charts (workspace) over the same 100 runs: navigation to all 100 drawn;
// - a 10,000-run project: navigation to the table's first row painted, and the frame times of
//   scrolling it (goal: p95 ≤ 20 ms).
// Runs are seeded through the W&B protocol (upsertBucket + file_stream).
import { parseArgs } from 'node:util';
import { startServerProcess, TEST_KEY } from '../../packages/server/testing/server-process.ts';
import { WandbClient } from '../../packages/web/testing/wandb-client.ts';
import { openChromium } from '../../packages/web/testing/chromium.ts';
import { writeResults } from '../results.ts';
import { median, quantile, scrollFrameTimes, timeToShow } from './measure.ts';

const { values: flags } = parseArgs({ options: {
  runs: { type: 'string', default: '100' },
  steps: { type: 'string', default: '10000' },
  'table-runs': { type: 'string', default: '10000' },
  repeat: { type: 'string', default: '3' },
  help: { type: 'boolean', default: false },
} });
if (flags.help) {
  process.stdout.write('Usage: node bench/dashboard/run.ts [--runs N] [--steps N] [--table-runs N] [--repeat N]\n');
  process.exit(0);
}
const RUNS = Number(flags.runs);
const STEPS = Number(flags.steps);
const TABLE_RUNS = Number(flags['table-runs']);
const REPEAT = Number(flags.repeat);
const SMALL_TABLE = 100;
/** The runs table's row height (runs-table.tsx) and how far one scroll frame moves it. */
const ROW = 34;
const ROWS_PER_FRAME = 5;
const SCROLL_FRAMES = 240;
const FRAME_GOAL_MS = 20;

const server = await startServerProcess();
const browser = await openChromium();
try {
  const client = new WandbClient(server.url, TEST_KEY);
  const seeding = performance.now();
  const ids = Array.from({ length: RUNS }, (_, i) => `bench-${String(i).padStart(3, '0')}`);
  for (let i = 0; i < RUNS; i += 8) {
    await Promise.all(ids.slice(i, i + 8).map((id, j) => client.logRun({
      project: 'bench', id, config: { lr: 0.001 * (i + j + 1) },
      history: Array.from({ length: STEPS }, (_, s) => ({ loss: 1 / (s + 1) + 0.01 * Math.sin(s / 50 + i + j), acc: s / STEPS, lr: 0.001 })),
    })));
  }
  const seeded = performance.now() - seeding;
  process.stderr.write(`seeded ${RUNS} runs × ${STEPS} steps in ${(seeded / 1000).toFixed(1)} s\n`);
  // The small size of the same views: what a page costs without the data (bundle, key check, layout, small charts).
  const small = ['base-0', 'base-1'];
  for (const [i, id] of small.entries()) {
    await client.logRun({ project: 'small', id, config: { lr: 0.001 * (i + 1) }, history: Array.from({ length: 100 }, (_, s) => ({ loss: 1 / (s + 1), acc: s / 100, lr: 0.001 })) });
  }
  const tableSeeding = performance.now();
  await seedTable(client, 'table', TABLE_RUNS);
  const tableSeeded = performance.now() - tableSeeding;
  process.stderr.write(`seeded ${TABLE_RUNS} runs (config and summary) in ${(tableSeeded / 1000).toFixed(1)} s\n`);
  await seedTable(client, 'table-small', SMALL_TABLE);

  const page = await browser.context.newPage();
  await page.addInitScript((key) => localStorage.setItem('sextant.apiKey', key), TEST_KEY);
  const log: string[] = [];
  const note = (line: string): void => {
    log.push(line);
    process.stderr.write(`${line}\n`);
  };
  const loads = async (label: string, url: string, ready: string, repeat = REPEAT): Promise<number[]> => {
    const times: number[] = [];
    for (let r = 0; r < repeat; r++) {
      times.push(await timeToShow(page, `${server.url}${url}`, ready));
      note(`${label} load ${r + 1}: ${Math.round(times[r])} ms`);
    }
    return times;
  };

  const COMPARE_READY = '[data-page=compare][data-ready=true]';
  await loads('compare warm-up (not counted)', `/admin/small/compare?runs=${small.join(',')}`, COMPARE_READY, 1);
  const compareSmall = await loads('compare 2 × 100', `/admin/small/compare?runs=${small.join(',')}`, COMPARE_READY);
  const compare = await loads(`compare ${RUNS} × ${STEPS}`, `/admin/bench/compare?runs=${ids.join(',')}`, COMPARE_READY);

  // Every run of the project charted: all its metrics' panels drawn once every history arrived.
  const WORKSPACE_READY = '[data-testid=workspace][data-ready=true] [data-chart="loss"] canvas';
  const workspaceSmall = await loads('workspace 2 × 100', '/admin/small?charted=100', WORKSPACE_READY);
  const workspace = await loads(`workspace ${RUNS} × ${STEPS}`, '/admin/bench?charted=100', WORKSPACE_READY);
  const legend = await page.$$eval('[data-chart="loss"] .legend-item', (items) => items.length);
  note(`workspace: ${legend} runs in the loss chart's legend`);

  const FIRST_ROW = '.runs-row[data-run]';
  const tableSmall = await loads(`table ${SMALL_TABLE} runs`, '/admin/table-small', FIRST_ROW);
  const scrollSmall = await scrollFrameTimes(page, '.runs-table', SCROLL_FRAMES, ROWS_PER_FRAME, ROW);
  const table = await loads(`table ${TABLE_RUNS} runs`, '/admin/table', FIRST_ROW);
  const scroll = await scrollFrameTimes(page, '.runs-table', SCROLL_FRAMES, ROWS_PER_FRAME, ROW);
  const frames = (times: number[]): string => `p50 ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`;
  note(`scroll ${SMALL_TABLE} runs: ${frames(scrollSmall)}`);
  note(`scroll ${TABLE_RUNS} runs: ${frames(scroll)}`);

  const chromium = /Chrome\/(\S+)/.exec(await page.evaluate('navigator.userAgent') as string)?.[1] ?? 'unknown';
  const ms = (x: number): string => `${Math.round(x)} ms`;
  const versus = (big: number[], base: number[], baseLabel: string): string =>
    `median ${ms(median(big))}, first ${ms(big[0])}, best ${ms(Math.min(...big))} (${big.length} loads); ${baseLabel}: median ${ms(median(base))}; ratio ${(median(big) / median(base)).toFixed(2)}.`;
  const p95 = quantile(scroll, 0.95);
  writeResults(import.meta.dirname, 'bench/dashboard results', [
    `Debian chromium ${chromium} headless, 1280 × 800. Seeding ${RUNS} runs × ${STEPS} steps (3 metrics) through file_stream took ${(seeded / 1000).toFixed(1)} s, ${TABLE_RUNS} runs (config and summary, one UpsertBucket each) ${(tableSeeded / 1000).toFixed(1)} s.`,
    `## Compare view, ${RUNS} runs × ${STEPS} steps\n\nTime to ready: ${versus(compare, compareSmall, '2 runs × 100 steps')}`,
    `## Project charts (workspace), ${RUNS} runs × ${STEPS} steps, all ${RUNS} charted\n\nTime until the project page's charts are drawn: ${versus(workspace, workspaceSmall, '2 runs × 100 steps')}`,
    `## Runs table, ${TABLE_RUNS} runs\n\nFirst row painted: ${versus(table, tableSmall, `${SMALL_TABLE} runs`)}\n\n` +
      `Scrolling ${ROWS_PER_FRAME} rows a frame for ${SCROLL_FRAMES} frames: ${frames(scroll)} (goal p95 ≤ ${FRAME_GOAL_MS} ms: ${p95 <= FRAME_GOAL_MS ? 'met' : 'missed'}); ${SMALL_TABLE} runs: ${frames(scrollSmall)}.`,
    ['```', ...log, '```'].join('\n'),
  ]);
} finally {
  await browser.close();
  await server.stop();
}

/** `count` finished runs with a config and a summary each (no history), one UpsertBucket per run, 16 at a time. */
async function seedTable(client: WandbClient, project: string, count: number): Promise<void> {
  const mutation = 'mutation($name: String, $project: String, $config: JSONString, $summary: JSONString) { upsertBucket(input: {name: $name, modelName: $project, displayName: $name, state: "finished", config: $config, summaryMetrics: $summary}) { bucket { id } } }';
  for (let i = 0; i < count; i += 16) {
    await Promise.all(Array.from({ length: Math.min(16, count - i) }, (_, j) => {
      const n = i + j;
      const config = { lr: { value: 10 ** -(1 + (n % 4)), desc: null }, batch: { value: 32 << (n % 3), desc: null }, opt: { value: n % 2 ? 'adam' : 'sgd', desc: null } };
      const summary = { loss: 1 / (n + 1), acc: (n % 100) / 100, epoch: n % 10 };
      return client.graphql(mutation, { name: `run-${String(n).padStart(5, '0')}`, project, config: JSON.stringify(config), summary: JSON.stringify(summary) });
    }));
  }
}
