import { DeviceError } from '../../../../shared/devices/errors';
import {
  ReplyReader,
  STATUS_COMMANDS,
  blocksPrinting,
  decodeGsR1,
  statusError,
  statusFromDleEot,
  type PrinterStatus,
  type StatusReply,
} from './escpos-status';
import { renderEscPos, type PrinterProfile } from './receipt';
import { openPrinterConnection, type OpenOptions, type PrinterAddress, type PrinterConnection } from './transport';

/**
 * One print job on one connection (the sequence receiptio uses, github.com/receiptline/receiptio):
 *
 *   connect → DLE EOT 1, 2, 4 (+3 when 2 reports an error)  → refuse on cover open / paper end / error /
 *   offline: FAILED_BEFORE_SEND, not one byte of the job sent → ESC @ + ASB on, wait for the first ASB →
 *   `beforeSend` (the ledger records SENT) → the job, ending in GS r 1 → wait for the GS r 1 reply: CONFIRMED.
 *
 * After the first job byte leaves, anything short of that reply is UNKNOWN: an ASB reporting paper end,
 * cover open or an error, a dropped link, or no reply in time. The receipt may be half printed, fully printed,
 * or still in the printer's buffer and printed when the cover closes — so it is never retried automatically;
 * staff look and reprint with the REPRINT mark if needed (job-ledger.ts).
 *
 * Paper near end is a warning, not a refusal: staff change the roll between customers, not mid-receipt.
 * `printJob` never throws for printer trouble; everything is in the result.
 */

export type PrintOutcome = 'confirmed' | 'failed_before_send' | 'unknown';
export type PrintWarning = 'paper_near_end' | 'post_check_failed';

export interface PrintTimings {
  connectMs?: number;
  preflightMs?: number;
  /** Writing the job to the link. */
  sendMs?: number;
  /** From the first job byte written to the printer's completion (GS r 1) reply. */
  completionMs?: number;
  totalMs: number;
}

export interface PrintResult {
  outcome: PrintOutcome;
  /** The last status the printer reported (null if it never answered). */
  status: PrinterStatus | null;
  warnings: PrintWarning[];
  /** Why the job failed or is unknown. */
  error?: DeviceError;
  /** Job bytes handed to the link (0 = nothing of the job left the host). */
  bytesSent: number;
  timings: PrintTimings;
}

export interface PrintJobOptions {
  connectTimeoutMs?: number;
  /** Per DLE EOT reply (default 2000 ms). */
  statusTimeoutMs?: number;
  /** Wait for the first ASB after enabling it (default 3000 ms). */
  asbTimeoutMs?: number;
  /** Wait for the completion reply after sending (default 60 s; receiptio uses 300 s). */
  completionTimeoutMs?: number;
  /** Check the paper sensor after a confirmed job (default true). */
  postCheck?: boolean;
  /** Called after the pre-flight, right before the first job byte is written. If it throws, nothing is sent
   *  and the error propagates (the ledger could not record SENT, so we must not print). */
  beforeSend?: () => Promise<void>;
  /** Connection factory (tests, other transports). Default: openPrinterConnection. */
  connect?: (address: PrinterAddress, options: OpenOptions) => Promise<PrinterConnection>;
  transport?: OpenOptions;
  now?: () => number;
}

/** ESC @ GS a 0: receiptline's job prefix. GS a 0 would switch our ASB off, so it is removed (as receiptio does). */
const JOB_PREFIX = [0x1b, 0x40, 0x1d, 0x61, 0x00];
/** 8192 × NUL ends a half-received command or image left by an aborted job (receiptio's flush). */
const FLUSH = new Uint8Array(8192);

/** The job bytes as sent: leading ESC @ GS a 0 removed, GS r 1 at the end guaranteed. */
export function framedJob(payload: Uint8Array): Uint8Array {
  let body = payload;
  if (JOB_PREFIX.every((b, i) => body[i] === b)) body = body.subarray(JOB_PREFIX.length);
  const n = body.length;
  const endsWithGsR1 = n >= 3 && body[n - 3] === 0x1d && body[n - 2] === 0x72 && (body[n - 1] === 0x01 || body[n - 1] === 0x31);
  if (endsWithGsR1) return body;
  const out = new Uint8Array(n + 3);
  out.set(body, 0);
  out.set(STATUS_COMMANDS.gsR1, n);
  return out;
}

interface Timed {
  reply: StatusReply;
  at: number;
}

/** The printer's reply stream as a queue the protocol can wait on, one reply kind at a time. */
class ReplyChannel {
  private readonly reader = new ReplyReader();
  private readonly queue: Timed[] = [];
  private waiter: { accept: (r: StatusReply) => boolean; resolve: (t: Timed) => void; reject: (e: DeviceError) => void } | null = null;
  private closedWith: DeviceError | null = null;
  private readonly offs: (() => void)[] = [];

