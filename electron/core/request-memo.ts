/**
 * Remembers the answers to recent mutating calls by request id, so a retried call (a WebSocket reconnect, an
 * IPC retry after a renderer hiccup) gets the first answer again instead of being applied twice.
 * Bounded: the host only needs to cover retries of the last few minutes; the backend keeps its own
 * 30-day idempotency records for anything that leaves the counter.
 */
export class RequestMemo<T> {
  private readonly entries = new Map<string, { fingerprint: string; value: T }>();
  constructor(private readonly capacity = 1000) {}

  /** The stored answer, 'conflict' if the id was used for a different request, or undefined if unseen. */
  lookup(key: string, fingerprint: string): { value: T } | 'conflict' | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    return hit.fingerprint === fingerprint ? { value: hit.value } : 'conflict';
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  remember(key: string, fingerprint: string, value: T): void {
    this.entries.set(key, { fingerprint, value });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
