import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isDeviceError } from '../../../../../shared/devices/errors';
import { VirtualMyNumberCard } from './virtual-mynumber-card';
import { isVpcdReader, VpcdLink } from './vpcd-link';

/** Plays vpcd's side of the wire: frames out, frames in. */
class FakeVpcd {
  server = net.createServer();
  peer: net.Socket | undefined;
  private inbox = Buffer.alloc(0);
  private waiting: ((frame: Buffer) => void)[] = [];
  private frames: Buffer[] = [];
  peerClosed: Promise<void> = Promise.resolve();
  connected: Promise<void>;

  constructor() {
    this.connected = new Promise((resolve) => {
      this.server.on('connection', (socket) => {
        this.peer = socket;
        this.inbox = Buffer.alloc(0);
        this.peerClosed = new Promise((done) => socket.once('close', () => done()));
        socket.on('data', (chunk) => this.receive(chunk));
        resolve();
      });
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  private receive(chunk: Buffer) {
    this.inbox = Buffer.concat([this.inbox, chunk]);
    while (this.inbox.length >= 2 && this.inbox.length >= 2 + this.inbox.readUInt16BE(0)) {
      const frame = this.inbox.subarray(2, 2 + this.inbox.readUInt16BE(0));
      this.inbox = this.inbox.subarray(2 + frame.length);
      const waiter = this.waiting.shift();
      if (waiter) waiter(frame);
      else this.frames.push(frame);
    }
  }

  send(payloadHex: string) {
    const payload = Buffer.from(payloadHex, 'hex');
    const header = Buffer.alloc(2);
    header.writeUInt16BE(payload.length);
    this.peer!.write(Buffer.concat([header, payload]));
  }

  next(): Promise<Buffer> {
    const ready = this.frames.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async ask(payloadHex: string): Promise<string> {
    this.send(payloadHex);
    return (await this.next()).toString('hex').toUpperCase();
  }
}

describe('VpcdLink (against a fake vpcd on 127.0.0.1)', { timeout: 10_000 }, () => {
  let vpcd: FakeVpcd;
  let port: number;

  before(async () => {
    vpcd = new FakeVpcd();
    port = await vpcd.listen();
  });
  after(() => new Promise<void>((resolve) => vpcd.server.close(() => resolve())));

  it('answers ATR requests and APDUs in 2-byte-length frames; resets on power on', async () => {
    const card = new VirtualMyNumberCard();
    const link = new VpcdLink(card, { port });
    await link.insert();
    await vpcd.connected;
    assert.equal(link.inserted, true);
    assert.equal(await vpcd.ask('04'), Buffer.from(card.atr).toString('hex').toUpperCase());
    vpcd.send('01'); // power on: nothing to answer
    vpcd.send('00'); // power off: nothing to answer
    assert.equal(await vpcd.ask('00A4040C0AD3921000310001010408'), '9000');
    // Two frames in one TCP write are both answered, in order.
    const two = Buffer.from('000700A4020C020011' + '000400200080', 'hex');
    vpcd.peer!.write(two);
    assert.equal((await vpcd.next()).toString('hex'), '9000');
    assert.equal((await vpcd.next()).toString('hex'), '63c3');
    assert.equal(link.apduCount, 3);
    assert.ok(card.resetCount >= 1);

    link.removeAfter(1);
    assert.equal(await vpcd.ask('00200080'), '63C3');
    vpcd.send('00200080'); // this one is never answered: the card "leaves"
    await vpcd.peerClosed;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(link.inserted, false);
  });

  it('remove() closes the connection; insert() again reconnects the same card', async () => {
    const card = new VirtualMyNumberCard();
    const link = new VpcdLink(card, { port });
    await link.insert();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closed = vpcd.peerClosed;
    await link.remove();
    await closed;
    assert.equal(link.inserted, false);
    await link.insert();
    await link.remove();
  });

  it('says pcsc_unavailable when nothing listens', async () => {
    const spare = net.createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const freePort = (spare.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => spare.close(() => resolve()));
    const link = new VpcdLink(new VirtualMyNumberCard(), { port: freePort });
    await assert.rejects(link.insert(), (e) => isDeviceError(e, 'pcsc_unavailable'));
    assert.throws(() => new VpcdLink(new VirtualMyNumberCard(), { port: 70000 }), (e) => isDeviceError(e, 'pcsc_unavailable'));
  });

  it('names the vpcd slots', () => {
    assert.ok(isVpcdReader('Virtual PCD 00 00'));
    assert.ok(isVpcdReader('Virtual PCD 00 01', 35964));
    assert.equal(isVpcdReader('Virtual PCD 00 01'), false);
    assert.equal(isVpcdReader('SONY FeliCa Port/PaSoRi 00 00'), false);
  });
});
