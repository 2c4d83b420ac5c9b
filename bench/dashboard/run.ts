// bench/dashboard: the compare view's time-to-ready in Debian's chromium, at 100 runs × 10,000
// steps by default: from navigation to every run's history loaded (server-side downsampled) and
// every chart drawn, next to the same view over 2 runs × 100 steps. Runs are seeded through the
// W&B protocol (upsertBucket + file_stream).
import { parseArgs } from 'node:util';
import { startServerProcess, TEST_KEY } from '../../packages/server/testing/server-process.ts';
import { WandbClient } from '../../packages/web/testing/wandb-client.ts';
import { openChromium } from '../../packages/web/testing/chromium.ts';
import { writeResults } from '../results.ts';

const { values: flags } = parseArgs({ options: {
  runs: { type: 'string', default: '100' },
  steps: { type: 'string', default: '10000' },
  repeat: { type: 'string', default: '3' },
  help: { type: 'boolean', default: false },
} });
if (flags.help) {
  process.stdout.write('Usage: node bench/dashboard/run.ts [--runs N] [--steps N] [--repeat N]\n');
  process.exit(0);
}
const RUNS = Number(flags.runs);
const STEPS = Number(flags.steps);
const REPEAT = Number(flags.repeat);

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

  // Baseline in the same run: the same view over 2 runs × 100 steps, i.e. what the page costs
  // without the data (bundle, key check, layout, three small charts).
  const small = ['base-0', 'base-1'];
  for (const [i, id] of small.entries()) {
    await client.logRun({ project: 'bench', id, config: { lr: 0.001 * (i + 1) }, history: Array.from({ length: 100 }, (_, s) => ({ loss: 1 / (s + 1), acc: s / 100, lr: 0.001 })) });
  }

  const page = await browser.context.newPage();
  await page.addInitScript((key) => localStorage.setItem('sextant.apiKey', key), TEST_KEY);
  const loads: string[] = [];
  const timeToReady = async (runs: string[], label: string, repeat = REPEAT): Promise<number[]> => {
    const times: number[] = [];
    for (let r = 0; r < repeat; r++) {
      await page.goto('about:blank');
      await page.goto(`${server.url}/admin/bench/compare?runs=${runs.join(',')}`);
      await page.waitForSelector('[data-page=compare][data-ready=true]', { timeout: 120_000 });
      // Milliseconds since this navigation started, read in the page once the charts are drawn.
      times.push(await page.evaluate('performance.now()') as number);
      const lastHistory = await page.evaluate(`Math.max(...performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/histories/')).map((e) => e.responseEnd))`) as number;
      const charts = await page.$$('[data-chart] canvas');
      const line = `${label} load ${r + 1}: ${Math.round(times[r])} ms (last history response at ${Math.round(lastHistory)} ms), ${charts.length} charts`;
      loads.push(line);
      process.stderr.write(`${line}\n`);
    }
    return times;
  };
  const median = (times: number[]): number => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  await timeToReady(small, 'warm-up (not counted)', 1);
  const baseline = await timeToReady(small, 'baseline');
  const times = await timeToReady(ids, 'bench');
  const chromium = /Chrome\/(\S+)/.exec(await page.evaluate('navigator.userAgent') as string)?.[1] ?? 'unknown';
  writeResults(import.meta.dirname, 'bench/dashboard results', [[
    `## Compare view, ${RUNS} runs × ${STEPS} steps (3 metrics), Debian chromium ${chromium} headless`, '',
    `Time to ready: median ${Math.round(median(times))} ms, first ${Math.round(times[0])} ms, best ${Math.round(Math.min(...times))} ms (${REPEAT} loads); ` +
      `baseline 2 runs × 100 steps: median ${Math.round(median(baseline))} ms; ratio ${(median(times) / median(baseline)).toFixed(2)}. ` +
      `Seeding the runs through file_stream took ${(seeded / 1000).toFixed(1)} s.`, '',
    '```', ...loads, '```',
  ].join('\n')]);
} finally {
  await browser.close();
  await server.stop();
}
