import { open, readFile, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DeviceError, DeviceErrorReportSchema } from '../../../../shared/devices/errors';
import { PrintJobKindSchema, PrintJobStateSchema, type PrintJobKind, type PrintJobState } from '../../../../shared/devices/print-jobs';
import type { JobPrinter, PrintResult } from './printer';
import { withReprintMark } from './receipt';

/**
 * The no-loss / no-duplicate ledger. Every print job is persisted with an id and a state:
 *
 *   QUEUED → SENT → CONFIRMED | UNKNOWN          (SENT is written *before* the first job byte leaves)
 *   QUEUED → FAILED_BEFORE_SEND → (retry) → …    (the printer refused in pre-flight: nothing was printed)
 *
 * Rules:
 * - Only FAILED_BEFORE_SEND is retried automatically.
 * - UNKNOWN (bytes left, no completion) is never retried: the receipt may exist. Staff look, and if needed
 *   reprint: a new job linked to the original (`reprintOf`), printed with 「再発行 / REPRINT」 and the original
 *   number, so two receipts with one number are always told apart at reconciliation.
 * - A job id is printed at most once unmarked: submitting the same id again returns the existing job.
 * - After a restart, jobs left SENT (the process died mid-job) become UNKNOWN.
 *
 * Records hold the receiptline markup of what is printed (receipts and tickets carry no resident names by
 * construction) and error codes, never free-text error messages.
 */

const recordSchema = z.object({
  id: z.string().min(1),
  kind: PrintJobKindSchema,
  /** Receipt / ticket number printed on it (the REPRINT mark quotes it). */
  number: z.string(),
  /** receiptline markup as printed. */
  markup: z.string(),
  state: PrintJobStateSchema,
  /** Print attempts made (each pre-flight counts). */
  attempts: z.number().int().min(0),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The job this one reprints (staff action). */
  reprintOf: z.string().optional(),
  error: DeviceErrorReportSchema.optional(),
  warnings: z.array(z.string()),
});
/** One job as the ledger keeps it (and as its file stores it). */
export type PrintJobRecord = z.infer<typeof recordSchema>;

export interface SubmitRequest {
  /** Stable id of what is printed, e.g. `receipt:2026-000123`. */
  id: string;
  kind: PrintJobKind;
  number: string;
  markup: string;
}

/** Where the ledger keeps its records: the whole set, saved after every change. */
export interface JobStore {
  load(): Promise<PrintJobRecord[]>;
  save(records: readonly PrintJobRecord[]): Promise<void>;
}

const fileSchema = z.object({ version: z.literal(1), jobs: z.array(recordSchema) });

const clone = (r: PrintJobRecord): PrintJobRecord => structuredClone(r);

export class MemoryJobStore implements JobStore {
  private records: PrintJobRecord[] = [];
  saves = 0;
  async load(): Promise<PrintJobRecord[]> {
    return this.records.map(clone);
  }
  async save(records: readonly PrintJobRecord[]): Promise<void> {
    this.saves++;
    this.records = records.map(clone);
  }
}

/**
 * A JSON file, replaced atomically on every save: write a temp file beside it, fsync, rename over the old
 * one, fsync the folder. A crash leaves either the old or the new file, never half of one. A file that does
 * not parse is an error, not an empty ledger: starting empty would forget jobs that were SENT.
 */
export class JsonFileJobStore implements JobStore {
  private seq = 0;
  constructor(readonly file: string) {}

