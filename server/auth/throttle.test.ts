import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_THROTTLE, LoginThrottle } from './throttle';

const attempt = (source: string, loginId = 'minokamo.counter', registeredTerminal = true) => ({ source, tenantId: '212113', loginId, registeredTerminal });

describe('LoginThrottle', () => {
  it('lets the allowance through, then asks for a doubling wait after the last failure', () => {
    const throttle = new LoginThrottle();
    const a = attempt('10.0.0.1');
    for (let i = 0; i < 5; i += 1) {
      assert.equal(throttle.waitMs(a, 1000), 0);
      throttle.failed(a, 1000);
    }
    assert.equal(throttle.waitMs(a, 1000), 1000);
    throttle.failed(a, 2000);
    assert.equal(throttle.waitMs(a, 2000), 2000);
    // Another source, and the same id from another source, are not affected.
    assert.equal(throttle.waitMs(attempt('10.0.0.2'), 2000), 0);
    // The window forgets: 15 minutes after the last failure nothing is left.
    assert.equal(throttle.waitMs(a, 2000 + DEFAULT_THROTTLE.windowMs), 0);
  });

  it('treats the login id as typed (case and Unicode form), whether or not it exists', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 5; i += 1) throttle.failed(attempt('10.0.0.3', 'Minokamo.Counter'), 0);
    assert.ok(throttle.waitMs(attempt('10.0.0.3', 'minokamo.counter'), 0) > 0);
  });

  it('a reset clears the id from every source, not the sources themselves', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 12; i += 1) throttle.failed(attempt('10.0.0.4', `id${i % 2}`), 0);
    throttle.reset('212113', 'id0');
    // 10.0.0.4 is still over its own allowance (12 failures > 10).
    assert.ok(throttle.waitMs(attempt('10.0.0.4', 'id0'), 0) > 0);
    assert.equal(throttle.waitMs(attempt('10.0.0.5', 'id0', false), 0), 0);
  });

  it('keeps memory bounded under a flood of distinct sources and ids', () => {
    const throttle = new LoginThrottle({ ...DEFAULT_THROTTLE, maxKeys: 1000 });
    for (let i = 0; i < 20_000; i += 1) throttle.failed(attempt(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, `x${i}`, false), i);
    assert.ok((throttle as unknown as { failures: Map<string, number[]> }).failures.size <= 1000);
  });

  it('audits a refusal once a minute per login id and source', () => {
    const throttle = new LoginThrottle();
    const a = attempt('10.0.0.6');
    assert.deepEqual([throttle.auditRefusal(a, 0), throttle.auditRefusal(a, 30_000), throttle.auditRefusal(attempt('10.0.0.7'), 30_000), throttle.auditRefusal(a, 60_000)], [true, false, true, true]);
  });
});
