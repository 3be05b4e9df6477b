/**
 * Single flight: concurrent callers asking for the same key share one in-flight read instead of each starting
 * their own. Nothing is cached once the read settles, so every answer is as fresh as a read started during the
 * call that receives it.
 */
export class SingleFlight<V> {
  private readonly inFlight = new Map<string, Promise<V>>();

  /** The running read for `key`, or a new one from `read`. */
  run(key: string, read: () => Promise<V>): Promise<V> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const p = read().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }
}
