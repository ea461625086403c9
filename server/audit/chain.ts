import { createHash } from 'node:crypto';
import type { Sql } from '../db/database';

/**
 * The operation log (操作ログ): append-only (grants + a trigger that refuses UPDATE/DELETE) and hash-chained
 * per tenant, so any later change to a row, or a removed row, breaks the chain and `npm run audit:verify`
 * names the first broken entry. Rows hold ids and codes, never names or free text typed by a resident.
 */

export type AuditAction = 'login' | 'logout' | 'login_failed' | 'search' | 'view' | 'print' | 'create' | 'update' | 'export' | 'import';

export interface AuditInput {
  staffId: string | null;
  terminalId: string | null;
  action: AuditAction;
  residentId?: string | null;
  purpose?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  tenant_id: string;
  seq: number;
  at: Date;
  staff_id: string | null;
  terminal_id: string | null;
  action: string;
  resident_id: string | null;
  purpose: string | null;
  detail: unknown;
  prev_hash: string;
  hash: string;
}

export function genesisHash(tenantId: string): string {
  return createHash('sha256').update(`madoguchi-audit-genesis:${tenantId}`).digest('hex');
}

/** JSON with object keys sorted at every level: jsonb does not keep key order, the hash must not depend on it. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function entryHash(prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  const body = canonicalJson({
    tenant_id: row.tenant_id,
    seq: Number(row.seq),
    at: row.at.toISOString(),
    staff_id: row.staff_id,
    terminal_id: row.terminal_id,
    action: row.action,
    resident_id: row.resident_id,
    purpose: row.purpose,
    detail: row.detail,
  });
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}

/** Appends one entry inside the caller's transaction (tenant already set). Serialised per tenant by the head row. */
export async function appendAudit(sql: Sql, tenantId: string, input: AuditInput, now = new Date()): Promise<number> {
  await sql.query('INSERT INTO audit_heads (tenant_id, last_seq, last_hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING', [
    tenantId,
    genesisHash(tenantId),
  ]);
  const [head] = await sql.query<{ last_seq: string | number; last_hash: string }>(
    'SELECT last_seq, last_hash FROM audit_heads WHERE tenant_id = $1 FOR UPDATE',
    [tenantId],
  );
  if (!head) throw new Error('audit head missing');
  // Millisecond precision: what a JS Date carries, so the hash recomputes exactly from the stored row.
  const at = new Date(Math.floor(now.getTime()));
  const row = {
    tenant_id: tenantId,
    seq: Number(head.last_seq) + 1,
    at,
    staff_id: input.staffId,
    terminal_id: input.terminalId,
    action: input.action,
    resident_id: input.residentId ?? null,
    purpose: input.purpose ?? null,
    detail: input.detail ?? {},
  };
  const hash = entryHash(head.last_hash, row);
  await sql.query(
    `INSERT INTO audit_log (tenant_id, seq, at, staff_id, terminal_id, action, resident_id, purpose, detail, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [tenantId, row.seq, at.toISOString(), row.staff_id, row.terminal_id, row.action, row.resident_id, row.purpose, JSON.stringify(row.detail), head.last_hash, hash],
  );
  await sql.query('UPDATE audit_heads SET last_seq = $2, last_hash = $3 WHERE tenant_id = $1', [tenantId, row.seq, hash]);
  return row.seq;
}

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  firstBrokenSeq: number | null;
  reason?: string;
}

/** Recomputes the chain from the genesis hash; the head must point at the last entry (no tail cut off). */
export function verifyRows(tenantId: string, rows: readonly AuditRow[], head?: { last_seq: number; last_hash: string }): ChainVerdict {
  let prev = genesisHash(tenantId);
  let expectedSeq = 1;
  for (const row of rows) {
    const seq = Number(row.seq);
    const at = row.at instanceof Date ? row.at : new Date(row.at);
    if (seq !== expectedSeq) return { ok: false, entries: rows.length, firstBrokenSeq: expectedSeq, reason: 'missing entry' };
    if (row.prev_hash !== prev) return { ok: false, entries: rows.length, firstBrokenSeq: seq, reason: 'previous hash does not match' };
    if (entryHash(prev, { ...row, at }) !== row.hash) return { ok: false, entries: rows.length, firstBrokenSeq: seq, reason: 'entry altered' };
    prev = row.hash;
    expectedSeq += 1;
  }
  if (head && (Number(head.last_seq) !== rows.length || head.last_hash !== prev)) {
    return { ok: false, entries: rows.length, firstBrokenSeq: rows.length + 1, reason: 'entries missing at the end' };
  }
  return { ok: true, entries: rows.length, firstBrokenSeq: null };
}

export async function verifyChain(sql: Sql, tenantId: string): Promise<ChainVerdict> {
  const rows = await sql.query<AuditRow>('SELECT * FROM audit_log WHERE tenant_id = $1 ORDER BY seq', [tenantId]);
  const [head] = await sql.query<{ last_seq: number; last_hash: string }>('SELECT last_seq, last_hash FROM audit_heads WHERE tenant_id = $1', [tenantId]);
  return verifyRows(tenantId, rows, head);
}
