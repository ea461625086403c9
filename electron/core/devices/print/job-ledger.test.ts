import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { DeviceError, isDeviceError } from '../../../../shared/devices/errors';
import { JsonFileJobStore, MemoryJobStore, PrintJobLedger, type JobStore, type PrintJobRecord, type SubmitRequest } from './job-ledger';
import { escposJobPrinter, type JobPrinter, type PrintOutcome, type PrintResult } from './printer';
import { buildFeeReceipt, buildQueueTicket } from './receipt';
import { EscPosEmulator } from './sim/escpos-emulator';
import { sampleReceipt, sampleTicket } from './sim/fixtures';
import { parsePrinterAddress } from './transport';

const request = (n = 1): SubmitRequest => ({ id: `receipt:2026-00012${n}`, kind: 'receipt', number: `2026-00012${n}`, markup: `受付番号 2026-00012${n}` });

function result(outcome: PrintOutcome, error?: DeviceError): PrintResult {
  return { outcome, status: null, warnings: [], ...(error ? { error } : {}), bytesSent: outcome === 'failed_before_send' ? 0 : 100, timings: { totalMs: 1 } };
}

/** A printer that answers with the given outcomes in turn and records what it was asked to print. */
function fakePrinter(outcomes: PrintOutcome[], store?: MemoryJobStore) {
  const printed: string[] = [];
  const statesSeenAtSend: string[] = [];
  const printer: JobPrinter = async (markup, hooks) => {
    const outcome = outcomes.shift() ?? 'confirmed';
    if (outcome !== 'failed_before_send') {
      await hooks.beforeSend();
      if (store) statesSeenAtSend.push(...(await store.load()).map((r) => r.state));
      printed.push(markup);
    }
    return result(outcome, outcome === 'unknown' ? new DeviceError('print_outcome_unknown', { cause: 'paper_out' }) : outcome === 'failed_before_send' ? new DeviceError('printer_paper_out') : undefined);
  };
  return { printer, printed, statesSeenAtSend };
}

describe('job-ledger: no loss, no duplicate', () => {
  it('QUEUED → SENT (persisted before the first byte) → CONFIRMED', async () => {
    const store = new MemoryJobStore();
    const ledger = await PrintJobLedger.open(store);
    const { record, created } = await ledger.submit(request());
    assert.equal(created, true);
    assert.equal(record.state, 'QUEUED');
    const fake = fakePrinter(['confirmed'], store);
    const done = await ledger.print(record.id, fake.printer);
    assert.equal(done.state, 'CONFIRMED');
    assert.equal(done.attempts, 1);
    assert.deepEqual(fake.statesSeenAtSend, ['SENT'], 'the store said SENT while the bytes were going out');
    assert.equal((await store.load())[0]?.state, 'CONFIRMED');
  });

  it('a duplicate submit of the same job id is not printed twice', async () => {
    const ledger = await PrintJobLedger.open(new MemoryJobStore());
    const fake = fakePrinter([]);
    const first = await ledger.submitAndPrint(request(), fake.printer);
    const second = await ledger.submitAndPrint(request(), fake.printer);
    assert.equal(first.printed, true);
    assert.equal(second.printed, false);
    assert.equal(second.record.state, 'CONFIRMED');
    assert.equal(fake.printed.length, 1);
    assert.equal((await ledger.print(request().id, fake.printer)).state, 'CONFIRMED');
    assert.equal(fake.printed.length, 1);
    await assert.rejects(ledger.submit({ ...request(), number: 'other' }), RangeError);
  });

  it('concurrent prints of one job send it once', async () => {
    const ledger = await PrintJobLedger.open(new MemoryJobStore());
    const fake = fakePrinter([]);
    await ledger.submit(request());
    await Promise.all([ledger.print(request().id, fake.printer), ledger.print(request().id, fake.printer)]);
    assert.equal(fake.printed.length, 1);
  });

  it('only FAILED_BEFORE_SEND is retried automatically', async () => {
    const ledger = await PrintJobLedger.open(new MemoryJobStore(), { maxAutoAttempts: 2 });
    const fake = fakePrinter(['failed_before_send', 'unknown', 'failed_before_send', 'failed_before_send']);
    await ledger.submit(request(1));
    await ledger.submit(request(2));
    assert.equal((await ledger.print(request(1).id, fake.printer)).state, 'FAILED_BEFORE_SEND');
    assert.equal((await ledger.print(request(2).id, fake.printer)).state, 'UNKNOWN');
    const retried = await ledger.retryFailed(fake.printer);
    assert.deepEqual(retried.map((r) => [r.id, r.state, r.attempts]), [[request(1).id, 'FAILED_BEFORE_SEND', 2]]);
    assert.deepEqual(await ledger.retryFailed(fake.printer), [], 'attempt limit reached: staff now');
    await assert.rejects(ledger.print(request(2).id, fake.printer), (e) => isDeviceError(e, 'print_outcome_unknown'));
    assert.equal(fake.printed.length, 1, 'the UNKNOWN job went out once, never again');
    assert.deepEqual(ledger.get(request(2).id)?.error, { code: 'print_outcome_unknown', params: { cause: 'paper_out' } });
  });

  it('if SENT cannot be recorded, nothing is printed and the job stays as it was', async () => {
    const store = new MemoryJobStore();
    const ledger = await PrintJobLedger.open(store);
    await ledger.submit(request());
    store.save = async () => {
      throw new Error('disk full');
    };
    const fake = fakePrinter([]);
    await assert.rejects(ledger.print(request().id, fake.printer), /disk full/);
    assert.equal(fake.printed.length, 0);
    assert.equal(ledger.get(request().id)?.state, 'QUEUED');
  });

  it('staff reprint: CONFIRMED or UNKNOWN only, a new linked job with the REPRINT mark, idempotent', async () => {
    const ledger = await PrintJobLedger.open(new MemoryJobStore(), { now: () => new Date('2026-04-02T00:00:00Z') });
    const doc = buildFeeReceipt(sampleReceipt('en'));
    await ledger.submit({ id: 'receipt:2026-000123', kind: 'receipt', number: doc.number, markup: doc.markup });
    await assert.rejects(ledger.reprint('receipt:2026-000123', 'reprint-1'), RangeError, 'QUEUED is not reprinted');
    await ledger.print('receipt:2026-000123', fakePrinter([]).printer);
    const reprint = await ledger.reprint('receipt:2026-000123', 'reprint-1');
    assert.equal(reprint.reprintOf, 'receipt:2026-000123');
    assert.equal(reprint.state, 'QUEUED');
    assert.ok(reprint.markup.includes('再発行 / REPRINT'));
    assert.ok(reprint.markup.includes('Original No. 2026\\-000123'));
    assert.ok(reprint.markup.endsWith(doc.markup));
    assert.deepEqual(await ledger.reprint('receipt:2026-000123', 'reprint-1'), reprint);
    await ledger.print('reprint-1', fakePrinter([]).printer);
    const again = await ledger.reprint('reprint-1', 'reprint-2');
    assert.equal(again.markup.split('再発行 / REPRINT').length, 2, 'a reprint of a reprint carries one mark, from the original');
    await assert.rejects(ledger.reprint('receipt:2026-000123', 'reprint-2'), RangeError);
  });

  it('prune drops old finished jobs but keeps UNKNOWN for staff', async () => {
    let now = new Date('2026-04-01T00:00:00Z');
    const ledger = await PrintJobLedger.open(new MemoryJobStore(), { now: () => now });
    await ledger.submitAndPrint(request(1), fakePrinter(['confirmed']).printer);
    await ledger.submitAndPrint(request(2), fakePrinter(['unknown']).printer);
    now = new Date('2026-05-01T00:00:00Z');
    assert.equal(await ledger.prune(new Date('2026-04-15T00:00:00Z')), 1);
    assert.deepEqual(ledger.list().map((r) => r.state), ['UNKNOWN']);
  });
});

