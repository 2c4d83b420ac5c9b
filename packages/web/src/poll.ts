// Live data for a page: a loader run again whenever the open project changes (the live stream,
// live.tsx) and every 2 s while that stream is down (every 15 s while it is up, as a safety net),
// only while the tab is visible. A slow loader (10,000 runs) waits four times its own duration
// between loads, so the dashboard never keeps the server busy. When the inputs change, the last
// data stays on screen until the new data arrives.
import { useContext, useEffect, useRef, useState } from 'react';
import { LiveContext } from './live.tsx';

export const POLL_MS = 2000;
const SAFETY_POLL_MS = 15_000;

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  /** Loads again now (after an action such as pausing a sweep). */
  reload: () => void;
}

export function usePoll<T>(load: () => Promise<T>, deps: unknown[]): Polled<T> {
  const live = useContext(LiveContext);
  const [state, setState] = useState<{ data?: T; error?: Error }>({});
  const kick = useRef<() => void>(() => {});
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let loading = false;
    let changedWhileLoading = false;
    let cost = 0;
    let finished = 0;
    const schedule = (ms: number, then: () => void): void => {
      clearTimeout(timer);
      timer = setTimeout(then, ms);
    };
    const tick = async (): Promise<void> => {
      clearTimeout(timer);
      if (loading) return void (changedWhileLoading = true);
      loading = true;
      const started = performance.now();
      try {
        const data = await load();
        if (alive) setState({ data });
      } catch (error) {
        if (alive) setState((old) => ({ data: old.data, error: error as Error }));
      }
      loading = false;
      finished = performance.now();
      cost = finished - started;
      if (!alive) return;
      if (changedWhileLoading) {
        changedWhileLoading = false;
        schedule(4 * cost, waitForVisible);
      } else {
        schedule(Math.max(POLL_MS, 4 * cost), poll);
      }
    };
    // Decided when due, not when scheduled: the stream may have come up (or gone down) meanwhile.
    const poll = (): void => {
      const wait = Math.max(live?.connected() ? SAFETY_POLL_MS : POLL_MS, 4 * cost) - (performance.now() - finished);
      if (wait > 0) schedule(wait, poll);
      else waitForVisible();
    };
    const waitForVisible = (): void => {
      if (document.visibilityState === 'visible') void tick();
      else document.addEventListener('visibilitychange', waitForVisible, { once: true });
    };
    const changed = (): void => {
      if (loading) changedWhileLoading = true;
      else schedule(Math.max(0, finished + 4 * cost - performance.now()), waitForVisible);
    };
    const unsubscribe = live?.subscribe(changed);
    kick.current = () => void tick();
    void tick();
    return () => {
      alive = false;
      clearTimeout(timer);
      unsubscribe?.();
      document.removeEventListener('visibilitychange', waitForVisible);
    };
  }, [...deps, live]);
  return { data: state.data, error: state.error, reload: () => kick.current() };
}
