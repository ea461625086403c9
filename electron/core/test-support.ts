import { CounterHost } from './counter-host';
import type { LogEntry } from './log';

/** A CounterHost with deterministic ids and clock, and its log captured, for tests. */
export function testHost(terminalId = 'test-terminal'): { host: CounterHost; logs: LogEntry[] } {
  let counter = 0;
  const logs: LogEntry[] = [];
  const host = new CounterHost({
    terminalId,
    info: { platform: 'browser', version: 'test' },
    newId: () => `visit-${++counter}`,
    now: () => new Date('2026-11-27T09:00:00.000Z'),
    log: (entry) => logs.push(entry),
  });
  return { host, logs };
}

let requestCounter = 0;
/** A valid, unique idempotency key. */
export function requestId(): string {
  requestCounter += 1;
  return `00000000-0000-4000-8000-${requestCounter.toString().padStart(12, '0')}`;
}