describe('job-ledger: JSON file store', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'madoguchi-ledger-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('survives a restart: jobs left SENT come back UNKNOWN, the rest as they were', async () => {
    const file = path.join(dir, 'restart.json');
    const ledger = await PrintJobLedger.open(new JsonFileJobStore(file));
    await ledger.submitAndPrint(request(1), fakePrinter(['confirmed']).printer);
    await ledger.submit(request(2));
    await ledger.submitAndPrint(request(3), fakePrinter(['failed_before_send']).printer);
    // The process dies while job 4 is on the wire: its printer never returns.
    await ledger.submit(request(4));
    let sent!: () => void;
    const onWire = new Promise<void>((r) => (sent = r));
    void ledger.print(request(4).id, async (_markup, hooks) => {
      await hooks.beforeSend();
      sent();
      return new Promise<PrintResult>(() => undefined);
    });
    await onWire;

    const reopened = await PrintJobLedger.open(new JsonFileJobStore(file));
    const states = Object.fromEntries(reopened.list().map((r) => [r.number, r.state]));
    assert.deepEqual(states, { '2026-000121': 'CONFIRMED', '2026-000122': 'QUEUED', '2026-000123': 'FAILED_BEFORE_SEND', '2026-000124': 'UNKNOWN' });
    assert.deepEqual(reopened.get(request(4).id)?.error, { code: 'print_outcome_unknown', params: { cause: 'restart' } });
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { version: number; jobs: PrintJobRecord[] };
    assert.equal(onDisk.jobs.find((j) => j.id === request(4).id)?.state, 'UNKNOWN', 'the UNKNOWN was saved at once');
  });

  it('writes atomically: a temp file renamed over the ledger, none left behind; stale temps are cleaned', async () => {
    const file = path.join(dir, 'atomic.json');
    await writeFile(`${file}.999.1.tmp`, '{"half":');
    const store = new JsonFileJobStore(file);
    const ledger = await PrintJobLedger.open(store);
    await Promise.all([1, 2, 3, 4, 5].map((n) => ledger.submit(request(n))));
    const names = await readdir(dir);
    assert.deepEqual(names.filter((n) => n.startsWith('atomic.json')), ['atomic.json']);
    assert.equal((await store.load()).length, 5, 'the last save has everything: saves are serialised');
  });

  it('a corrupt ledger file is an error, never an empty ledger', async () => {
    const file = path.join(dir, 'corrupt.json');
    await writeFile(file, JSON.stringify({ version: 1, jobs: [{ id: 'x', state: 'SENT' }] }));
    await assert.rejects(PrintJobLedger.open(new JsonFileJobStore(file)), /not a valid ledger file/);
    await writeFile(file, '{"version":1,"jobs":[');
    await assert.rejects(PrintJobLedger.open(new JsonFileJobStore(file)));
  });
});

