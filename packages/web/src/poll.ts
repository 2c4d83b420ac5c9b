// Live updates: a loader re-run every 2 s while the tab is visible. A slow loader (10,000 runs)
// waits four times its own duration instead, so the dashboard never keeps the server busy. When
// the inputs change, the last data stays on screen until the new data arrives.
import { useEffect, useRef, useState } from 'react';

export const POLL_MS = 2000;

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  /** Loads again now (after an action such as pausing a sweep). */
  reload: () => void;
}

export function usePoll<T>(load: () => Promise<T>, deps: unknown[]): Polled<T> {
  const [state, setState] = useState<{ data?: T; error?: Error }>({});
  const kick = useRef<() => void>(() => {});
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (): Promise<void> => {
      clearTimeout(timer);
      const started = performance.now();
      try {
        const data = await load();
        if (alive) setState({ data });
      } catch (error) {
        if (alive) setState((old) => ({ data: old.data, error: error as Error }));
      }
      if (alive) timer = setTimeout(waitForVisible, Math.max(POLL_MS, 4 * (performance.now() - started)));
    };
    const waitForVisible = (): void => {
      if (document.visibilityState === 'visible') void tick();
      else document.addEventListener('visibilitychange', waitForVisible, { once: true });
    };
    kick.current = () => void tick();
    void tick();
    return () => {
      alive = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', waitForVisible);
    };
  }, deps);
  return { data: state.data, error: state.error, reload: () => kick.current() };
}
