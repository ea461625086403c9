/**
 * Security events (セキュリティイベント) for the operator's 24-hour monitoring: one stream, written as JSON lines
 * (stdout or a file) and as RFC 5424 syslog to a collector (UDP and/or TCP), and kept per tenant in
 * security_events for the supervisors' screen.
 *
 * No personal data, by construction: an event carries ids and codes only — tenant, staff id, terminal id,
 * source address, event code, counts — and `detail` keeps only numbers, booleans and code-like strings
 * (letters, digits, `_.:/-`, at most 64: ids, codes, route patterns); anything else is dropped before it is written anywhere. A login id
 * typed at the login screen is never written: it may be a clerk's name, a resident's name typed in the wrong
 * field, or an attack string. It is replaced by `loginRef`, a keyed hash (HMAC with the server secret, 16 hex):
 * the monitoring team can see one id tried from many sources without learning what was typed, and nobody
 * without the secret can test guesses against it.
 *
 * The syslog formatting is written here (a few lines) rather than taken from a package: none is in
 * node_modules, and the RFC 5424 header plus octet-counted TCP framing (RFC 6587) is small enough to own.
 * Emitting never throws and never waits on the network: monitoring must not take the counter down.
 */
import { createHmac } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createWriteStream, type WriteStream } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import type { Database, Sql } from '../db/database';

export type SecurityEventCode =
  | 'login_failed'
  | 'login_throttled'
  | 'login_unlocked'
  | 'reference_denied'
  | 'handoff_claim_refused'
  | 'admin_export'
  | 'admin_import'
  | 'catalog_published'
  | 'audit_verify_failed'
  | 'anomaly';

export type Severity = 'alert' | 'warning' | 'notice' | 'info';

/** Absent rather than null: a missing value is simply not in the event. */
export type DetailValue = string | number | boolean;

export interface SecurityEventInput {
  code: SecurityEventCode;
  tenantId: string | null;
  staffId?: string | null;
  terminalId?: string | null;
  /** The request's source address. */
  source?: string | null;
  count?: number | null;
  detail?: Record<string, DetailValue | null | undefined>;
}

export interface SecurityEvent extends Required<Omit<SecurityEventInput, 'detail'>> {
  at: string;
  severity: Severity;
  detail: Record<string, DetailValue>;
}

const SEVERITY: Record<SecurityEventCode, Severity> = {
  login_failed: 'warning',
  login_throttled: 'warning',
  login_unlocked: 'notice',
  reference_denied: 'warning',
  handoff_claim_refused: 'notice',
  admin_export: 'notice',
  admin_import: 'notice',
  catalog_published: 'notice',
  audit_verify_failed: 'alert',
  anomaly: 'warning',
};

/** A code-like string: ids, codes, addresses. Names and free text do not pass (spaces, kana, kanji…). */
const CODE_LIKE = /^[A-Za-z0-9_.:/-]{0,64}$/;
const TERMINAL = /^[A-Za-z0-9_.:-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function codeOrNull(value: string | null | undefined, pattern: RegExp): string | null {
  return typeof value === 'string' && pattern.test(value) ? value : null;
}

/** The event as it may be written anywhere: every field reduced to an id, a code or a number. */
export function toEvent(input: SecurityEventInput, at: Date): SecurityEvent {
  const detail: Record<string, DetailValue> = {};
  for (const [key, value] of Object.entries(input.detail ?? {}).slice(0, 16)) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(key) || value === undefined || value === null) continue;
    if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) detail[key] = value;
    else if (typeof value === 'string' && CODE_LIKE.test(value)) detail[key] = value;
  }
  return {
    at: at.toISOString(),
    code: input.code,
    severity: SEVERITY[input.code],
    tenantId: codeOrNull(input.tenantId, /^\d{6}$/),
    staffId: codeOrNull(input.staffId, UUID),
    terminalId: codeOrNull(input.terminalId, TERMINAL),
    source: codeOrNull(input.source, /^[0-9A-Fa-f.:]{1,64}$/),
    count: typeof input.count === 'number' && Number.isFinite(input.count) ? Math.trunc(input.count) : null,
    detail,
  };
}