describe('job-ledger + printer + emulator: no receipt lost, none printed twice unmarked, end to end', () => {
  let emu: EscPosEmulator;
  let printer: JobPrinter;
  const store: JobStore = new MemoryJobStore();
  let ledger: PrintJobLedger;
  const doc = buildFeeReceipt(sampleReceipt('vi'));
  const submit = (id: string): SubmitRequest => ({ id, kind: 'receipt', number: doc.number, markup: doc.markup });

  before(async () => {
    emu = await EscPosEmulator.start();
    printer = escposJobPrinter(parsePrinterAddress(emu.url), { statusTimeoutMs: 300, asbTimeoutMs: 1000, completionTimeoutMs: 3000 });
    ledger = await PrintJobLedger.open(store);
  });
  afterEach(() => emu.clearFaults());
  after(async () => {
    await emu.close();
  });

  for (const [name, faults] of [
    ['paper out', { paperOut: true }],
    ['cover open', { coverOpen: true }],
    ['a dropped connection', { offline: 'drop' }],
  ] as const) {
    it(`${name} mid-job → UNKNOWN, not retried; the staff reprint carries 再発行 and the original number`, async () => {
      const id = `receipt:mid-${name}`;
      emu.scheduleFault({ afterLines: 3 }, faults);
      const { record } = await ledger.submitAndPrint(submit(id), printer);
      assert.equal(record.state, 'UNKNOWN');
      assert.equal(record.error?.code, 'print_outcome_unknown');

      emu.clearFaults(); // the clerk fixes the printer
      const jobsBefore = emu.jobs.length;
      assert.deepEqual(await ledger.retryFailed(printer), []);
      const again = await ledger.submitAndPrint(submit(id), printer);
      assert.equal(again.printed, false);
      await assert.rejects(ledger.print(id, printer), (e) => isDeviceError(e, 'print_outcome_unknown'));
      assert.equal(emu.jobs.length, jobsBefore, 'nothing reached the printer automatically');

      await ledger.reprint(id, `${id}:reprint`);
      const reprinted = await ledger.print(`${id}:reprint`, printer);
      assert.equal(reprinted.state, 'CONFIRMED');
      await emu.waitForClosedJobs(jobsBefore + 1);
      const paper = squashText(emu.jobs[jobsBefore]?.text() ?? '');
      assert.ok(paper.includes('再発行/REPRINT'), paper.slice(0, 200));
      assert.ok(paper.includes('原本番号/OriginalNo.2026-000123'));
      assert.ok(paper.includes('受付番号2026-000123'));
    });
  }

  it('paper out before the job → FAILED_BEFORE_SEND, nothing printed; the automatic retry prints it once paper is back', async () => {
    emu.setFaults({ paperOut: true });
    const id = 'receipt:before';
    const printedBefore = emu.printedJobs().length;
    const { record } = await ledger.submitAndPrint(submit(id), printer);
    assert.equal(record.state, 'FAILED_BEFORE_SEND');
    assert.equal(record.error?.code, 'printer_paper_out');
    assert.equal(emu.printedJobs().length, printedBefore);
    emu.setFaults({ paperOut: false });
    const [retried] = await ledger.retryFailed(printer);
    assert.equal(retried?.state, 'CONFIRMED');
    assert.equal(retried?.attempts, 2);
    await emu.waitForClosedJobs(emu.jobs.length);
    assert.equal(emu.printedJobs().length, printedBefore + 1);
    assert.ok(!squashText(emu.printedJobs().at(-1)?.text() ?? '').includes('再発行'), 'a retry of a job never printed is not a reprint');
  });

  it('a queue ticket: confirmed once, a duplicate submit prints nothing; the ticket carries no personal data', async () => {
    const ticket = buildQueueTicket(sampleTicket('B-101'));
    const req: SubmitRequest = { id: 'ticket:B-101', kind: 'ticket', number: ticket.number, markup: ticket.markup };
    const printedBefore = emu.printedJobs().length;
    assert.equal((await ledger.submitAndPrint(req, printer)).record.state, 'CONFIRMED');
    assert.equal((await ledger.submitAndPrint(req, printer)).printed, false);
    await emu.waitForClosedJobs(emu.jobs.length);
    assert.equal(emu.printedJobs().length, printedBefore + 1);
    const paper = emu.printedJobs().at(-1);
    assert.ok(squashText(paper?.text() ?? '').includes('B-101'));
    assert.ok(paper?.rasters.some((r) => r.width === r.height && r.width < 576), 'the QR');
  });
});

function squashText(s: string): string {
  return s.replace(/\s+/g, '');
}
