/**
 * Puts a VirtualCard into the "Virtual PCD" reader of vsmartcard-vpcd, so the real stack (smartcard → pcscd →
 * vpcd) talks to it exactly as to a card on a reader (vsmartcard: https://frankmorgner.github.io/vsmartcard/virtualsmartcard/README.html).
 *
 * vpcd listens for the card side; the card connects as a TCP client. Every message both ways is a 2-byte
 * big-endian length and a payload. A 1-byte payload is a control message (0 power off, 1 power on, 2 reset,
 * 4 get ATR → answer the ATR); a longer one is a command APDU → answer the response APDU.
 * insert() connects (pcscd sees a card arrive), remove() disconnects (pcscd sees it leave).
 *
 * It only ever connects to 127.0.0.1: the simulator is a test and bench tool, never a network peer.
 */
import net from 'node:net';
import { DeviceError } from '../../../../../shared/devices/errors';
import type { VirtualCard } from '../transport';

export const VPCD_HOST = '127.0.0.1';
/** Slot 0 ("Virtual PCD 00 00"); slot 1 listens on the next port. */
export const VPCD_DEFAULT_PORT = 35963;

const CONTROL = { POWER_OFF: 0, POWER_ON: 1, RESET: 2, GET_ATR: 4 } as const;

export interface VpcdLinkOptions {
  port?: number;
  /** Bound on insert(); default 3 s. */
  connectTimeoutMs?: number;
}

/** Whether a PC/SC reader name is the vpcd slot listening on `port` ("Virtual PCD 00 01" for 35964). */
export function isVpcdReader(readerName: string, port = VPCD_DEFAULT_PORT): boolean {
  const slot = port - VPCD_DEFAULT_PORT;
  return readerName.startsWith('Virtual PCD') && readerName.endsWith(` ${slot.toString(16).padStart(2, '0')}`);
}

export class VpcdLink {
  private socket: net.Socket | undefined;
  private inbox = new Uint8Array(0);
  private apdus = 0;
  private dropAt = Infinity;
  private closed: Promise<void> | undefined;
  private readonly port: number;
  private readonly connectTimeoutMs: number;

  constructor(
    private readonly card: VirtualCard,
    options: VpcdLinkOptions = {},
  ) {
    const port = options.port ?? VPCD_DEFAULT_PORT;
    if (!Number.isInteger(port) || port < 1 || port > 0xffff) throw new DeviceError('pcsc_unavailable', {}, 'bad vpcd port');
    this.port = port;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  }

  get inserted(): boolean {
    return this.socket !== undefined;
  }

  /** Command APDUs answered over this link (all insertions). */
  get apduCount(): number {
    return this.apdus;
  }

  /** Connects to vpcd: the card is on the reader. Throws 'pcsc_unavailable' when vpcd does not answer. */
  insert(): Promise<void> {
    if (this.socket) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const socket = net.createConnection({ host: VPCD_HOST, port: this.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new DeviceError('pcsc_unavailable', {}, 'vpcd did not accept the card in time'));
      }, this.connectTimeoutMs);
      socket.once('error', () => {
        clearTimeout(timer);
        reject(new DeviceError('pcsc_unavailable', {}, `vpcd not reachable on ${VPCD_HOST}:${this.port}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        // After connecting, errors only mean the reader side went away: the card is then off the reader.
        socket.on('error', () => socket.destroy());
        socket.setNoDelay(true);
        this.attach(socket);
        resolve();
      });
    });
  }

  /** Disconnects: the card leaves the reader. Resolves once the socket is closed. */
  async remove(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    socket.destroy();
    await this.closed;
  }

  /**
   * Pulls the card out in the middle of a read: the link answers `count` more APDUs and drops the
   * connection on the next one instead of answering it.
   */
  removeAfter(count: number): void {
    this.dropAt = this.apdus + count;
  }

  private attach(socket: net.Socket): void {
    this.socket = socket;
    this.inbox = new Uint8Array(0);
    this.closed = new Promise<void>((resolve) => {
      socket.once('close', () => {
        if (this.socket === socket) this.socket = undefined;
        this.dropAt = Infinity;
        resolve();
      });
    });
    socket.on('data', (chunk: Buffer) => this.receive(socket, chunk));
  }

  private receive(socket: net.Socket, chunk: Buffer): void {
    const joined = new Uint8Array(this.inbox.length + chunk.length);
    joined.set(this.inbox, 0);
    joined.set(chunk, this.inbox.length);
    let at = 0;
    while (joined.length - at >= 2) {
      const length = (joined[at]! << 8) | joined[at + 1]!;
      if (joined.length - at - 2 < length) break;
      const payload = joined.subarray(at + 2, at + 2 + length);
      at += 2 + length;
      const reply = this.answer(payload);
      if (reply === 'drop') {
        socket.destroy();
        return;
      }
      if (reply) socket.write(frame(reply));
    }
    this.inbox = joined.slice(at);
  }

  private answer(payload: Uint8Array): Uint8Array | 'drop' | undefined {
    if (payload.length === 0) return undefined;
    if (payload.length === 1) {
      switch (payload[0]) {
        case CONTROL.POWER_ON:
        case CONTROL.RESET:
          this.card.reset();
          return undefined;
        case CONTROL.GET_ATR:
          return this.card.atr;
        default: // POWER_OFF and anything unknown: nothing to answer
          return undefined;
      }
    }
    if (this.apdus >= this.dropAt) return 'drop';
    this.apdus++;
    try {
      return this.card.process(payload.slice());
    } catch {
      return Uint8Array.of(0x6f, 0x00); // the simulator failed: "no precise diagnosis", as a card would say
    }
  }
}

function frame(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + payload.length);
  out[0] = payload.length >> 8;
  out[1] = payload.length & 0xff;
  out.set(payload, 2);
  return out;
}
