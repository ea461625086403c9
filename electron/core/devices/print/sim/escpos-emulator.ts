import net from 'node:net';
import { EscPosParser, REALTIME_OPS, type EscPosCommand } from './escpos-parser';
import { PaperModel, type PrintedLine, type RasterRecord } from './paper-model';

/**
 * A Japanese-market ESC/POS thermal printer on 127.0.0.1, for tests, the benchmark and local development
 * (no public emulator scripts error states such as cover open or paper end mid-job, so we keep our own).
 *
 * Model: bytes arrive in a receive buffer; real-time commands (DLE EOT, DLE ENQ) are answered the moment they
 * arrive, even while printing is stopped; everything else is executed in order by the "print mechanism",
 * which stops while the cover is open, the paper is out, an error is set or the printer is offline, and
 * resumes when the fault clears (the same receipt continues: the "resume" recovery, not DLE ENQ 2's "clear"). ASB
 * (GS a) answers at once and again on every status change; GS r 1 and GS ( H fn 48 answer when the
 * mechanism reaches them, i.e. after everything before them was printed.
 *
 * Each TCP connection is one job. Its paper (decoded text lines, raster blocks with their sizes, barcode and
 * QR placeholders, cuts) is in `job.lines` / `job.text()` / `job.renderPng()`.
 *
 * Faults can be switched at any moment with `setFaults`, or armed to strike in the middle of a job with
 * `scheduleFault` (after N printed lines / raster blocks / commands), which makes mid-job tests
 * deterministic without racing timers.
 */

export type EmulatedErrorKind = 'cutter' | 'unrecoverable' | 'recoverable' | 'overheat';

export interface EmulatorFaults {
  paperOut: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  /** 'silent': answers nothing and prints nothing. 'drop': closes every connection, and new ones at once. */
  offline: false | 'silent' | 'drop';
  error: EmulatedErrorKind | null;
}

export interface FaultTrigger {
  afterLines?: number;
  afterRasters?: number;
  afterCommands?: number;
}

export interface EmulatorOptions {
  /** 0 (default) = an ephemeral port. The emulator only ever listens on 127.0.0.1. */
  port?: number;
  widthDots?: number;
  /** Delay before the GS r / GS ( H reply once reached (a slow mechanism). Default 0. */
  completionDelayMs?: number;
  /** Time the mechanism takes per printed line or raster block. Default 0. */
  lineDelayMs?: number;
  /** Received bytes kept per job for inspection (default 32 MiB). */
  maxRecordedBytes?: number;
}

const NO_FAULTS: EmulatorFaults = { paperOut: false, coverOpen: false, paperNearEnd: false, offline: false, error: null };

export class EmulatedJob {
  readonly paper: PaperModel;
  bytesReceived = 0;
  commandsExecuted = 0;
  /** The GS r 1 end-of-job marker was reached (everything before it printed) and answered. */
  completed = false;
  closed = false;
  /** Closed by an injected 'drop' fault. */
  dropped = false;
  private chunks: Buffer[] = [];
  private recorded = 0;

  constructor(
    readonly id: number,
    widthDots: number,
    private readonly maxRecorded: number,
  ) {
    this.paper = new PaperModel(widthDots);
  }

  get lines(): readonly PrintedLine[] {
    return this.paper.lines;
  }

  get rasters(): readonly RasterRecord[] {
    return this.paper.rasters;
  }

  /** Text lines as printed, other content as placeholders ([raster 576x37], [barcode CODE128 …], [qr …], [cut]). */
  text(): string {
    return this.paper.toText();
  }

  textLines(): string[] {
    return this.paper.lines.flatMap((l) => (l.kind === 'text' ? [l.text] : []));
  }

  renderPng(): Buffer {
    return this.paper.renderPng();
  }

  /** Every byte the host sent on this connection (up to the recording limit). */
  received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  record(chunk: Buffer): void {
    this.bytesReceived += chunk.length;
    if (this.recorded >= this.maxRecorded) return;
    const part = chunk.subarray(0, this.maxRecorded - this.recorded);
    this.chunks.push(Buffer.from(part));
    this.recorded += part.length;
  }
}

/** One connection: its parser, its receive buffer of not yet printed commands, its ASB setting. */
class Session {
  readonly parser = new EscPosParser();
  queue: EscPosCommand[] = [];
  waiting = false;
  headDelayed = false;
  asbMask = 0;
  lastAsb: string | null = null;

  constructor(
    readonly emulator: EscPosEmulator,
    readonly socket: net.Socket,
    readonly job: EmulatedJob,
  ) {}

  send(bytes: number[]): void {
    if (this.emulator.faults.offline === 'silent' || this.job.closed || this.socket.destroyed) return;
    this.socket.write(Uint8Array.from(bytes));
  }

  sendAsb(force: boolean): void {
    if (this.asbMask === 0) return;
    const bytes = this.emulator.asbBytes();
    const key = bytes.join(',');
    if (!force && key === this.lastAsb) return;
    if (this.emulator.faults.offline === 'silent') return; // silent: nothing reported, so a later change is news
    this.lastAsb = key;
    this.send(bytes);
  }
}

