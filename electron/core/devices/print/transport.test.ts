import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { SerialPortMock } from 'serialport';
import { isDeviceError } from '../../../../shared/devices/errors';
import { openPrinterConnection, parsePrinterAddress, type SerialPortLike } from './transport';

const firstData = (conn: { onData(l: (c: Uint8Array) => void): () => void }) =>
  new Promise<Uint8Array>((resolve) => {
    const off = conn.onData((chunk) => {
      off();
      resolve(chunk);
    });
  });

describe('transport: printer addresses', () => {
  it('parses tcp, serial and usb URLs', () => {
    assert.deepEqual(parsePrinterAddress('tcp://192.0.2.10:9100'), { kind: 'tcp', host: '192.0.2.10', port: 9100 });
    assert.deepEqual(parsePrinterAddress('tcp://printer.local'), { kind: 'tcp', host: 'printer.local', port: 9100 });
    assert.deepEqual(parsePrinterAddress('tcp://[::1]:9101'), { kind: 'tcp', host: '::1', port: 9101 });
    assert.deepEqual(parsePrinterAddress('serial:///dev/ttyUSB0?baudRate=38400&rtscts=true'), { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 38400, rtscts: true });
    assert.deepEqual(parsePrinterAddress('serial://COM3?baudRate=19200'), { kind: 'serial', path: 'COM3', baudRate: 19200, rtscts: false });
    assert.deepEqual(parsePrinterAddress('usb:///dev/usb/lp0'), { kind: 'usb', path: '/dev/usb/lp0' });
  });

  it('a malformed address is printer_offline (bad_address)', () => {
    for (const url of ['', 'tcp://', 'tcp://h:0', 'tcp://h:70000', 'tcp://h:9100/x', 'serial:///dev/ttyS0?baudRate=12345', 'serial://', 'usb://host/dev/usb/lp0', 'usb:///etc/passwd', 'http://h', 'serial:///dev/ttyS0?rtscts=yes']) {
      assert.throws(() => parsePrinterAddress(url), (e) => isDeviceError(e, 'printer_offline') && e.params.reason === 'bad_address', url);
    }
  });
});

describe('transport: connections', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of cleanups) await c();
  });

  it('tcp: write, read, close; the peer closing is reported', async () => {
    const received: Buffer[] = [];
    const server = net.createServer((socket) => {
      socket.on('data', (d) => {
        received.push(d);
        socket.write(Buffer.from([0x12]));
        if (d.includes(0x99)) socket.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise((r) => server.close(() => r())));
    const port = (server.address() as net.AddressInfo).port;
    const conn = await openPrinterConnection(parsePrinterAddress(`tcp://127.0.0.1:${port}`));
    assert.equal(conn.description, `tcp 127.0.0.1:${port}`);
    const reply = firstData(conn);
    await conn.write(Uint8Array.of(0x10, 0x04, 0x01));
    assert.deepEqual([...(await reply)], [0x12]);
    const closed = new Promise<unknown>((resolve) => conn.onClose((e) => resolve(e)));
    await conn.write(Uint8Array.of(0x99));
    const error = await closed;
    assert.ok(isDeviceError(error, 'printer_offline'), 'closed by the printer: link lost');
    assert.equal(conn.closed, true);
    await assert.rejects(conn.write(Uint8Array.of(1)), (e) => isDeviceError(e, 'printer_offline'));
    assert.deepEqual([...Buffer.concat(received)], [0x10, 0x04, 0x01, 0x99]);
  });

  it('tcp: nobody listening is printer_offline, within the connect timeout', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    await assert.rejects(openPrinterConnection({ kind: 'tcp', host: '127.0.0.1', port }, { connectTimeoutMs: 1000 }), (e) => isDeviceError(e, 'printer_offline'));
  });

  it('serial: through serialport (mock binding), replies delivered, close by us is clean', async () => {
    SerialPortMock.binding.createPort('/dev/ttyFAKE0', { echo: false, record: true });
    let port: SerialPortMock | undefined;
    const conn = await openPrinterConnection(parsePrinterAddress('serial:///dev/ttyFAKE0?baudRate=38400'), {
      serialPortFactory: (options) => {
        port = new SerialPortMock(options);
        return port as unknown as SerialPortLike;
      },
    });
    assert.equal(conn.description, 'serial /dev/ttyFAKE0@38400');
    await conn.write(Uint8Array.of(0x10, 0x04, 0x02));
    assert.deepEqual([...(port?.port?.recording ?? [])], [0x10, 0x04, 0x02]);
    const reply = firstData(conn);
    port?.port?.emitData(Buffer.from([0x16]));
    assert.deepEqual([...(await reply)], [0x16]);
    let closeError: unknown = 'not called';
    conn.onClose((e) => (closeError = e));
    await conn.close();
    assert.equal(closeError, undefined);
    SerialPortMock.binding.reset();
  });

  it('serial: a port that does not open is printer_offline', async () => {
    await assert.rejects(
      openPrinterConnection(parsePrinterAddress('serial:///dev/ttyNOPE'), { serialPortFactory: (o) => new SerialPortMock(o) as unknown as SerialPortLike }),
      (e) => isDeviceError(e, 'printer_offline'),
    );
  });

  it('usb: the usblp device as a file (here a regular file standing in for /dev/usb/lp0)', { skip: process.platform !== 'linux' }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-usb-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'lp0');
    await writeFile(file, Buffer.from([0x12]));
    const conn = await openPrinterConnection({ kind: 'usb', path: file }, { usbPollMs: 5 });
    assert.deepEqual([...(await firstData(conn))], [0x12], 'what the printer put in the device is read back');
    await conn.write(Buffer.from('abc'));
    await conn.close();
    assert.deepEqual([...(await readFile(file))], [0x12, 0x61, 0x62, 0x63]);
    await assert.rejects(openPrinterConnection({ kind: 'usb', path: path.join(dir, 'missing') }), (e) => isDeviceError(e, 'printer_offline'));
  });
});
