/** Promises that resolve once enough recorded messages match: shared by the fake providers. */
export class MessageWaiters<M> {
  private waiters: { count: number; to?: string; resolve: (msgs: M[]) => void }[] = [];

  constructor(
    private readonly matching: (to?: string) => M[],
    /** Says what was expected and what arrived, for the timeout message. */
    private readonly describeTimeout: (count: number, to: string | undefined, got: number, timeoutMs: number) => string,
  ) {}

  wait(count: number, opts: { to?: string; timeoutMs?: number } = {}): Promise<M[]> {
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const ready = this.matching(opts.to);
    if (ready.length >= count) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const waiter = {
        count,
        to: opts.to,
        resolve: (msgs: M[]) => {
          clearTimeout(timer);
          resolve(msgs);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(this.describeTimeout(count, opts.to, this.matching(opts.to).length, timeoutMs)));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Call after recording a message. */
  notify(): void {
    for (const waiter of [...this.waiters]) {
      const msgs = this.matching(waiter.to);
      if (msgs.length >= waiter.count) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(msgs);
      }
    }
  }
}
