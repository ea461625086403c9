import assert from 'node:assert/strict';
import net from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { isDeviceError } from '../../../../shared/devices/errors';
import { framedJob, printJob, readPrinterStatus, type PrintJobOptions } from './printer';
import { buildFeeReceipt, renderEscPos, type PrintDocument } from './receipt';
import { EscPosEmulator, type EmulatedJob } from './sim/escpos-emulator';
import { sampleReceipt, type SampleLanguage } from './sim/fixtures';
import { parsePrinterAddress } from './transport';

// Bounded everywhere: every wait has a timeout well under the test runner's.
const FAST: PrintJobOptions = { statusTimeoutMs: 300, asbTimeoutMs: 1000, completionTimeoutMs: 3000 };
const squash = (s: string) => s.replace(/\s+/g, '');

describe('printer: the job protocol against the emulator (TCP, 127.0.0.1)', () => {
  let emu: EscPosEmulator;
  const receipts = new Map<SampleLanguage, PrintDocument>();
  before(async () => {
    emu = await EscPosEmulator.start();
    for (const lang of ['pt-BR', 'vi', 'ne', 'en'] as const) receipts.set(lang, buildFeeReceipt(sampleReceipt(lang)));
  });
  afterEach(() => {
    emu.clearFaults();
    emu.setCompletionDelay(0);
    emu.setLineDelay(0);
  });
  after(async () => {
    await emu.close();
  });

  async function print(doc: PrintDocument, options: PrintJobOptions = {}): Promise<{ result: Awaited<ReturnType<typeof printJob>>; job: EmulatedJob }> {
    const before = emu.jobs.length;
    const result = await printJob(parsePrinterAddress(emu.url), renderEscPos(doc.markup), { ...FAST, ...options });
    await emu.waitForClosedJobs(before + 1, 2000);
    const job = emu.jobs[before];
    assert.ok(job, 'one connection for the job');
    return { result, job };
  }

  for (const lang of ['pt-BR', 'vi', 'ne'] as const) {
    it(`ja + ${lang}: confirmed; the printer got Japanese as text and the ${lang} lines as raster`, async () => {
      const doc = receipts.get(lang) as PrintDocument;
      const { result, job } = await print(doc);
      assert.equal(result.outcome, 'confirmed', result.error?.message);
      assert.equal(job.completed, true);
      const text = job.textLines().join('\n');
      for (const ja of ['領収書', '架空市市民課', '受付番号2026-000123', '住民票の写し×2600円', '合計900円', '上記の金額を領収しました。']) {
        assert.ok(squash(text).includes(ja), `text line ${ja}`);
      }
      const rasterBlocks = doc.blocks.filter((b) => b.path === 'raster');
      assert.ok(rasterBlocks.length >= 1);
      assert.deepEqual(
        job.rasters.map((r) => [r.width, r.height]),
        rasterBlocks.map((b) => [b.width, b.height]),
        'every raster block arrived at its size, in order',
      );
      for (const b of rasterBlocks) assert.ok(!text.includes(b.text), `${b.text} is not printer-font text`);
      assert.deepEqual(job.lines.filter((l) => l.kind === 'barcode'), [{ kind: 'barcode', symbology: 'CODE128', data: '2026-000123' }]);
    });
  }

  it('ja + pt in detail: the accented line is raster, unaccented Portuguese stays text (the detector decides per line)', async () => {
    const { job } = await print(receipts.get('pt-BR') as PrintDocument);
    const text = job.textLines().join('\n');
    assert.ok(text.includes('Recibo de taxas'));
    assert.ok(text.includes('Certificado de registro de carimbo'));
    assert.ok(!text.includes('Cópia'));
    assert.equal(job.rasters.length, 1);
  });

  it('confirmed: timings, bytes, a clean close with ASB switched off', async () => {
    const doc = receipts.get('en') as PrintDocument;
    const bytes = renderEscPos(doc.markup);
    const { result, job } = await print(doc);
    assert.equal(result.outcome, 'confirmed');
    assert.deepEqual(result.warnings, []);
    assert.equal(result.bytesSent, framedJob(bytes).length);
    assert.equal(result.bytesSent, bytes.length - 5, 'ESC @ GS a 0 removed, so ASB stays on');
    for (const key of ['connectMs', 'preflightMs', 'sendMs', 'completionMs', 'totalMs'] as const) assert.ok((result.timings[key] ?? -1) >= 0, key);
    assert.deepEqual([...job.received().subarray(-3)], [0x1d, 0x61, 0x00]);
    assert.deepEqual(result.status, { online: true, coverOpen: false, paperEnd: false, paperNearEnd: false, error: null });
  });

  it('paper out BEFORE the job: failed_before_send, nothing of the job sent, nothing printed', async () => {
    emu.setFaults({ paperOut: true });
    const { result, job } = await print(receipts.get('vi') as PrintDocument);
    assert.equal(result.outcome, 'failed_before_send');
    assert.ok(isDeviceError(result.error, 'printer_paper_out'));
    assert.equal(result.bytesSent, 0);
    assert.equal(result.status?.paperEnd, true);
    assert.deepEqual([...job.received()], [0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04], 'only DLE EOT 1, 2, 4 went out');
    assert.equal(job.lines.length, 0);
  });

  it('cover open before the job: failed_before_send (printer_cover_open)', async () => {
    emu.setFaults({ coverOpen: true });
    const { result, job } = await print(receipts.get('en') as PrintDocument);
    assert.equal(result.outcome, 'failed_before_send');
    assert.ok(isDeviceError(result.error, 'printer_cover_open'));
    assert.equal(job.lines.length, 0);
  });

  it('an error before the job: DLE EOT 3 is asked and names the kind', async () => {
    emu.setFaults({ error: 'cutter' });
    const { result, job } = await print(receipts.get('en') as PrintDocument);
    assert.equal(result.outcome, 'failed_before_send');
    assert.ok(isDeviceError(result.error, 'printer_error'));
    assert.equal(result.error?.params.kind, 'cutter');
    assert.ok(job.received().includes(Buffer.from([0x10, 0x04, 0x03])));
  });

  it('a printer that does not answer: flushed once, then failed_before_send (printer_offline)', async () => {
    emu.setFaults({ offline: 'silent' });
    const { result, job } = await print(receipts.get('en') as PrintDocument);
    assert.equal(result.outcome, 'failed_before_send');
    assert.ok(isDeviceError(result.error, 'printer_offline'));
    assert.equal(job.bytesReceived, 3 + 8192 + 3, 'DLE EOT 1, the NUL flush, DLE EOT 1 again');
    assert.equal(job.lines.length, 0);
  });

  it('no printer at the address: failed_before_send (printer_offline)', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const result = await printJob({ kind: 'tcp', host: '127.0.0.1', port }, renderEscPos('x'), { ...FAST, connectTimeoutMs: 1000 });
    assert.equal(result.outcome, 'failed_before_send');
    assert.ok(isDeviceError(result.error, 'printer_offline'));
  });

  it('paper near end: printed and confirmed, with a warning', async () => {
    emu.setFaults({ paperNearEnd: true });
    const { result } = await print(receipts.get('en') as PrintDocument);
    assert.equal(result.outcome, 'confirmed');
    assert.deepEqual(result.warnings, ['paper_near_end']);
    assert.equal(result.status?.paperNearEnd, true);
  });

  for (const [name, faults, cause] of [
    ['paper out', { paperOut: true }, 'paper_out'],
    ['cover open', { coverOpen: true }, 'cover_open'],
    ['an error', { error: 'unrecoverable' }, 'error'],
  ] as const) {
    it(`${name} in the MIDDLE of the job: unknown (ASB), part of the receipt on paper`, async () => {
      emu.scheduleFault({ afterLines: 4 }, faults);
      const { result, job } = await print(receipts.get('vi') as PrintDocument);
      assert.equal(result.outcome, 'unknown');
      assert.ok(isDeviceError(result.error, 'print_outcome_unknown'));
      assert.equal(result.error?.params.cause, cause);
      assert.ok(result.bytesSent > 0);
      assert.equal(job.completed, false);
      assert.ok(job.lines.length >= 4 && !job.lines.some((l) => l.kind === 'cut'), 'stopped mid-receipt');
    });
  }

  it('the connection dropped in the middle of the job: unknown (disconnected)', async () => {
    emu.scheduleFault({ afterLines: 4 }, { offline: 'drop' });
    const { result, job } = await print(receipts.get('ne') as PrintDocument);
    assert.equal(result.outcome, 'unknown');
    assert.equal(result.error?.params.cause, 'disconnected');
    assert.equal(job.dropped, true);
  });

  it('no completion reply in time: unknown (printer_timeout)', async () => {
    emu.setCompletionDelay(1500);
    const { result, job } = await print(receipts.get('en') as PrintDocument, { completionTimeoutMs: 200 });
    assert.equal(result.outcome, 'unknown');
    assert.ok(isDeviceError(result.error, 'printer_timeout'));
    assert.ok(job.lines.some((l) => l.kind === 'cut'), 'the receipt was printed, we just were not told: exactly why unknown is not retried');
  });

  it('readPrinterStatus: a status-only look sends nothing but DLE EOT', async () => {
    emu.setFaults({ paperNearEnd: true });
    const before = emu.jobs.length;
    const status = await readPrinterStatus(parsePrinterAddress(emu.url), { statusTimeoutMs: 300 });
    assert.deepEqual(status, { online: true, coverOpen: false, paperEnd: false, paperNearEnd: true, error: null });
    await emu.waitForClosedJobs(before + 1, 2000);
    assert.deepEqual([...(emu.jobs[before]?.received() ?? [])], [0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
    emu.setFaults({ paperNearEnd: false, offline: 'silent' });
    await assert.rejects(readPrinterStatus(parsePrinterAddress(emu.url), { statusTimeoutMs: 100 }), (e) => isDeviceError(e, 'printer_offline'));
  });

  it('framedJob: strips ESC @ GS a 0, ensures the GS r 1 marker', () => {
    assert.deepEqual([...framedJob(Uint8Array.of(0x1b, 0x40, 0x1d, 0x61, 0x00, 0x41, 0x1d, 0x72, 0x31))], [0x41, 0x1d, 0x72, 0x31]);
    assert.deepEqual([...framedJob(Uint8Array.of(0x41))], [0x41, 0x1d, 0x72, 0x01]);
  });
});
