import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, genesisHash, verifyRows, type AuditRow, type ChainVerdict } from './chain';

/**
 * Signed audit checkpoints (監査チェックポイント): now and then the server signs, per tenant, "the chain had
 * this many entries and ended in this link" with an Ed25519 key and appends it to a JSON-lines file outside the
 * database (`<dir>/<tenant>.jsonl`; the continuity issue's backup repositories will take them when they land).
 * A database superuser can rewrite or cut the chain but cannot sign, and cannot reach the file: `npm run
 * audit:verify` with the public key then finds the chain no longer matching a checkpoint.
 */

export interface Checkpoint {
  v: 1;
  tenantId: string;
  /** The last seq the chain had (0 = empty). */
  seq: number;
  /** That entry's link (the genesis hash for an empty chain). */
  link: string;
  /** From this seq on every entry must be keyed (HMAC): rows before it were written under plain SHA-256. */
  keyedFrom: number;
  at: string;
  /** Ed25519 over the canonical JSON of the other fields, base64. */
  sig: string;
}

// DER prefixes of an Ed25519 PKCS#8 private key (seed follows) and an SPKI public key (raw key follows).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export const DEMO_AUDIT_SIGNING_KEY_HEX = createHash('sha256').update('madoguchi-demo-audit-signing-key-not-for-production').digest('hex');

export function signingKeyFromHex(hex: string | undefined): KeyObject | null {
  if (!hex || !/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'pkcs8' });
}

