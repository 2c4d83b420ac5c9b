// What bench/dashboard reads in the page: milliseconds since a navigation until something is on
// screen (the first animation frame after it appeared), and the frame times of a scrolled table.
// The code run in the page is text: this project is typechecked without the DOM's types.
import type { Page } from 'playwright-core';

/** Opens `url` afresh and waits for `ready`; the time from navigation to the next frame after it. */
export async function timeToShow(page: Page, url: string, ready: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForSelector(ready, { timeout: 180_000 });
  return page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())))') as Promise<number>;
}

/**
 * Scrolls `selector` by `rowsPerFrame` rows of `rowHeight` each animation frame for `frames`
 * frames (back up at its end) and returns the time between consecutive frames: what the user sees
 * as smooth (16.7 ms at 60 Hz) or janky.
 */
export async function scrollFrameTimes(page: Page, selector: string, frames: number, rowsPerFrame: number, rowHeight: number): Promise<number[]> {
  return page.evaluate(`new Promise((resolve) => {
    const box = document.querySelector(${JSON.stringify(selector)});
    const step = ${rowsPerFrame * rowHeight};
    const stamps = [];
    let direction = 1;
    const frame = (time) => {
      stamps.push(time);
      if (stamps.length > ${frames}) return resolve(stamps.slice(1).map((t, i) => t - stamps[i]));
      if (box.scrollTop + box.clientHeight + step > box.scrollHeight) direction = -1;
      if (box.scrollTop - step < 0) direction = 1;
      box.scrollTop += direction * step;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })`) as Promise<number[]>;
}

export const median = (values: number[]): number => quantile(values, 0.5);

/** The value at `q` of the sorted values (nearest rank). */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
