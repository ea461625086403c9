import { createHash, createHmac } from 'node:crypto';
import type { Sql } from '../db/database';

/**
 * The operation log (操作ログ): append-only (grants + a trigger that refuses UPDATE/DELETE) and chained per
 * tenant, so any later change to a row, or a removed row, breaks the chain and `npm run audit:verify` names the
 * first broken entry. Rows hold ids and codes, never names or free text typed by a resident.
 *
 * Two chain versions (column `chain`, migration 015): 1 = plain SHA-256 (rows written before the keyed chain;
 * anyone can recompute them, a database superuser included), 2 = HMAC-SHA256 under the audit key, which only the
 * server holds (MADOGUCHI_AUDIT_KEY) — a superuser who rewrites rows cannot make links that verify. Every new row
 * is version 2; version-1 rows are verified as before. Signed checkpoints outside the database
 * (server/audit/checkpoint.ts) catch a cut tail and a downgrade of keyed rows to version 1.
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
  /** 1 = plain SHA-256 (before the keyed chain), 2 = HMAC-SHA256 under the audit key. Absent = 1. */
  chain?: number | string;
}

/**
 * The key the links of chain version 2 are made with; set once by the backend from its config (never stored in the
 * database). Process-wide because every route appends through `appendAudit(sql, …)` and one process serves one
 * deployment (tests that open several backends all use the demo key).
 */
let auditKey: Buffer | null = null;

export const DEMO_AUDIT_KEY_HEX = createHash('sha256').update('madoguchi-demo-audit-key-not-for-production').digest('hex');

/** A hex key of at least 32 bytes, or null. */
export function auditKeyFromHex(hex: string | undefined): Buffer | null {
  if (!hex || !/^(?:[0-9a-fA-F]{2}){32,64}$/.test(hex)) return null;
  return Buffer.from(hex, 'hex');
}

export function useAuditKey(key: Buffer): void {
  auditKey = key;
}

function currentAuditKey(): Buffer {
  if (!auditKey) throw new Error('audit key not configured (MADOGUCHI_AUDIT_KEY)');
  return auditKey;
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

function entryBody(row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  return canonicalJson({
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
}

/** Chain version 1: plain SHA-256 over the previous link and the entry (legacy rows only). */
export function entryHash(prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  return createHash('sha256').update(`${prevHash}\n${entryBody(row)}`).digest('hex');
}

/** Chain version 2: HMAC-SHA256 under the audit key over the previous link and the entry. */
export function entryLink(key: Buffer, prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  return createHmac('sha256', key).update(`${prevHash}\n${entryBody(row)}`).digest('hex');
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
  const hash = entryLink(currentAuditKey(), head.last_hash, row);
  await sql.query(
    `INSERT INTO audit_log (tenant_id, seq, at, staff_id, terminal_id, action, resident_id, purpose, detail, prev_hash, hash, chain)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 2)`,
    [tenantId, row.seq, at.toISOString(), row.staff_id, row.terminal_id, row.action, row.resident_id, row.purpose, JSON.stringify(row.detail), head.last_hash, hash],
  );
  await sql.query('UPDATE audit_heads SET last_seq = $2, last_hash = $3 WHERE tenant_id = $1', [tenantId, row.seq, hash]);
  return row.seq;
}

/** Why a chain failed, typed for IT and for the monitoring events. */
export type ChainProblem =
  | 'missing_entry'
  | 'previous_link_mismatch'
  | 'entry_altered'
  | 'tail_missing'
  | 'unkeyed_entry_after_switch'
  | 'no_audit_key'
  | 'checkpoint_mismatch'
  | 'checkpoint_beyond_chain'
  | 'checkpoint_signature_invalid'
  | 'no_checkpoint';

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  firstBrokenSeq: number | null;
  reason?: string;
  problem?: ChainProblem;
}

export interface VerifyOptions {
  /** The audit key for version-2 links; without it a keyed row cannot be verified (fails as no_audit_key). */
  key?: Buffer | null;
  /** From this seq on every row must be keyed (a signed checkpoint says when the keyed chain began). */
  keyedFrom?: number;
}

const broken = (entries: number, seq: number, problem: ChainProblem, reason: string): ChainVerdict => ({ ok: false, entries, firstBrokenSeq: seq, reason, problem });

/**
 * Recomputes the chain from the genesis hash; the head must point at the last entry (no tail cut off).
 * Version-1 rows are checked with SHA-256, version-2 rows with the HMAC under the key; once the chain is keyed it
 * stays keyed (an unkeyed row after a keyed one, or at/after keyedFrom, is a downgrade).
 */
export function verifyRows(tenantId: string, rows: readonly AuditRow[], head?: { last_seq: number; last_hash: string }, options: VerifyOptions = {}): ChainVerdict {
  let prev = genesisHash(tenantId);
  let expectedSeq = 1;
  let keyed = false;
  const n = rows.length;
  for (const row of rows) {
    const seq = Number(row.seq);
    const at = row.at instanceof Date ? row.at : new Date(row.at);
    const version = Number(row.chain ?? 1);
    if (seq !== expectedSeq) return broken(n, expectedSeq, 'missing_entry', 'missing entry');
    if (row.prev_hash !== prev) return broken(n, seq, 'previous_link_mismatch', 'previous hash does not match');
    if (version === 2) {
      if (!options.key) return broken(n, seq, 'no_audit_key', 'keyed entry but no audit key given');
      if (entryLink(options.key, prev, { ...row, at }) !== row.hash) return broken(n, seq, 'entry_altered', 'entry altered (keyed link does not verify)');
      keyed = true;
    } else {
      if (version !== 1 || keyed || (options.keyedFrom !== undefined && seq >= options.keyedFrom)) {
        return broken(n, seq, 'unkeyed_entry_after_switch', 'unkeyed entry where the chain is keyed');
      }
      if (entryHash(prev, { ...row, at }) !== row.hash) return broken(n, seq, 'entry_altered', 'entry altered');
    }
    prev = row.hash;
    expectedSeq += 1;
  }
  if (head && (Number(head.last_seq) !== n || head.last_hash !== prev)) {
    return broken(n, n + 1, 'tail_missing', 'entries missing at the end');
  }
  return { ok: true, entries: n, firstBrokenSeq: null };
}

export async function readChain(sql: Sql, tenantId: string): Promise<{ rows: AuditRow[]; head?: { last_seq: number; last_hash: string } }> {
  const rows = await sql.query<AuditRow>('SELECT * FROM audit_log WHERE tenant_id = $1 ORDER BY seq', [tenantId]);
  const [head] = await sql.query<{ last_seq: number; last_hash: string }>('SELECT last_seq, last_hash FROM audit_heads WHERE tenant_id = $1', [tenantId]);
  return { rows, head };
}

/** Verifies with the server's own audit key (the in-app check; `npm run audit:verify` adds the signed checkpoints). */
export async function verifyChain(sql: Sql, tenantId: string): Promise<ChainVerdict> {
  const { rows, head } = await readChain(sql, tenantId);
  return verifyRows(tenantId, rows, head, { key: auditKey });
}