export function publicKeyFromHex(hex: string | undefined): KeyObject | null {
  if (!hex || !/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/** The raw public key as hex: what IT gives `audit:verify` (MADOGUCHI_AUDIT_PUBLIC_KEY). */
export function publicKeyHex(signingKey: KeyObject): string {
  return (createPublicKey(signingKey).export({ format: 'der', type: 'spki' }) as Buffer).subarray(SPKI_PREFIX.length).toString('hex');
}

const signedPart = (c: Omit<Checkpoint, 'sig'>): Buffer =>
  Buffer.from(canonicalJson({ v: c.v, tenantId: c.tenantId, seq: c.seq, link: c.link, keyedFrom: c.keyedFrom, at: c.at }));

export function signCheckpoint(key: KeyObject, body: Omit<Checkpoint, 'sig' | 'v'>): Checkpoint {
  const unsigned = { v: 1 as const, ...body };
  return { ...unsigned, sig: sign(null, signedPart(unsigned), key).toString('base64') };
}

const checkpointFile = (dir: string, tenantId: string): string => {
  if (!/^\d{6}$/.test(tenantId)) throw new Error('tenant id must be six digits');
  return path.join(dir, `${tenantId}.jsonl`);
};

export function appendCheckpoint(dir: string, checkpoint: Checkpoint): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(checkpointFile(dir, checkpoint.tenantId), `${JSON.stringify(checkpoint)}\n`, { flag: 'a' });
}

export type CheckpointRead = { ok: true; checkpoints: Checkpoint[] } | { ok: false; line: number };

/** Every checkpoint of the tenant, each signature checked; the first line that does not verify fails the read. */
export function readCheckpoints(dir: string, tenantId: string, publicKey: KeyObject): CheckpointRead {
  const file = checkpointFile(dir, tenantId);
  if (!existsSync(file)) return { ok: true, checkpoints: [] };
  const checkpoints: Checkpoint[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    let c: Checkpoint;
    try {
      c = JSON.parse(line) as Checkpoint;
    } catch {
      return { ok: false, line: index + 1 };
    }
    const valid =
      c && c.v === 1 && c.tenantId === tenantId && Number.isSafeInteger(c.seq) && c.seq >= 0 && Number.isSafeInteger(c.keyedFrom) &&
      typeof c.link === 'string' && typeof c.at === 'string' && typeof c.sig === 'string' &&
      verify(null, signedPart(c), publicKey, Buffer.from(c.sig, 'base64'));
    if (!valid) return { ok: false, line: index + 1 };
    checkpoints.push(c);
  }
  return { ok: true, checkpoints };
}

export interface CheckedVerdict extends ChainVerdict {
  /** The latest signed checkpoint the chain was held against. */
  checkpoint: { seq: number; at: string } | null;
}

/**
 * The full check IT runs: every link (HMAC with the key), then every signed checkpoint — its entry must still
 * exist with the same link (a cut tail or a recomputed chain fails here), and from its keyedFrom on no entry may be
 * unkeyed. No checkpoint at all fails too: without one a cut tail would be invisible.
 */
export function verifyAgainstCheckpoints(
  tenantId: string,
  rows: readonly AuditRow[],
  head: { last_seq: number; last_hash: string } | undefined,
  key: Buffer,
  read: CheckpointRead,
): CheckedVerdict {
  if (!read.ok) return { ok: false, entries: rows.length, firstBrokenSeq: null, problem: 'checkpoint_signature_invalid', reason: `checkpoint line ${read.line} is not validly signed`, checkpoint: null };
  const { checkpoints } = read;
  const last = checkpoints[checkpoints.length - 1];
  const checkpoint = last ? { seq: last.seq, at: last.at } : null;
  const keyedFrom = checkpoints.length ? Math.min(...checkpoints.map((c) => c.keyedFrom)) : undefined;
  const chain = verifyRows(tenantId, rows, head, { key, keyedFrom });
  if (!chain.ok) return { ...chain, checkpoint };
  if (!last) return { ok: false, entries: rows.length, firstBrokenSeq: null, problem: 'no_checkpoint', reason: 'no signed checkpoint for this tenant', checkpoint };
  for (const c of checkpoints) {
    if (c.seq > rows.length) {
      return { ok: false, entries: rows.length, firstBrokenSeq: rows.length + 1, problem: 'checkpoint_beyond_chain', reason: `a checkpoint of ${c.at} saw ${c.seq} entries`, checkpoint };
    }
    const link = c.seq === 0 ? genesisHash(tenantId) : rows[c.seq - 1]?.hash;
    if (link !== c.link) {
      return { ok: false, entries: rows.length, firstBrokenSeq: c.seq, problem: 'checkpoint_mismatch', reason: `entry ${c.seq} differs from the checkpoint of ${c.at}`, checkpoint };
    }
  }
  return { ...chain, checkpoint };
}

/**
 * Signs one checkpoint for the tenant, after verifying the chain with the key against the earlier checkpoints:
 * the server never signs a chain that no longer verifies (it answers the problem instead, for the log).
 */
export function nextCheckpoint(
  tenantId: string,
  rows: readonly AuditRow[],
  head: { last_seq: number; last_hash: string } | undefined,
  key: Buffer,
  signingKey: KeyObject,
  dir: string,
  now: Date,
): { ok: true; checkpoint: Checkpoint } | { ok: false; verdict: CheckedVerdict } {
  const read = readCheckpoints(dir, tenantId, createPublicKey(signingKey));
  const verdict = verifyAgainstCheckpoints(tenantId, rows, head, key, read);
  if (!verdict.ok && verdict.problem !== 'no_checkpoint') return { ok: false, verdict };
  const earlier = read.ok ? read.checkpoints : [];
  const firstKeyed = rows.find((row) => Number(row.chain ?? 1) === 2);
  const keyedFrom = earlier.length ? Math.min(...earlier.map((c) => c.keyedFrom)) : firstKeyed ? Number(firstKeyed.seq) : rows.length + 1;
  const last = rows[rows.length - 1];
  const checkpoint = signCheckpoint(signingKey, { tenantId, seq: rows.length, link: last ? last.hash : genesisHash(tenantId), keyedFrom, at: now.toISOString() });
  appendCheckpoint(dir, checkpoint);
  return { ok: true, checkpoint };
}
