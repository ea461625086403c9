import type { DevicesView } from '../../../../shared/contract/views';
import { DeviceError, isDeviceError } from '../../../../shared/devices/errors';
import type { PrintJobSummary, PrintRequest } from '../port';
import type { PrinterStatus } from '../print/escpos-status';
import type { PrintJobLedger, PrintJobRecord } from '../print/job-ledger';
import { escposJobPrinter, readPrinterStatus, type JobPrinter } from '../print/printer';
import type { PrinterProfile } from '../print/receipt';
import type { PrinterAddress } from '../print/transport';
import type { PrinterPort } from './station';

export function summaryOf(record: PrintJobRecord): PrintJobSummary {
  return {
    jobId: record.id,
    kind: record.kind,
    number: record.number,
    state: record.state,
    reprintOf: record.reprintOf ?? null,
    warnings: [...record.warnings],
    error: record.error ? { code: record.error.code, params: { ...record.error.params } } : null,
  };
}

function statusOf(status: PrinterStatus): DevicesView['printer']['status'] {
  if (!status.online && !status.coverOpen && !status.paperEnd && !status.error) return 'offline';
  if (status.coverOpen) return 'cover_open';
  if (status.paperEnd) return 'paper_out';
  if (status.error) return 'error';
  return status.paperNearEnd ? 'paper_near_end' : 'ready';
}

/**
 * An ESC/POS receipt printer behind the station: every job goes through the no-loss ledger (one print per
 * job id, only jobs that failed before sending are retried, reprints marked), and the printer's status is
 * looked at after every job and on request, so the staff window shows paper-near-end before it runs out.
 */
export class EscPosPrinterPort implements PrinterPort {
  private status: DevicesView['printer']['status'] = 'unknown';
  private readonly listeners = new Set<() => void>();
  private readonly printer: JobPrinter;

  constructor(
    private readonly options: {
      driver: 'escpos' | 'simulator';
      address: PrinterAddress;
      /** Shown to staff and IT (e.g. tcp://192.0.2.10:9100). */
      addressText: string;
      ledger: PrintJobLedger;
      profile: Partial<PrinterProfile>;
      completionTimeoutMs?: number;
    },
  ) {
    this.printer = escposJobPrinter(options.address, { profile: options.profile, ...(options.completionTimeoutMs ? { completionTimeoutMs: options.completionTimeoutMs } : {}) });
  }

  state(): DevicesView['printer'] {
    return {
      status: this.status,
      driver: this.options.driver,
      address: this.options.addressText,
      unknownJobs: this.options.ledger.list().filter((job) => job.state === 'UNKNOWN').length,
    };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks the printer for its status (status requests only; prints nothing). */
  async refresh(): Promise<DevicesView['printer']['status']> {
    try {
      this.setStatus(statusOf(await readPrinterStatus(this.options.address)));
    } catch (error) {
      if (!isDeviceError(error)) throw error;
      this.setStatus('offline');
    }
    return this.status;
  }

  async print(request: PrintRequest): Promise<PrintJobSummary> {
    const submitted = await this.options.ledger.submitAndPrint({ id: request.jobId, kind: request.kind, number: request.number, markup: request.markup }, this.printer);
    // Staff pressed print again after the printer refused (paper out, cover open): nothing was printed, so
    // the same job may go again. CONFIRMED and UNKNOWN never do (only a marked reprint).
    let record = submitted.record;
    if (!submitted.printed && record.state === 'FAILED_BEFORE_SEND') record = await this.options.ledger.print(record.id, this.printer);
    await this.refresh();
    return summaryOf(record);
  }

  async reprint(originalJobId: string, newJobId: string): Promise<PrintJobSummary> {
    let queued: PrintJobRecord;
    try {
      queued = await this.options.ledger.reprint(originalJobId, newJobId);
    } catch (error) {
      if (error instanceof RangeError) throw new DeviceError('printer_error', { reason: 'not_reprintable' }, error.message);
      throw error;
    }
    const record = queued.state === 'QUEUED' ? await this.options.ledger.print(newJobId, this.printer) : queued;
    await this.refresh();
    return summaryOf(record);
  }

  job(jobId: string): PrintJobSummary | null {
    const record = this.options.ledger.get(jobId);
    return record ? summaryOf(record) : null;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private setStatus(status: DevicesView['printer']['status']): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.listeners) listener();
  }
}
