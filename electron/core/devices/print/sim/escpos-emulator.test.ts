import assert from 'node:assert/strict';
import net from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { EscPosEmulator } from './escpos-emulator';

/** A raw client: send bytes, collect replies. */
async function client(port: number) {
  const socket = net.createConnection({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const received: number[] = [];
  let closed = false;
  socket.on('data', (d) => received.push(...d));
  socket.on('error', () => undefined);
  socket.on('close', () => (closed = true));
  const until = async (pred: () => boolean, ms = 2000) => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  return {
    received,
    get closed() {
      return closed;
    },
    send: (...bytes: number[]) => new Promise<void>((r) => socket.write(Uint8Array.from(bytes), () => r())),
    /** Waits for `n` more reply bytes and returns them. */
    async take(n: number, ms = 2000): Promise<number[]> {
      await until(() => received.length >= n, ms);
      return received.splice(0, n);
    },
    until,
    end: () => new Promise<void>((r) => socket.end(() => r())),
    destroy: () => socket.destroy(),
  };
}

const DLE_EOT = (n: number) => [0x10, 0x04, n];
const ASB_ON = [0x1d, 0x61, 0x0f];
const GS_R1 = [0x1d, 0x72, 0x31];
const line = (s: string) => [...Buffer.from(s, 'latin1'), 0x0a];

describe('escpos-emulator', () => {
  let emu: EscPosEmulator;
  before(async () => {
    emu = await EscPosEmulator.start();
  });
  afterEach(() => {
    emu.clearFaults();
    emu.setCompletionDelay(0);
  });
  after(async () => {
    await emu.close();
  });

  it('listens on 127.0.0.1 only, on an ephemeral port', () => {
    assert.equal(emu.host, '127.0.0.1');
    assert.ok(emu.port > 0);
    assert.equal(emu.url, `tcp://127.0.0.1:${emu.port}`);
  });

  it('answers DLE EOT 1–4 for each state', async () => {
    const c = await client(emu.port);
    const ask = async () => {
      await c.send(...DLE_EOT(1), ...DLE_EOT(2), ...DLE_EOT(3), ...DLE_EOT(4));
      return c.take(4);
    };
    assert.deepEqual(await ask(), [0x12, 0x12, 0x12, 0x12]);
    emu.setFaults({ paperOut: true });
    assert.deepEqual(await ask(), [0x1a, 0x32, 0x12, 0x7e]);
    emu.setFaults({ paperOut: false, coverOpen: true });
    assert.deepEqual(await ask(), [0x1a, 0x16, 0x12, 0x12]);
    emu.setFaults({ coverOpen: false, paperNearEnd: true });
    assert.deepEqual(await ask(), [0x12, 0x12, 0x12, 0x1e]);
    emu.setFaults({ paperNearEnd: false, error: 'cutter' });
    assert.deepEqual(await ask(), [0x3a, 0x52, 0x1a, 0x12]);
    c.destroy();
  });

  it('ASB at once when enabled and again on every change; GS r 1 when reached', async () => {
    const c = await client(emu.port);
    await c.send(0x1b, 0x40, ...ASB_ON);
    assert.deepEqual(await c.take(4), [0x10, 0x00, 0x00, 0x00]);
    emu.setFaults({ paperNearEnd: true });
    assert.deepEqual(await c.take(4), [0x10, 0x00, 0x03, 0x00]);
    await c.send(...line('hello'), ...GS_R1);
    assert.deepEqual(await c.take(1), [0x03], 'GS r 1: paper near end bits');
    await c.end();
    await emu.waitForClosedJobs(emu.jobs.length);
    const mine = emu.jobs.at(-1);
    assert.equal(mine?.completed, true);
    assert.deepEqual(mine?.textLines(), ['hello']);
  });

  it('real-time DLE EOT is answered while printing is stopped; the job resumes when the fault clears', async () => {
    const c = await client(emu.port);
    await c.send(0x1b, 0x40, ...ASB_ON);
    await c.take(4);
    emu.scheduleFault({ afterLines: 2 }, { coverOpen: true });
    await c.send(...line('one'), ...line('two'), ...line('three'), ...GS_R1);
    assert.deepEqual(await c.take(4), [0x38, 0x00, 0x00, 0x00], 'ASB: cover open, offline');
    const job = emu.jobs.at(-1);
    assert.deepEqual(job?.textLines(), ['one', 'two'], 'printing stopped after two lines');
    await c.send(...DLE_EOT(2));
    assert.deepEqual(await c.take(1), [0x16], 'answered in real time although the mechanism is stopped');
    emu.setFaults({ coverOpen: false });
    assert.deepEqual(await c.take(4), [0x10, 0x00, 0x00, 0x00]);
    assert.deepEqual(await c.take(1), [0x00], 'then the rest printed and GS r 1 answered');
    assert.deepEqual(job?.textLines(), ['one', 'two', 'three']);
    c.destroy();
  });

  it('DLE ENQ 2 clears the buffer after a recoverable error: the rest of the job is gone', async () => {
    const c = await client(emu.port);
    emu.setFaults({ error: 'recoverable' });
    await c.send(...line('lost'), ...GS_R1);
    await new Promise((r) => setTimeout(r, 30));
    await c.send(0x10, 0x05, 0x02);
    await c.send(...line('after'), ...GS_R1);
    assert.deepEqual(await c.take(1), [0x00]);
    assert.deepEqual(emu.jobs.at(-1)?.textLines(), ['after']);
    c.destroy();
  });

  it('completion delay holds the GS r 1 reply', async () => {
    emu.setCompletionDelay(150);
    const c = await client(emu.port);
    const t0 = Date.now();
    await c.send(...line('slow'), ...GS_R1);
    await c.take(1);
    assert.ok(Date.now() - t0 >= 140);
    c.destroy();
  });

  it('offline silent: nothing answers; drop: the connection is closed and new ones too', async () => {
    const c = await client(emu.port);
    emu.setFaults({ offline: 'silent' });
    await c.send(...DLE_EOT(1));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(c.received, []);
    emu.setFaults({ offline: 'drop' });
    await c.until(() => c.closed);
    assert.equal(emu.jobs.at(-1)?.dropped, true);
    const d = await client(emu.port);
    await d.until(() => d.closed);
    emu.setFaults({ offline: false });
    const e = await client(emu.port);
    await e.send(...DLE_EOT(1));
    assert.deepEqual(await e.take(1), [0x12]);
    e.destroy();
  });

  it('garbage over TCP: the emulator keeps answering', async () => {
    const c = await client(emu.port);
    const junk = Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) & 0xff).filter((x) => x !== 0x10);
    await c.send(...junk);
    await c.send(0x0a, 0x0a);
    const job = emu.jobs.at(-1);
    await c.until(() => job?.bytesReceived === junk.length + 2);
    c.destroy();
    const d = await client(emu.port);
    await d.send(...DLE_EOT(4));
    assert.deepEqual(await d.take(1), [0x12]);
    d.destroy();
  });

  it('renders a job to PNG', async () => {
    const c = await client(emu.port);
    await c.send(0x1b, 0x40, 0x1c, 0x43, 0x31, ...Buffer.from([0x97, 0xcc, 0x8e, 0xfb, 0x8f, 0x91]), 0x0a, 0x1d, 0x76, 0x30, 0, 1, 0, 2, 0, 0xff, 0xff, ...GS_R1);
    await c.take(1);
    const job = emu.jobs.at(-1);
    assert.deepEqual(job?.textLines(), ['領収書']);
    const png = job?.renderPng();
    assert.deepEqual([...(png ?? []).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    c.destroy();
  });
});
