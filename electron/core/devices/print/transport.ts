import { constants as fsConstants } from 'node:fs';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import net from 'node:net';
import { DeviceError } from '../../../../shared/devices/errors';

/**
 * How bytes reach a receipt printer: raw TCP to port 9100 (preferred on municipal
 * PCs), a serial / virtual COM port, or the Linux USB printer class device. One connection per job: the job
 * protocol (printer.ts) opens, checks status, prints, waits for completion and closes; nothing is pooled,
 * because a connection that was fine for the last customer proves nothing about paper now.
 *
 * Addresses are URLs so a workstation setting is one string:
 *   tcp://192.0.2.10:9100            (port defaults to 9100)
 *   serial:///dev/ttyUSB0?baudRate=38400&rtscts=true   serial://COM3?baudRate=19200 on Windows
 *   usb:///dev/usb/lp0                (Linux usblp; read back works on bidirectional printers)
 */

export type PrinterAddress =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'serial'; path: string; baudRate: number; rtscts: boolean }
  | { kind: 'usb'; path: string };

/** A duplex byte link to one printer. */
export interface PrinterConnection {
  /** e.g. "tcp 192.0.2.10:9100" — a device address, never resident data. */
  readonly description: string;
  /** Resolves when the bytes were handed to the OS (not when printed: only the printer's reply says that). */
  write(data: Uint8Array): Promise<void>;
  /** Chunks received before the first listener are kept and delivered to it. Returns an unsubscribe. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** The link closed (by us, by the printer, or by an error). Called once. */
  onClose(listener: (error?: DeviceError) => void): () => void;
  readonly closed: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Give up connecting after this long (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Serial ports come from here (tests pass serialport's SerialPortMock). Default: `serialport`'s SerialPort. */
  serialPortFactory?: SerialPortFactory;
  /** usb: how often to poll the device for replies (default 20 ms). */
  usbPollMs?: number;
}

const BAUD_RATES = new Set([1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400]);

function badAddress(reason: string): DeviceError {
  return new DeviceError('printer_offline', { reason: 'bad_address' }, reason);
}

/** Parses a printer URL; a malformed one is `printer_offline` (reason bad_address): it cannot be reached. */
export function parsePrinterAddress(url: string): PrinterAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw badAddress('not a URL');
  }
  switch (u.protocol) {
    case 'tcp:': {
      const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
      const port = u.port === '' ? 9100 : Number(u.port);
      if (host === '' || !Number.isInteger(port) || port < 1 || port > 65535) throw badAddress('tcp needs host and port 1–65535');
      if (u.pathname !== '' && u.pathname !== '/') throw badAddress('tcp address has a path');
      return { kind: 'tcp', host, port };
    }
    case 'serial:': {
      // serial:///dev/ttyUSB0 (path) or serial://COM3 (Windows port name as host; case kept: not a special scheme)
      const path = u.hostname !== '' ? u.hostname : decodeURIComponent(u.pathname);
      const baudRate = Number(u.searchParams.get('baudRate') ?? '9600');
      if (path === '' || path === '/') throw badAddress('serial needs a port');
      if (!BAUD_RATES.has(baudRate)) throw badAddress('unsupported baud rate');
      const rtscts = u.searchParams.get('rtscts');
      if (rtscts !== null && rtscts !== 'true' && rtscts !== 'false') throw badAddress('rtscts must be true or false');
      return { kind: 'serial', path, baudRate, rtscts: rtscts === 'true' };
    }
    case 'usb:': {
      const path = decodeURIComponent(u.pathname);
      if (u.hostname !== '' || !path.startsWith('/dev/')) throw badAddress('usb needs a /dev path');
      return { kind: 'usb', path };
    }
    default:
      throw badAddress('unknown scheme');
  }
}

