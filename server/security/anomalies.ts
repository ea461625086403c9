/**
 * Anomaly rules (異常検知ルール): tenant data in anomaly_rules, set by the tenant admin, evaluated here over the
 * last hour of the tenant's audit log. A finding raises one `anomaly` security event per rule, subject (staff
 * member, or the tenant) and clock hour — the unique dedupe key in security_events makes a second raise a no-op.
 *
 * Bounded work: at most MAX_RULES rules, one indexed query each over one hour of one tenant's log (audit_log_at),
 * at most MAX_FINDINGS subjects per rule; a tenant is evaluated at most once per `everyMs` (default a minute),
 * after a request of that tenant, in a transaction of its own (RLS lets no process see all tenants at once).
 */
import type { Database, Sql } from '../db/database';
import { insertEvent, toEvent, type SecurityEvent, type SecurityEvents } from './events';

export const ANOMALY_KINDS = ['residents_viewed_per_hour', 'login_failures_per_hour', 'outside_opening_hours'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];
export const MAX_RULES = 20;
const MAX_FINDINGS = 100;
const HOUR = 3_600_000;

interface RuleRow {
  rule_id: string;
  kind: AnomalyKind;
  threshold: number;
  opens_at: string | null;
  closes_at: string | null;
}

/** The findings of one rule: who (null: the tenant as a whole) and how many. */
async function findings(sql: Sql, rule: RuleRow, since: string, until: string): Promise<{ staffId: string | null; n: number }[]> {
  switch (rule.kind) {
    case 'residents_viewed_per_hour':
      // Distinct residents a staff member opened or printed: the usual sign of browsing (のぞき見).
      return sql.query(
        `SELECT staff_id AS "staffId", count(DISTINCT resident_id)::int AS n FROM audit_log
          WHERE at > $1 AND at <= $2 AND action IN ('view', 'print') AND staff_id IS NOT NULL AND resident_id IS NOT NULL
          GROUP BY staff_id HAVING count(DISTINCT resident_id) > $3 ORDER BY n DESC LIMIT ${MAX_FINDINGS}`,
        [since, until, rule.threshold],
      );
    case 'login_failures_per_hour':
      return sql.query(
        `SELECT NULL::uuid AS "staffId", count(*)::int AS n FROM audit_log
          WHERE at > $1 AND at <= $2 AND action = 'login_failed' HAVING count(*) > $3`,
        [since, until, rule.threshold],
      );
    case 'outside_opening_hours':
      // Japan time (no daylight saving: a fixed +9 hours); any recorded act of a signed-in staff member counts.
      return sql.query(
        `SELECT staff_id AS "staffId", count(*)::int AS n FROM audit_log
          WHERE at > $1 AND at <= $2 AND staff_id IS NOT NULL AND action <> 'login_failed'
            AND (((at AT TIME ZONE 'UTC') + interval '9 hours')::time < $3::time OR ((at AT TIME ZONE 'UTC') + interval '9 hours')::time >= $4::time)
          GROUP BY staff_id HAVING count(*) > $5 ORDER BY n DESC LIMIT ${MAX_FINDINGS}`,
        [since, until, rule.opens_at, rule.closes_at, rule.threshold],
      );
  }
}

/**
 * Evaluates the tenant's enabled rules over the hour before `now` and stores each new anomaly; returns the
 * events newly raised (the caller delivers them to the sinks once the transaction has committed).
 */
export async function evaluateAnomalies(sql: Sql, tenantId: string, now: Date): Promise<SecurityEvent[]> {
  const rules = await sql.query<RuleRow>(
    `SELECT rule_id, kind, threshold, opens_at::text AS opens_at, closes_at::text AS closes_at FROM anomaly_rules WHERE enabled ORDER BY rule_id LIMIT ${MAX_RULES}`,
  );
  const until = now.toISOString();
  const since = new Date(now.getTime() - HOUR).toISOString();
  const windowStart = new Date(Math.floor(now.getTime() / HOUR) * HOUR).toISOString();
  const raised: SecurityEvent[] = [];
  for (const rule of rules) {
    for (const finding of await findings(sql, rule, since, until)) {
      const event = toEvent(
        { code: 'anomaly', tenantId, staffId: finding.staffId, count: finding.n, detail: { rule: rule.rule_id, kind: rule.kind, threshold: rule.threshold, windowStart } },
        now,
      );
      if (await insertEvent(sql, event, `${rule.rule_id}/${finding.staffId ?? 'tenant'}/${windowStart}`)) raised.push(event);
    }
  }
  return raised;
}

/** Runs the evaluation for a tenant now and then (after its requests), never twice at once, never in the request. */
export class AnomalyWatch {
  private readonly lastRun = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly events: SecurityEvents,
    private readonly now: () => Date,
    private readonly everyMs = 60_000,
  ) {}

  /** A request of this tenant happened: evaluate if the last run is older than `everyMs`. */
  touch(tenantId: string): void {
    const at = this.now().getTime();
    if (this.running.has(tenantId) || at - (this.lastRun.get(tenantId) ?? -Infinity) < this.everyMs) return;
    // A login names its tenant as typed: an attacker's made-up tenant ids must not grow this map without bound.
    if (this.lastRun.size > 10_000) this.lastRun.clear();
    this.lastRun.set(tenantId, at);
    void this.run(tenantId);
  }

  /** Evaluates now (tests; the background touch). Errors are swallowed: monitoring must not break the counter. */
  async run(tenantId: string): Promise<SecurityEvent[]> {
    await this.running.get(tenantId);
    let raised: SecurityEvent[] = [];
    const job = this.db
      .transaction(tenantId, (sql) => evaluateAnomalies(sql, tenantId, this.now()))
      .then((events) => {
        raised = events;
        for (const event of events) this.events.deliver(event);
      }, () => undefined);
    this.running.set(tenantId, job);
    try {
      await job;
    } finally {
      if (this.running.get(tenantId) === job) this.running.delete(tenantId);
    }
    return raised;
  }

  /** Waits for evaluations under way (tests; shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }
}
