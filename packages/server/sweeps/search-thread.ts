// Bayes's suggestions, made on a thread of their own. A suggestion is a pure function of the
// sweep's config and runs (@sextant/sweeps), but bayes's takes tens of milliseconds at a hundred
// runs, and more for a sweep's first after a restart (its hyperparameter fits are kept in memory):
// on the main thread, every request to the server would wait for it. The thread starts with the
// first suggestion asked of it and keeps its fits between suggestions; it holds the process open
// only while a suggestion is pending.
import { Worker } from 'node:worker_threads';
import type { Suggestion, SweepConfig, SweepRun } from '@sextant/sweeps';

const SEARCH_THREAD = 'sextant-search';

/** What the thread answers: the suggestion (undefined when the search has none), or why it failed. */
export type SearchAnswer = { id: number; suggestion?: Suggestion; error?: string };

interface Pending {
  resolve(suggestion: Suggestion | undefined): void;
  reject(error: Error): void;
}

export class SearchThread {
  #worker?: Worker;
  #nextId = 0;
  readonly #pending = new Map<number, Pending>();

  /** The first of `nextRuns(config, runs, 1, createRng(seed))`, computed on the thread. */
  suggest(config: SweepConfig, runs: SweepRun[], seed: number): Promise<Suggestion | undefined> {
    const worker = (this.#worker ??= this.#start());
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, config, runs, seed });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
    this.#fail(new Error('the search thread was closed'));
  }

  #start(): Worker {
    const worker = new Worker(new URL('./search-worker.ts', import.meta.url), { name: SEARCH_THREAD });
    worker.on('message', ({ id, suggestion, error }: SearchAnswer) => {
      const pending = this.#pending.get(id);
      this.#pending.delete(id);
      if (this.#pending.size === 0) worker.unref();
      if (error !== undefined) pending?.reject(new Error(error));
      else pending?.resolve(suggestion);
    });
    // A thread that died takes its pending suggestions with it; the next one starts a new thread.
    const died = (error: Error): void => {
      if (this.#worker === worker) this.#worker = undefined;
      this.#fail(error);
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`the search thread exited with code ${code}`)));
    return worker;
  }

  #fail(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
