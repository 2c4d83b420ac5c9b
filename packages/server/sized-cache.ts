// A map kept within a budget of some measure of its values (rows, numbers), forgetting the entries
// stored longest ago first; for in-memory copies that can always be rebuilt from the store.

export class SizedCache<V> {
  readonly #entries = new Map<string, V>();
  readonly #sizeOf: (value: V) => number;
  readonly #budget: number;
  #size = 0;

  constructor(budget: number, sizeOf: (value: V) => number) {
    this.#budget = budget;
    this.#sizeOf = sizeOf;
  }

  get(id: string): V | undefined {
    return this.#entries.get(id);
  }

  /** Stores `value` as the newest entry, then forgets the oldest others while over the budget. */
  set(id: string, value: V): void {
    this.delete(id);
    this.#entries.set(id, value);
    this.#size += this.#sizeOf(value);
    for (const oldest of this.#entries.keys()) {
      if (this.#size <= this.#budget || oldest === id) break;
      this.delete(oldest);
    }
  }

  delete(id: string): void {
    const value = this.#entries.get(id);
    if (value === undefined) return;
    this.#entries.delete(id);
    this.#size -= this.#sizeOf(value);
  }
}