  async load(): Promise<PrintJobRecord[]> {
    await this.removeStaleTemps();
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`print job ledger ${path.basename(this.file)} is not a valid ledger file`);
    return parsed.data.jobs;
  }

  async save(records: readonly PrintJobRecord[]): Promise<void> {
    const tmp = `${this.file}.${process.pid}.${++this.seq}.tmp`;
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ version: 1, jobs: records }));
      await handle.sync();
    } finally {
      await handle.close();
    }
    // On Windows a virus scanner can hold the target briefly: retry the replace a few times.
    for (let attempt = 0; ; attempt++) {
      try {
        await rename(tmp, this.file);
        break;
      } catch (error) {
        if (attempt >= 4 || (error as NodeJS.ErrnoException).code !== 'EPERM') {
          await unlink(tmp).catch(() => undefined);
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
      }
    }
    await this.syncDir();
  }

  private async syncDir(): Promise<void> {
    // Makes the rename itself durable. Not possible on Windows (EISDIR/EPERM): best effort.
    try {
      const dir = await open(path.dirname(this.file), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch {
      /* best effort */
    }
  }

  private async removeStaleTemps(): Promise<void> {
    const base = path.basename(this.file);
    let names: string[];
    try {
      names = await readdir(path.dirname(this.file));
    } catch {
      return;
    }
    for (const name of names) if (name.startsWith(`${base}.`) && name.endsWith('.tmp')) await unlink(path.join(path.dirname(this.file), name)).catch(() => undefined);
  }
}

export interface LedgerOptions {
  now?: () => Date;
  /** Automatic attempts per job before retryFailed leaves it to staff (default 3). */
  maxAutoAttempts?: number;
}

function errorOf(result: PrintResult): PrintJobRecord['error'] {
  return result.error ? { code: result.error.code, params: { ...result.error.params } } : undefined;
}

export class PrintJobLedger {
  private readonly records = new Map<string, PrintJobRecord>();
  private readonly inFlight = new Set<string>();
  private saving: Promise<void> = Promise.resolve();
  private readonly now: () => Date;
  private readonly maxAutoAttempts: number;

  private constructor(
    private readonly store: JobStore,
    options: LedgerOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.maxAutoAttempts = options.maxAutoAttempts ?? 3;
  }

  /** Loads the ledger; jobs left SENT by a previous process become UNKNOWN (and are saved so). */
  static async open(store: JobStore, options: LedgerOptions = {}): Promise<PrintJobLedger> {
    const ledger = new PrintJobLedger(store, options);
    let changed = false;
    for (const record of await store.load()) {
      if (record.state === 'SENT') {
        record.state = 'UNKNOWN';
        record.error = { code: 'print_outcome_unknown', params: { cause: 'restart' } };
        record.updatedAt = ledger.now().toISOString();
        changed = true;
      }
      ledger.records.set(record.id, record);
    }
    if (changed) await ledger.persist();
    return ledger;
  }

  get(id: string): PrintJobRecord | undefined {
    const record = this.records.get(id);
    return record && clone(record);
  }

  list(): PrintJobRecord[] {
    return [...this.records.values()].map(clone);
  }

  /** Records a job as QUEUED; the same id again returns the existing job (created: false), never a second one. */
  async submit(request: SubmitRequest): Promise<{ record: PrintJobRecord; created: boolean }> {
    const existing = this.records.get(request.id);
    if (existing) {
      if (existing.kind !== request.kind || existing.number !== request.number) throw new RangeError('print job id reused for a different document');
      return { record: clone(existing), created: false };
    }
    const at = this.now().toISOString();
    const record: PrintJobRecord = { ...request, state: 'QUEUED', attempts: 0, createdAt: at, updatedAt: at, warnings: [] };
    this.records.set(record.id, record);
    await this.persist();
    return { record: clone(record), created: true };
  }

  /**
   * Prints a QUEUED job, or retries a FAILED_BEFORE_SEND one. A job that is SENT (in flight) or CONFIRMED is
   * returned as it is: never printed twice. An UNKNOWN job throws print_outcome_unknown: only staff decide.
   */
  async print(id: string, printer: JobPrinter): Promise<PrintJobRecord> {
    const record = this.records.get(id);
    if (!record) throw new RangeError('no such print job');
    if (record.state === 'UNKNOWN') throw new DeviceError('print_outcome_unknown', { state: 'UNKNOWN' }, 'staff must check and reprint');
    if (record.state === 'CONFIRMED' || record.state === 'SENT' || this.inFlight.has(id)) return clone(record);
    this.inFlight.add(id);
    const before = record.state;
    // Read through a function: the state changes inside beforeSend, which TypeScript's narrowing cannot see.
    const current = (): PrintJobState => record.state;
    try {
      record.attempts++;
      let result: PrintResult;
      try {
        result = await printer(record.markup, {
          beforeSend: async () => {
            record.state = 'SENT';
            record.updatedAt = this.now().toISOString();
            try {
              await this.persist();
            } catch (error) {
              record.state = before; // not recorded, so not sent: printJob stops before the first byte
              throw error;
            }
          },
        });
      } catch (error) {
        // A printer that throws after SENT has an unknown outcome; before SENT the state is already reverted.
        if (current() === 'SENT') {
          this.settle(record, 'UNKNOWN', { code: 'print_outcome_unknown', params: { cause: 'host_error' } }, []);
          await this.persist();
        }
        throw error;
      }
      const state: PrintJobState =
        result.outcome === 'confirmed' ? 'CONFIRMED' : result.outcome === 'failed_before_send' && current() !== 'SENT' ? 'FAILED_BEFORE_SEND' : 'UNKNOWN';
      this.settle(record, state, errorOf(result), result.warnings);
      await this.persist();
      return clone(record);
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** submit + print, the usual call: a repeat of the same id prints nothing and returns the first job. */
  async submitAndPrint(request: SubmitRequest, printer: JobPrinter): Promise<{ record: PrintJobRecord; printed: boolean }> {
    const { record } = await this.submit(request);
    if (record.state !== 'QUEUED') return { record, printed: false };
    return { record: await this.print(record.id, printer), printed: true };
  }

  /**
   * The automatic retry: FAILED_BEFORE_SEND jobs under the attempt limit, and nothing else. (QUEUED jobs left by
   * a restart are the host's call: a queue ticket from an hour ago should not suddenly come out.)
   */
  async retryFailed(printer: JobPrinter): Promise<PrintJobRecord[]> {
    const due = [...this.records.values()].filter((r) => r.state === 'FAILED_BEFORE_SEND' && r.attempts < this.maxAutoAttempts && !this.inFlight.has(r.id));
    const out: PrintJobRecord[] = [];
    for (const r of due) out.push(await this.print(r.id, printer));
    return out;
  }

  /**
   * Staff reprint of a CONFIRMED or UNKNOWN job: a new QUEUED job `newId`, linked to the original, whose
   * markup is the first print's with the REPRINT mark. Repeating the same newId returns the same job.
   */
  async reprint(originalId: string, newId: string): Promise<PrintJobRecord> {
    const existing = this.records.get(newId);
    if (existing) {
      if (existing.reprintOf !== originalId) throw new RangeError('reprint id already used');
      return clone(existing);
    }
    const original = this.records.get(originalId);
    if (!original) throw new RangeError('no such print job');
    if (original.state !== 'CONFIRMED' && original.state !== 'UNKNOWN') {
      throw new RangeError(`only a CONFIRMED or UNKNOWN job is reprinted (this one is ${original.state})`);
    }
    let root = original;
    for (let hops = 0; root.reprintOf !== undefined && hops < 100; hops++) root = this.records.get(root.reprintOf) ?? root;
    const at = this.now();
    const markup = withReprintMark(root.markup, { originalNumber: root.number, reprintedAt: at.toISOString() });
    const record: PrintJobRecord = {
      id: newId,
      kind: original.kind,
      number: original.number,
      markup,
      state: 'QUEUED',
      attempts: 0,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      reprintOf: originalId,
      warnings: [],
    };
    this.records.set(newId, record);
    await this.persist();
    return clone(record);
  }

  /** Drops finished jobs (CONFIRMED, FAILED_BEFORE_SEND) last changed before `before`; UNKNOWN stays for staff. */
  async prune(before: Date): Promise<number> {
    let removed = 0;
    for (const [id, r] of this.records) {
      if ((r.state === 'CONFIRMED' || r.state === 'FAILED_BEFORE_SEND') && r.updatedAt < before.toISOString() && !this.inFlight.has(id)) {
        this.records.delete(id);
        removed++;
      }
    }
    if (removed > 0) await this.persist();
    return removed;
  }

  private settle(record: PrintJobRecord, state: PrintJobState, error: PrintJobRecord['error'], warnings: readonly string[]): void {
    record.state = state;
    record.updatedAt = this.now().toISOString();
    if (error) record.error = error;
    else delete record.error;
    record.warnings = [...warnings];
  }

  /** Saves are serialised: each writes the state at its turn, so the file never goes back in time. */
  private persist(): Promise<void> {
    const next = this.saving.then(() => this.store.save([...this.records.values()]));
    this.saving = next.catch(() => undefined);
    return next;
  }
}