/** A keyed, truncated hash of a login id as typed (see the module comment for why the id itself is never kept). */
export function loginRef(secret: string, tenantId: string, loginId: string): string {
  return createHmac('sha256', secret).update(`login\u0000${tenantId}\u0000${loginId.normalize('NFC').toLowerCase()}`).digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------- RFC 5424

/** facility 10 = security/authorization (authpriv). */
const FACILITY = 10;
const SEVERITY_NUMBER: Record<Severity, number> = { alert: 1, warning: 4, notice: 5, info: 6 };
/** 32473 is the private enterprise number reserved for examples (RFC 5612); an operator may register its own. */
const SD_ID = 'madoguchi@32473';

const sdEscape = (value: string) => value.replace(/[\\"\]]/g, (c) => `\\${c}`);

/** One RFC 5424 message: header, one structured-data element with the event's fields, the event as JSON. */
export function syslogMessage(event: SecurityEvent, host = hostname(), procId = String(process.pid)): string {
  const pri = FACILITY * 8 + SEVERITY_NUMBER[event.severity];
  const header = `<${pri}>1 ${event.at} ${host.replace(/[^!-~]/g, '').slice(0, 255) || '-'} madoguchi ${procId} ${event.code}`;
  const params: [string, DetailValue | null][] = [
    ['tenant', event.tenantId],
    ['staff', event.staffId],
    ['terminal', event.terminalId],
    ['source', event.source],
    ['count', event.count],
    ...Object.entries(event.detail),
  ];
  const sd = `[${SD_ID}${params
    .filter(([, v]) => v !== null)
    .map(([k, v]) => ` ${k}="${sdEscape(String(v))}"`)
    .join('')}]`;
  return `${header} ${sd} ${JSON.stringify(event)}`;
}

/** TCP framing by octet counting (RFC 6587 §3.4.1): `LEN SP MSG`. */
export function octetCounted(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}

// ---------------------------------------------------------------- sinks

export type SecuritySink = (event: SecurityEvent) => void;

export interface SyslogTarget {
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
}

export interface SecurityEventsConfig {
  /** JSON lines: '-' for stdout, a path for a file (appended), unset for none. */
  jsonLines?: string;
  /** Collectors for RFC 5424 syslog. */
  syslog?: SyslogTarget[];
}

/** Parses SECURITY_EVENTS_SYSLOG: `udp://host:port,tcp://host:port`. */
export function syslogTargets(value: string | undefined): SyslogTarget[] {
  if (!value) return [];
  return value.split(',').map((part) => {
    const match = /^(udp|tcp):\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(part.trim());
    if (!match || Number(match[3]) < 1 || Number(match[3]) > 65535) throw new Error(`SECURITY_EVENTS_SYSLOG: not udp://host:port or tcp://host:port: ${part}`);
    return { transport: match[1] as 'udp' | 'tcp', host: match[2]!.replace(/^\[|\]$/g, ''), port: Number(match[3]) };
  });
}

function udpSink(target: SyslogTarget): { sink: SecuritySink; close: () => void } {
  let socket: UdpSocket | null = null;
  return {
    sink: (event) => {
      socket ??= createSocket(target.host.includes(':') ? 'udp6' : 'udp4').on('error', () => undefined);
      socket.unref();
      socket.send(Buffer.from(syslogMessage(event), 'utf8'), target.port, target.host, () => undefined);
    },
    close: () => socket?.close(),
  };
}

/** A TCP connection kept open and re-made on demand; a bounded queue while it is down (the oldest are dropped). */
function tcpSink(target: SyslogTarget): { sink: SecuritySink; close: () => void } {
  let socket: Socket | null = null;
  let ready = false;
  const queue: Buffer[] = [];
  const open = () => {
    socket = connect({ host: target.host, port: target.port });
    socket.unref();
    socket.on('connect', () => {
      ready = true;
      for (const frame of queue.splice(0)) socket!.write(frame);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      socket = null;
      ready = false;
    });
  };
  return {
    sink: (event) => {
      const frame = octetCounted(syslogMessage(event));
      if (socket && ready) socket.write(frame);
      else {
        queue.push(frame);
        if (queue.length > 1000) queue.shift();
        if (!socket) open();
      }
    },
    close: () => socket?.end(),
  };
}

// ---------------------------------------------------------------- the stream

export class SecurityEvents {
  private readonly sinks: SecuritySink[] = [];
  private readonly closers: (() => void | Promise<void>)[] = [];
  private readonly pending = new Set<Promise<void>>();
  /** Where tenant events are kept for the supervisors' screen (set by the backend once the database is open). */
  db: Database | null = null;

  constructor(config: SecurityEventsConfig = {}, private readonly now: () => Date = () => new Date()) {
    if (config.jsonLines) {
      let file: WriteStream | null = null;
      if (config.jsonLines !== '-') {
        file = createWriteStream(config.jsonLines, { flags: 'a' });
        file.on('error', () => undefined);
        this.closers.push(() => new Promise<void>((resolve) => file!.end(resolve)));
      }
      this.sinks.push((event) => (file ?? process.stdout).write(`${JSON.stringify(event)}\n`));
    }
    for (const target of config.syslog ?? []) {
      const { sink, close } = target.transport === 'udp' ? udpSink(target) : tcpSink(target);
      this.sinks.push(sink);
      this.closers.push(close);
    }
  }

  /** Adds a sink (tests; an operator's extra forwarder). Returns its removal. */
  subscribe(sink: SecuritySink): () => void {
    this.sinks.push(sink);
    return () => this.sinks.splice(this.sinks.indexOf(sink), 1);
  }

  /**
   * Emits one event to every sink and keeps it for its tenant's supervisors (in its own transaction, so a
   * request that is refused and rolled back still leaves its event). Never throws; never waits.
   */
  emit(input: SecurityEventInput, options: { keep?: boolean } = {}): SecurityEvent {
    const event = toEvent(input, this.now());
    this.deliver(event);
    if (options.keep !== false && event.tenantId && this.db) {
      const db = this.db;
      const tenantId = event.tenantId;
      const job = db
        .transaction(tenantId, (sql) => insertEvent(sql, event, null))
        .then(() => undefined, () => undefined);
      this.pending.add(job);
      void job.finally(() => this.pending.delete(job));
    }
    return event;
  }

  /** To the sinks only (the caller has already stored the event, e.g. an anomaly with its once-per-window key). */
  deliver(event: SecurityEvent): void {
    for (const sink of this.sinks) {
      try {
        sink(event);
      } catch {
        // A failing sink must not stop the others nor the request.
      }
    }
  }

  /** Waits for the events being stored (tests; shutdown). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.flush();
    await Promise.all(this.closers.map((close) => close()));
  }
}

/** Stores an event for its tenant; with a dedupe key, a second store of the same key is a no-op (returns false). */
export async function insertEvent(sql: Sql, event: SecurityEvent, dedupeKey: string | null): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO security_events (tenant_id, at, code, severity, staff_id, terminal_id, source, count, detail, dedupe_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (tenant_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING 1`,
    [event.tenantId, event.at, event.code, event.severity, event.staffId, event.terminalId, event.source, event.count, JSON.stringify(event.detail), dedupeKey],
  );
  return rows.length > 0;
}

export function securityEventsConfigFromEnv(env: NodeJS.ProcessEnv): SecurityEventsConfig {
  return { jsonLines: env.SECURITY_EVENTS_JSONL || undefined, syslog: syslogTargets(env.SECURITY_EVENTS_SYSLOG) };
}
