/**
 * Login throttling (ログイン試行の抑制). Failed logins are counted in a sliding window under three keys:
 *
 * - the source address, across every login id and tenant (one machine guessing many accounts);
 * - the login id from that source (one machine guessing one account);
 * - the login id from every source, but only for attempts that name no registered counter terminal
 *   (a distributed guess from outside the counters).
 *
 * Each key allows a few failures freely; after that every further attempt must wait 2^k seconds after the
 * last failure (k = failures over the allowance, capped), and an attempt inside that wait is answered 429 with
 * Retry-After before any password is checked. Nothing here is a lock: the waits run out by themselves, and no
 * key an attacker can fill from elsewhere stops the clerk's own counter terminal — a failure from another
 * source never counts against the clerk's source, and the all-sources key spares attempts that name a
 * registered terminal. Keys depend only on the login id *as typed*, never on whether it exists, so known and
 * unknown ids are throttled alike.
 *
 * In memory, per process (bounded): a restart or a second instance starts afresh, which errs on the side of
 * letting clerks in; the audit log keeps every failure for the record.
 */

export interface ThrottleRule {
  /** Failures allowed in the window before back-off starts. */
  free: number;
}

export interface ThrottlePolicy {
  windowMs: number;
  /** The longest wait the back-off reaches. */
  maxWaitMs: number;
  bySource: ThrottleRule;
  byLoginFromSource: ThrottleRule;
  byLoginEverywhere: ThrottleRule;
  /** Most keys kept; the stalest are dropped beyond it (an attacker cannot grow memory without bound). */
  maxKeys: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  maxWaitMs: 15 * 60_000,
  bySource: { free: 10 },
  byLoginFromSource: { free: 5 },
  byLoginEverywhere: { free: 20 },
  maxKeys: 50_000,
};

export interface LoginAttempt {
  source: string;
  tenantId: string;
  loginId: string;
  /** The attempt names a terminal registered (and active) for the tenant. */
  registeredTerminal: boolean;
}

type KeyKind = keyof Pick<ThrottlePolicy, 'bySource' | 'byLoginFromSource' | 'byLoginEverywhere'>;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  /** When a refusal of each (login id, source) was last audited. */
  private readonly refusalsAudited = new Map<string, number>();

  constructor(private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE) {}

  private keys(attempt: LoginAttempt): [KeyKind, string][] {
    const login = `${attempt.tenantId}\u0000${attempt.loginId.normalize('NFC').toLowerCase()}`;
    const keys: [KeyKind, string][] = [
      ['bySource', `s\u0000${attempt.source}`],
      ['byLoginFromSource', `ls\u0000${login}\u0000${attempt.source}`],
    ];
    if (!attempt.registeredTerminal) keys.push(['byLoginEverywhere', `l\u0000${login}`]);
    return keys;
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < this.policy.windowMs);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  /** Milliseconds this attempt must still wait (0: it may go ahead). */
  waitMs(attempt: LoginAttempt, now: number): number {
    let wait = 0;
    for (const [kind, key] of this.keys(attempt)) {
      const times = this.recent(key, now);
      const over = times.length - this.policy[kind].free;
      if (over < 0) continue;
      const backoff = Math.min(this.policy.maxWaitMs, 1000 * 2 ** Math.min(over, 30));
      wait = Math.max(wait, times[times.length - 1]! + backoff - now);
    }
    return Math.max(0, wait);
  }

  failed(attempt: LoginAttempt, now: number): void {
    for (const [, key] of this.keys(attempt)) {
      const times = this.recent(key, now);
      times.push(now);
      // Only the newest matter: the count that decides the back-off never needs more than the window holds.
      this.failures.set(key, times.slice(-64));
    }
    this.evict(now);
  }

  /**
   * Whether this refusal goes into the audit log: the first for its login id and source in a minute. A flood of
   * throttled attempts then costs no audit write (the tenant's chain head is locked for each), yet every
   * throttled pair is on record.
   */
  auditRefusal(attempt: LoginAttempt, now: number): boolean {
    const key = this.keys(attempt)[1]![1];
    const last = this.refusalsAudited.get(key);
    if (last !== undefined && now - last < 60_000) return false;
    this.refusalsAudited.delete(key);
    this.refusalsAudited.set(key, now);
    if (this.refusalsAudited.size > this.policy.maxKeys) {
      for (const old of this.refusalsAudited.keys()) {
        if (this.refusalsAudited.size <= this.policy.maxKeys * 0.9) break;
        this.refusalsAudited.delete(old);
      }
    }
    return true;
  }

  /** A successful login clears its login id's count from that source (not the source's own count). */
  succeeded(attempt: LoginAttempt): void {
    this.failures.delete(this.keys(attempt)[1]![1]);
  }

  /** A supervisor's reset: every count of this login id, from every source. */
  reset(tenantId: string, loginId: string): void {
    const login = `${tenantId}\u0000${loginId.normalize('NFC').toLowerCase()}`;
    for (const key of [...this.failures.keys()]) {
      if (key === `l\u0000${login}` || key.startsWith(`ls\u0000${login}\u0000`)) this.failures.delete(key);
    }
  }

  private evict(now: number): void {
    if (this.failures.size <= this.policy.maxKeys) return;
    for (const key of [...this.failures.keys()]) this.recent(key, now);
    // Still too many: drop the oldest-inserted keys (Map keeps insertion order) down to nine tenths, so the scan
    // above runs once per many failures, not on each one of a flood.
    const target = Math.floor(this.policy.maxKeys * 0.9);
    for (const key of this.failures.keys()) {
      if (this.failures.size <= target) break;
      this.failures.delete(key);
    }
  }
}
