import type { KeyObject } from 'node:crypto';
import type { Database } from '../db/database';
import { readChain } from './chain';
import { nextCheckpoint, type CheckedVerdict } from './checkpoint';

export interface Checkpointer {
  /** Signs a checkpoint for every member town now; answers the tenants whose chain did not verify. */
  checkpointNow(): Promise<{ tenantId: string; verdict: CheckedVerdict }[]>;
  stop(): void;
}

/**
 * Writes signed checkpoints for every tenant at start, every `minutes`, and on demand (checkpointNow, called at
 * close too). Runs as the runtime role under each tenant's binding, like any request.
 */
export function startCheckpointer(
  db: Database,
  settings: { key: Buffer; signingKey: KeyObject; dir: string; minutes: number; now: () => Date; warn: (message: string) => void },
): Checkpointer {
  const checkpointNow = async () => {
    const towns = await db.transaction(null, (sql) => sql.query<{ tenant_id: string }>('SELECT tenant_id FROM member_towns()'));
    const failures: { tenantId: string; verdict: CheckedVerdict }[] = [];
    for (const { tenant_id: tenantId } of towns) {
      const { rows, head } = await db.transaction(tenantId, (sql) => readChain(sql, tenantId));
      const result = nextCheckpoint(tenantId, rows, head, settings.key, settings.signingKey, settings.dir, settings.now());
      if (!result.ok) {
        failures.push({ tenantId, verdict: result.verdict });
        // Ids and codes only: which tenant, which entry, what failed.
        settings.warn(`audit chain of ${tenantId} does not verify (${result.verdict.problem} at seq ${result.verdict.firstBrokenSeq}); no checkpoint signed`);
      }
    }
    return failures;
  };
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(checkpointNow).catch((error: unknown) => settings.warn(`audit checkpoint failed: ${(error as Error).message}`));
  }, settings.minutes * 60_000);
  timer.unref();
  return {
    checkpointNow: () => {
      const next = running.then(checkpointNow);
      running = next.catch(() => undefined);
      return next;
    },
    stop: () => clearInterval(timer),
  };
}