  constructor(
    connection: PrinterConnection,
    private readonly now: () => number,
  ) {
    this.offs.push(
      connection.onData((chunk) => {
        let replies: StatusReply[];
        try {
          replies = this.reader.push(chunk);
        } catch {
          return; // the reader only frames valid patterns; a decode failure is noise, not a status
        }
        for (const reply of replies) this.deliver({ reply, at: this.now() });
      }),
      connection.onClose((error) => {
        this.closedWith = error ?? new DeviceError('printer_offline', { reason: 'link_lost' }, 'connection closed');
        this.waiter?.reject(this.closedWith);
        this.waiter = null;
      }),
    );
  }

  private deliver(timed: Timed): void {
    if (this.waiter?.accept(timed.reply)) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve(timed);
    } else this.queue.push(timed);
  }

  /** The next reply `accept` takes; replies before it that it does not take are dropped. */
  next(accept: (r: StatusReply) => boolean, timeoutMs: number, onTimeout: () => DeviceError): Promise<Timed> {
    while (this.queue.length > 0) {
      const head = this.queue.shift() as Timed;
      if (accept(head.reply)) return Promise.resolve(head);
    }
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise<Timed>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(onTimeout());
      }, Math.max(0, timeoutMs));
      this.waiter = {
        accept,
        resolve: (t) => {
          clearTimeout(timer);
          resolve(t);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  dispose(): void {
    for (const off of this.offs) off();
  }
}

const isDleEot = (r: StatusReply) => r.kind === 'dle-eot';
const noStatus = () => new DeviceError('printer_offline', { reason: 'no_status' }, 'no DLE EOT reply');

async function askStatus(channel: ReplyChannel, connection: PrinterConnection, n: 1 | 2 | 3 | 4, timeoutMs: number): Promise<number> {
  await connection.write(STATUS_COMMANDS.dleEot(n));
  const { reply } = await channel.next(isDleEot, timeoutMs, noStatus);
  return (reply as { byte: number }).byte;
}

/** DLE EOT 1, 2, 4, and 3 when 2 reports an error. */
async function readStatus(channel: ReplyChannel, connection: PrinterConnection, timeoutMs: number): Promise<PrinterStatus> {
  const printer = await askStatus(channel, connection, 1, timeoutMs);
  const offlineCause = await askStatus(channel, connection, 2, timeoutMs);
  const paper = await askStatus(channel, connection, 4, timeoutMs);
  const errorCause = offlineCause & 0x40 ? await askStatus(channel, connection, 3, timeoutMs) : undefined;
  return statusFromDleEot({ printer, offlineCause, paper, ...(errorCause === undefined ? {} : { errorCause }) });
}

function asDeviceError(error: unknown, fallback: DeviceError): DeviceError {
  return error instanceof DeviceError ? error : fallback;
}

/** The mid-job cause named by an ASB, or null if the job may go on. Offline alone (FEED held) is transient. */
function midJobFault(status: PrinterStatus): string | null {
  if (status.coverOpen) return 'cover_open';
  if (status.paperEnd) return 'paper_out';
  if (status.error !== null) return 'error';
  return null;
}

/** Prints one job on a fresh connection; see the module comment for the protocol. */
export async function printJob(address: PrinterAddress, payload: Uint8Array, options: PrintJobOptions = {}): Promise<PrintResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const statusTimeout = options.statusTimeoutMs ?? 2000;
  const warnings: PrintWarning[] = [];
  const timings: PrintTimings = { totalMs: 0 };
  let status: PrinterStatus | null = null;
  let bytesSent = 0;
  const finish = (outcome: PrintOutcome, error?: DeviceError): PrintResult => {
    timings.totalMs = now() - started;
    return { outcome, status, warnings, ...(error ? { error } : {}), bytesSent, timings };
  };
  const addWarning = (w: PrintWarning) => {
    if (!warnings.includes(w)) warnings.push(w);
  };

  let connection: PrinterConnection;
  try {
    connection = await (options.connect ?? openPrinterConnection)(address, { connectTimeoutMs: options.connectTimeoutMs, ...options.transport });
  } catch (error) {
    return finish('failed_before_send', asDeviceError(error, new DeviceError('printer_offline')));
  }
  timings.connectMs = now() - started;
  const channel = new ReplyChannel(connection, now);
  try {
    // ---- pre-flight: nothing of the job has been sent; any failure here is FAILED_BEFORE_SEND ----
    const preflightStart = now();
    try {
      try {
        status = await readStatus(channel, connection, statusTimeout);
      } catch (error) {
        if (!(error instanceof DeviceError) || error.params.reason !== 'no_status') throw error;
        // No answer: maybe a half-received command from an aborted job swallows our bytes. Flush, ask again.
        await connection.write(FLUSH);
        status = await readStatus(channel, connection, statusTimeout);
      }
      if (status.paperNearEnd && !status.paperEnd) addWarning('paper_near_end');
      if (blocksPrinting(status)) return finish('failed_before_send', statusError(status) ?? new DeviceError('printer_offline'));
      await connection.write(Uint8Array.of(0x1b, 0x40, ...STATUS_COMMANDS.asbOn));
      const { reply } = await channel.next(
        (r) => r.kind === 'asb',
        options.asbTimeoutMs ?? 3000,
        () => new DeviceError('printer_offline', { reason: 'no_asb' }, 'no ASB after GS a'),
      );
      if (reply.kind === 'asb') status = reply.status;
      if (status.paperNearEnd && !status.paperEnd) addWarning('paper_near_end');
      if (blocksPrinting(status)) return finish('failed_before_send', statusError(status) ?? new DeviceError('printer_offline'));
    } catch (error) {
      return finish('failed_before_send', asDeviceError(error, new DeviceError('printer_offline', {}, 'pre-flight failed')));
    } finally {
      timings.preflightMs = now() - preflightStart;
    }

    // The ledger records SENT before the first byte leaves; if it cannot, we do not print.
    if (options.beforeSend) await options.beforeSend();

    // ---- the job: from the first byte on, anything but the completion reply is UNKNOWN ----
    const job = framedJob(payload);
    const sendStart = now();
    try {
      bytesSent = job.length; // counted before the write: a partial write must also count as "sent"
      await connection.write(job);
      timings.sendMs = now() - sendStart;
      const deadline = sendStart + (options.completionTimeoutMs ?? 60_000);
      for (;;) {
        const { reply, at } = await channel.next(
          (r) => r.kind === 'gs-r' || r.kind === 'asb',
          deadline - now(),
          () => new DeviceError('printer_timeout', {}, 'no completion reply in time'),
        );
        if (reply.kind === 'asb') {
          status = reply.status;
          if (status.paperNearEnd && !status.paperEnd) addWarning('paper_near_end');
          const fault = midJobFault(status);
          if (fault) return finish('unknown', new DeviceError('print_outcome_unknown', { cause: fault }));
          continue;
        }
        if (reply.kind === 'gs-r') {
          timings.completionMs = at - sendStart;
          const paper = decodeGsR1(reply.byte);
          if (paper.nearEnd) addWarning('paper_near_end');
          status = { ...(status as PrinterStatus), paperNearEnd: paper.nearEnd || paper.end, paperEnd: paper.end };
          break;
        }
      }
    } catch (error) {
      if (error instanceof DeviceError && error.code === 'printer_timeout') return finish('unknown', error);
      return finish('unknown', new DeviceError('print_outcome_unknown', { cause: 'disconnected' }));
    }

    // ---- confirmed; a post-job look at the paper sensor only adds warnings ----
    if (options.postCheck ?? true) {
      try {
        const offlineCause = await askStatus(channel, connection, 2, statusTimeout);
        const paper = await askStatus(channel, connection, 4, statusTimeout);
        const printer = await askStatus(channel, connection, 1, statusTimeout);
        status = statusFromDleEot({ printer, offlineCause, paper });
        if (status.paperNearEnd) addWarning('paper_near_end');
      } catch {
        addWarning('post_check_failed');
      }
    }
    await connection.write(STATUS_COMMANDS.asbOff).catch(() => undefined);
    return finish('confirmed');
  } finally {
    channel.dispose();
    await connection.close().catch(() => undefined);
  }
}

