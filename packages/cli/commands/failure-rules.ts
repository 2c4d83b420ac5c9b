// When an agent gives up on a program that keeps failing.
/**
 * W&B's agent failure rules (docs/protocol/agents.md#failure-rules): 3 failed runs within the first 60 s means the program is
 * broken ("flapping", off with WANDB_AGENT_DISABLE_FLAPPING=true); and the agent gives up at the
 * 5th failure (WANDB_AGENT_MAX_INITIAL_FAILURES) while at most one run has succeeded. A run killed
 * by a signal is not a failure.
 */
export class FailureRules {
  readonly #start = Date.now();
  readonly #maxInitial = Number(process.env.WANDB_AGENT_MAX_INITIAL_FAILURES ?? 5);
  readonly #flapping = process.env.WANDB_AGENT_DISABLE_FLAPPING !== 'true';
  #failed = 0;
  #ended = 0;

  /** Records an ended run; returns why the agent should stop, if it should. */
  ended(exitcode: number | null): string | undefined {
    const failed = exitcode !== null && exitcode > 0;
    const before = this.#ended;
    this.#ended++;
    if (!failed) return undefined;
    this.#failed++;
    if (this.#flapping && this.#failed >= 3 && Date.now() - this.#start < 60_000) return 'Detected 3 failed runs in the first 60 seconds';
    if (this.#failed >= before && this.#failed >= this.#maxInitial) return `Detected ${this.#failed} failed runs in a row`;
    return undefined;
  }
}
