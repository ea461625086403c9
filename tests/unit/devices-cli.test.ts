import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { EscPosEmulator } from '../../electron/core/devices/print/sim/escpos-emulator';

/** `npm run devices`: JSON out, typed errors, exit codes IT can script against. Only 127.0.0.1. */
function devices(args: string[], stdin = ''): Promise<{ code: number | null; json: Record<string, unknown> | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/core/devices/cli.ts', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, json: out.trim() ? (JSON.parse(out) as Record<string, unknown>) : null, stderr: err });
    });
    child.stdin.end(stdin);
  });
}

const TD3 = 'P<JPNERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36JPN7408122F1204159ZE184226B<<<<<10\n';

describe('npm run devices', () => {
  let emulator: EscPosEmulator;
  before(async () => {
    emulator = await EscPosEmulator.start();
  });
  after(async () => {
    await emulator.close();
  });

  it('mrz: parses stdin, and names the field of a wrong check digit with exit 1', async () => {
    const good = await devices(['mrz'], TD3);
    assert.equal(good.code, 0, good.stderr);
    assert.deepEqual((good.json!.mrz as { surname: string; birthDate: string }).birthDate, '1974-08-12');
    const bad = await devices(['mrz'], TD3.replace('7408122', '7408123'));
    assert.equal(bad.code, 1);
    assert.equal((bad.json!.error as { code: string }).code, 'mrz_check_digit');
    assert.ok((bad.json!.error as { params: { field?: string } }).params.field);
  });

  it('test-print: confirmed on a ready printer; paper out fails before sending and exits 1', async () => {
    const ok = await devices(['test-print', emulator.url]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.json!.outcome, 'confirmed');
    const printed = emulator.printedJobs().filter((job) => job.lines.length > 0);
    assert.equal(printed.length, 1);
    assert.match(printed[0]!.textLines().join('').replace(/ +/g, ''), /TEST/);
    emulator.setFaults({ paperOut: true });
    const out = await devices(['test-print', emulator.url]);
    emulator.clearFaults();
    assert.equal(out.code, 1);
    assert.equal(out.json!.outcome, 'failed_before_send');
    assert.equal((out.json!.error as { code: string }).code, 'printer_paper_out');
  });

  it('wrong usage exits 2 with the list of commands', async () => {
    const none = await devices([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /list\|status\|test-print\|read-card\|mrz/);
    assert.equal((await devices(['test-print'])).code, 2);
  });

  it('status: the demo simulators when no settings file is named', async () => {
    const status = await devices(['status']);
    assert.equal(status.code, 0, status.stderr);
    const view = status.json!.devices as { cardReader: { driver: string }; printer: { driver: string; status: string } };
    assert.equal(view.cardReader.driver, 'simulator');
    assert.equal(view.printer.driver, 'simulator');
    assert.equal(view.printer.status, 'ready');
  });
});