/**
 * A status-only look at the printer (DLE EOT 1/2/4, +3 on error) on its own short connection, for the staff
 * window's printer state between jobs. Sends nothing but real-time status requests. Throws DeviceError
 * (printer_offline when it cannot connect or gets no answer).
 */
export async function readPrinterStatus(
  address: PrinterAddress,
  options: Pick<PrintJobOptions, 'connectTimeoutMs' | 'statusTimeoutMs' | 'connect' | 'transport'> = {},
): Promise<PrinterStatus> {
  const connection = await (options.connect ?? openPrinterConnection)(address, { connectTimeoutMs: options.connectTimeoutMs, ...options.transport });
  const channel = new ReplyChannel(connection, () => performance.now());
  try {
    return await readStatus(channel, connection, options.statusTimeoutMs ?? 2000);
  } finally {
    channel.dispose();
    await connection.close().catch(() => undefined);
  }
}

/** What the ledger needs from a printer: print this markup, calling `beforeSend` before the first job byte. */
export type JobPrinter = (markup: string, hooks: { beforeSend: () => Promise<void> }) => Promise<PrintResult>;

/** A JobPrinter for an ESC/POS printer at `address`: receiptline → bytes → printJob. */
export function escposJobPrinter(address: PrinterAddress, options: Omit<PrintJobOptions, 'beforeSend'> & { profile?: Partial<PrinterProfile> } = {}): JobPrinter {
  return (markup, hooks) => {
    const { profile, ...jobOptions } = options;
    const bytes = renderEscPos(markup, profile);
    return printJob(address, bytes, { ...jobOptions, beforeSend: hooks.beforeSend });
  };
}
