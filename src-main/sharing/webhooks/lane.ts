/**
 * One hook's lane: at most one call in flight, at most one waiting. A newer presence replaces
 * the waiting one, so a burst of changes makes at most two calls (the one under way and the
 * latest), never a storm. Whoever waits for a replaced job gets the outcome of the job that
 * replaced it.
 */
export class Lane<Job, Outcome> {
  #running = false;
  #waiting: { job: Job; waiters: ((outcome: Outcome | undefined) => void)[] } | undefined;
  #idle: (() => void)[] = [];
  #closed = false;

  constructor(private readonly run: (job: Job) => Promise<Outcome>) {}

  /** Queues `job`; resolves with its outcome (or its replacement's), undefined when dropped. */
  push(job: Job): Promise<Outcome | undefined> {
    if (this.#closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiters = this.#waiting?.waiters ?? [];
      waiters.push(resolve);
      this.#waiting = { job, waiters };
      if (!this.#running) void this.#drain();
    });
  }

  /** Drops the waiting job; the call in flight ends by itself (or by its own abort). */
  close(): void {
    this.#closed = true;
    const dropped = this.#waiting;
    this.#waiting = undefined;
    for (const waiter of dropped?.waiters ?? []) waiter(undefined);
  }

  whenIdle(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #drain(): Promise<void> {
    this.#running = true;
    while (this.#waiting !== undefined) {
      const { job, waiters } = this.#waiting;
      this.#waiting = undefined;
      let outcome: Outcome | undefined;
      try {
        outcome = await this.run(job);
      } catch {
        outcome = undefined;
      }
      for (const waiter of waiters) waiter(outcome);
    }
    this.#running = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