export function describeAddress(address: PrinterAddress): string {
  switch (address.kind) {
    case 'tcp':
      return `tcp ${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
    case 'serial':
      return `serial ${address.path}@${address.baudRate}`;
    case 'usb':
      return `usb ${address.path}`;
  }
}

/** Listener bookkeeping shared by the three transports: buffering before the first reader, close once. */
class LinkEvents {
  private dataListeners = new Set<(chunk: Uint8Array) => void>();
  private closeListeners = new Set<(error?: DeviceError) => void>();
  private early: Uint8Array[] = [];
  closed = false;
  private closeError: DeviceError | undefined;

  data(chunk: Uint8Array): void {
    if (this.closed) return;
    if (this.dataListeners.size === 0) this.early.push(chunk);
    else for (const l of [...this.dataListeners]) l(chunk);
  }

  close(error?: DeviceError): void {
    if (this.closed) return;
    this.closed = true;
    this.closeError = error;
    for (const l of [...this.closeListeners]) l(error);
    this.closeListeners.clear();
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    const early = this.early;
    this.early = [];
    for (const chunk of early) listener(chunk);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error?: DeviceError) => void): () => void {
    if (this.closed) {
      queueMicrotask(() => listener(this.closeError));
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }
}

function linkLost(detail: string): DeviceError {
  return new DeviceError('printer_offline', { reason: 'link_lost' }, detail);
}

async function openTcp(address: Extract<PrinterAddress, { kind: 'tcp' }>, timeoutMs: number): Promise<PrinterConnection> {
  const events = new LinkEvents();
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.createConnection({ host: address.host, port: address.port });
    const timer = setTimeout(() => {
      s.destroy();
      reject(new DeviceError('printer_offline', { reason: 'connect_timeout' }));
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new DeviceError('printer_offline', { reason: 'connect_failed' }, error.code ?? 'socket error'));
    });
  });
  socket.setNoDelay(true);
  let closing = false;
  let lastError: DeviceError | undefined;
  socket.on('data', (chunk: Buffer) => events.data(chunk));
  socket.on('error', (error: NodeJS.ErrnoException) => {
    lastError = linkLost(error.code ?? 'socket error');
  });
  // A printer that closes its side (or vanishes) ends the link; we never half-keep a TCP job open.
  socket.on('end', () => socket.destroy());
  socket.on('close', () => events.close(lastError ?? (closing ? undefined : linkLost('closed by peer'))));
  return {
    description: describeAddress(address),
    get closed() {
      return events.closed;
    },
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        if (events.closed || socket.destroyed) return reject(linkLost('write after close'));
        socket.write(data, (error) => (error ? reject(linkLost('write failed')) : resolve()));
      }),
    onData: (l) => events.onData(l),
    onClose: (l) => events.onClose(l),
    close: () =>
      new Promise<void>((resolve) => {
        if (events.closed) return resolve();
        closing = true;
        events.onClose(() => resolve());
        socket.end();
        // A printer that never answers our FIN must not hold the job: force it after a second.
        setTimeout(() => socket.destroy(), 1000).unref();
      }),
  };
}

/** The part of serialport's SerialPort we use (SerialPortMock has the same shape). */
export interface SerialPortLike {
  open(callback: (error: Error | null) => void): void;
  write(data: Uint8Array): boolean;
  drain(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close' | 'error', listener: (error?: Error | null) => void): unknown;
  readonly isOpen: boolean;
}

export type SerialPortFactory = (options: { path: string; baudRate: number; rtscts: boolean; autoOpen: false }) => SerialPortLike;

async function defaultSerialFactory(): Promise<SerialPortFactory> {
  // Loaded on demand: serialport brings a native binding that TCP-only sites never need.
  const { SerialPort } = await import('serialport');
  return (options) => new SerialPort(options) as unknown as SerialPortLike;
}

async function openSerial(address: Extract<PrinterAddress, { kind: 'serial' }>, options: OpenOptions): Promise<PrinterConnection> {
  const factory = options.serialPortFactory ?? (await defaultSerialFactory());
  const events = new LinkEvents();
  const port = factory({ path: address.path, baudRate: address.baudRate, rtscts: address.rtscts, autoOpen: false });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeviceError('printer_offline', { reason: 'connect_timeout' })), options.connectTimeoutMs ?? 5000);
    port.open((error) => {
      clearTimeout(timer);
      if (error) reject(new DeviceError('printer_offline', { reason: 'connect_failed' }, 'serial open failed'));
      else resolve();
    });
  });
  let closing = false;
  port.on('data', (chunk: Buffer) => events.data(chunk));
  port.on('error', () => events.close(linkLost('serial error')));
  port.on('close', () => events.close(closing ? undefined : linkLost('serial closed')));
  return {
    description: describeAddress(address),
    get closed() {
      return events.closed;
    },
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        if (events.closed) return reject(linkLost('write after close'));
        port.write(data);
        port.drain((error) => (error ? reject(linkLost('serial write failed')) : resolve()));
      }),
    onData: (l) => events.onData(l),
    onClose: (l) => events.onClose(l),
    close: () =>
      new Promise<void>((resolve) => {
        if (events.closed) return resolve();
        closing = true;
        port.close(() => {
          events.close();
          resolve();
        });
      }),
  };
}

function isTransient(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function openUsb(address: Extract<PrinterAddress, { kind: 'usb' }>, options: OpenOptions): Promise<PrinterConnection> {
  if (process.platform !== 'linux' || fsConstants.O_NONBLOCK === undefined) {
    throw new DeviceError('printer_offline', { reason: 'unsupported' }, 'usb:// is the Linux usblp device; use a virtual COM port elsewhere');
  }
  let handle: FileHandle;
  try {
    // Non-blocking: a blocking read on usblp would pin a libuv pool thread until the printer speaks.
    handle = await openFile(address.path, fsConstants.O_RDWR | fsConstants.O_NONBLOCK);
  } catch (error) {
    throw new DeviceError('printer_offline', { reason: 'connect_failed' }, (error as NodeJS.ErrnoException).code ?? 'open failed');
  }
  const events = new LinkEvents();
  const pollMs = options.usbPollMs ?? 20;
  let stopped = false;
  const buffer = Buffer.alloc(256);
  const readLoop = async () => {
    while (!stopped) {
      try {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead > 0) {
          events.data(Buffer.from(buffer.subarray(0, bytesRead)));
          continue;
        }
      } catch (error) {
        if (!isTransient(error)) {
          stopped = true;
          events.close(linkLost('usb read failed'));
          await handle.close().catch(() => undefined);
          return;
        }
      }
      await sleep(pollMs);
    }
  };
  void readLoop();
  return {
    description: describeAddress(address),
    get closed() {
      return events.closed;
    },
    write: async (data) => {
      if (events.closed) throw linkLost('write after close');
      let offset = 0;
      while (offset < data.length) {
        try {
          const { bytesWritten } = await handle.write(data, offset, data.length - offset, null);
          offset += bytesWritten;
        } catch (error) {
          if (!isTransient(error)) throw linkLost('usb write failed');
          await sleep(5);
        }
      }
    },
    onData: (l) => events.onData(l),
    onClose: (l) => events.onClose(l),
    close: async () => {
      if (events.closed) return;
      stopped = true;
      events.close();
      await handle.close().catch(() => undefined);
    },
  };
}

/** Opens one connection to the printer; DeviceError('printer_offline') if it cannot be reached. */
export async function openPrinterConnection(address: PrinterAddress, options: OpenOptions = {}): Promise<PrinterConnection> {
  switch (address.kind) {
    case 'tcp':
      return openTcp(address, options.connectTimeoutMs ?? 5000);
    case 'serial':
      return openSerial(address, options);
    case 'usb':
      return openUsb(address, options);
  }
}