export class EscPosEmulator {
  readonly jobs: EmulatedJob[] = [];
  private server: net.Server;
  private sessions = new Set<Session>();
  private timers = new Set<NodeJS.Timeout>();
  private current: EmulatorFaults = { ...NO_FAULTS };
  private triggers: { trigger: FaultTrigger; faults: Partial<EmulatorFaults>; fired: boolean }[] = [];
  private jobWaiters: { count: number; resolve: () => void }[] = [];
  private completionDelayMs: number;
  private lineDelayMs: number;
  private closedDown = false;
  readonly port: number;
  readonly host = '127.0.0.1';

  private constructor(
    server: net.Server,
    port: number,
    private readonly options: EmulatorOptions,
  ) {
    this.server = server;
    this.port = port;
    this.completionDelayMs = options.completionDelayMs ?? 0;
    this.lineDelayMs = options.lineDelayMs ?? 0;
  }

  static async start(options: EmulatorOptions = {}): Promise<EscPosEmulator> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // Loopback only, always: the emulator must never be reachable from the counter network.
      server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('emulator: no TCP address');
    const emulator = new EscPosEmulator(server, address.port, options);
    server.on('connection', (socket) => emulator.accept(socket));
    return emulator;
  }

  /** The printer address for `parsePrinterAddress`. */
  get url(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  get faults(): Readonly<EmulatorFaults> {
    return this.current;
  }

  /** Jobs that put anything on paper. */
  printedJobs(): EmulatedJob[] {
    return this.jobs.filter((job) => job.lines.length > 0);
  }

  setCompletionDelay(ms: number): void {
    this.completionDelayMs = ms;
  }

  setLineDelay(ms: number): void {
    this.lineDelayMs = ms;
  }

  /** Switches faults now; status changes are reported by ASB, and printing resumes when they clear. */
  setFaults(change: Partial<EmulatorFaults>): void {
    this.current = { ...this.current, ...change };
    if (this.current.offline === 'drop') {
      // Like a power cycle or a link reset: connections go, and what was not printed yet is lost.
      for (const session of this.sessions) {
        if (!session.job.closed) session.job.dropped = true;
        session.queue = [];
        session.socket.destroy();
      }
    }
    for (const session of this.sessions) session.sendAsb(false);
    for (const session of [...this.sessions]) this.pump(session);
  }

  /** Arms a fault that strikes when a job reaches the trigger (counted per job); fires once. */
  scheduleFault(trigger: FaultTrigger, faults: Partial<EmulatorFaults>): void {
    this.triggers.push({ trigger, faults, fired: false });
  }

  clearFaults(): void {
    this.triggers = [];
    this.setFaults({ ...NO_FAULTS });
  }

  /** Resolves once at least `count` connections have closed (bounded by `timeoutMs`). */
  async waitForClosedJobs(count: number, timeoutMs = 5000): Promise<EmulatedJob[]> {
    const closed = () => this.jobs.filter((job) => job.closed);
    if (closed().length >= count) return closed();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`emulator: ${count} closed jobs not seen in ${timeoutMs} ms`)), timeoutMs);
      this.jobWaiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
    return closed();
  }

  async close(): Promise<void> {
    this.closedDown = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const session of this.sessions) session.socket.destroy();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- status bytes -------------------------------------------------------------------------------------

  private get offlineNow(): boolean {
    const f = this.current;
    return f.paperOut || f.coverOpen || f.error !== null || f.offline !== false;
  }

  private get nearEndSensor(): boolean {
    return this.current.paperNearEnd || this.current.paperOut;
  }

  private errorBits(): number {
    switch (this.current.error) {
      case 'recoverable':
        return 0x04;
      case 'cutter':
        return 0x08;
      case 'unrecoverable':
        return 0x20;
      case 'overheat':
        return 0x40;
      default:
        return 0;
    }
  }

  /** The 1-byte DLE EOT n reply (pattern 0xx1xx10). */
  dleEotByte(n: number): number | null {
    const f = this.current;
    switch (n) {
      case 1:
        return 0x12 | (this.offlineNow ? 0x08 : 0) | (f.error !== null ? 0x20 : 0);
      case 2:
        return 0x12 | (f.coverOpen ? 0x04 : 0) | (f.paperOut ? 0x20 : 0) | (f.error !== null ? 0x40 : 0);
      case 3:
        return 0x12 | this.errorBits();
      case 4:
        return 0x12 | (this.nearEndSensor ? 0x0c : 0) | (f.paperOut ? 0x60 : 0);
      default:
        return null; // other n (ink, slip…) are not answered by a roll-paper thermal model
    }
  }

  /** The 4-byte ASB frame. */
  asbBytes(): number[] {
    const f = this.current;
    return [0x10 | (this.offlineNow ? 0x08 : 0) | (f.coverOpen ? 0x20 : 0), this.errorBits(), (this.nearEndSensor ? 0x03 : 0) | (f.paperOut ? 0x0c : 0), 0x00];
  }

  private paperSensorByte(): number {
    return (this.nearEndSensor ? 0x03 : 0) | (this.current.paperOut ? 0x0c : 0);
  }

  // ---- connections --------------------------------------------------------------------------------------

  private accept(socket: net.Socket): void {
    const job = new EmulatedJob(this.jobs.length + 1, this.options.widthDots ?? 576, this.options.maxRecordedBytes ?? 32 << 20);
    this.jobs.push(job);
    if (this.current.offline === 'drop' || this.closedDown) {
      job.dropped = true;
      job.closed = true;
      socket.destroy();
      this.notifyClosed();
      return;
    }
    const session = new Session(this, socket, job);
    this.sessions.add(session);
    socket.on('data', (chunk: Buffer) => this.receive(session, chunk));
    socket.on('error', () => undefined); // a reset by the host is a normal end of a job here
    socket.on('close', () => {
      job.closed = true;
      // The mechanism keeps printing what is in the receive buffer after the host hangs up.
      if (session.queue.length === 0 && !session.waiting) this.sessions.delete(session);
      this.notifyClosed();
    });
  }

  private notifyClosed(): void {
    const closed = this.jobs.filter((job) => job.closed).length;
    this.jobWaiters = this.jobWaiters.filter((waiter) => {
      if (closed < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  }

  private receive(session: Session, chunk: Buffer): void {
    if (this.current.offline === 'drop') {
      session.socket.destroy();
      return;
    }
    session.job.record(chunk);
    for (const cmd of session.parser.push(chunk)) {
      if (REALTIME_OPS.has(cmd.op)) this.realtime(session, cmd);
      else session.queue.push(cmd);
    }
    this.pump(session);
  }

  private realtime(session: Session, cmd: EscPosCommand): void {
    if (cmd.op === 'rt-status') {
      const byte = this.dleEotByte(cmd.n);
      if (byte !== null) session.send([byte]);
    } else if (cmd.op === 'rt-recover' && (cmd.n === 1 || cmd.n === 2)) {
      if (this.current.error !== null && this.current.error !== 'unrecoverable') this.current = { ...this.current, error: null };
      if (cmd.n === 2) session.queue = []; // clear receive and print buffers: the job is gone
      for (const s of this.sessions) s.sendAsb(false);
      queueMicrotask(() => {
        for (const s of [...this.sessions]) this.pump(s);
      });
    }
  }

  private delayFor(cmd: EscPosCommand): number {
    switch (cmd.op) {
      case 'status-request':
      case 'process-id':
        return this.completionDelayMs;
      case 'lf':
      case 'raster':
      case 'graphics-print':
        return this.lineDelayMs;
      default:
        return 0;
    }
  }

  private pump(session: Session): void {
    while (!session.waiting && session.queue.length > 0 && !this.offlineNow && !this.closedDown) {
      const cmd = session.queue[0] as EscPosCommand;
      const delay = this.delayFor(cmd);
      if (delay > 0 && !session.headDelayed) {
        session.headDelayed = true;
        session.waiting = true;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          session.waiting = false;
          this.pump(session);
        }, delay);
        this.timers.add(timer);
        return;
      }
      session.queue.shift();
      session.headDelayed = false;
      this.execute(session, cmd);
      this.checkTriggers(session.job);
    }
    if (session.job.closed && session.queue.length === 0 && !session.waiting) this.sessions.delete(session);
  }

  private execute(session: Session, cmd: EscPosCommand): void {
    session.job.commandsExecuted++;
    switch (cmd.op) {
      case 'asb':
        session.asbMask = cmd.n;
        session.lastAsb = null;
        session.sendAsb(true);
        return;
      case 'status-request':
        if (cmd.n === 1 || cmd.n === 49) {
          session.job.completed = true;
          session.send([this.paperSensorByte()]);
        } else if (cmd.n === 2 || cmd.n === 50 || cmd.n === 4 || cmd.n === 52) session.send([0x00]);
        return;
      case 'process-id':
        session.job.completed = true;
        session.send([0x37, 0x22, ...cmd.id, 0x00]);
        return;
      case 'printer-id':
        if (cmd.n >= 1 && cmd.n <= 3) session.send([[0x20, 0x02, 0x01][cmd.n - 1] as number]);
        else if (cmd.n >= 49 && cmd.n <= 51) session.send([[0x20, 0x02, 0x01][cmd.n - 49] as number]);
        return;
      default:
        session.job.paper.apply(cmd);
    }
  }

  private checkTriggers(job: EmulatedJob): void {
    for (const armed of this.triggers) {
      if (armed.fired) continue;
      const t = armed.trigger;
      const hit =
        (t.afterLines !== undefined && job.lines.length >= t.afterLines) ||
        (t.afterRasters !== undefined && job.rasters.length >= t.afterRasters) ||
        (t.afterCommands !== undefined && job.commandsExecuted >= t.afterCommands);
      if (hit) {
        armed.fired = true;
        this.setFaults(armed.faults);
      }
    }
  }
}
