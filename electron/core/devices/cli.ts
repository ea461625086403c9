/**
 * `npm run devices -- <command>`: the counter's devices for IT, as JSON on stdout (one object per run).
 *
 *   list                      PC/SC readers, HID POS scanners and serial ports this PC can see
 *   status                    the configured devices (MADOGUCHI_DEVICES, else the demo simulators) and their state
 *   test-print <address>      a test slip (no personal data) to tcp://host:9100, serial:///dev/ttyUSB0, usb:///dev/usb/lp0
 *   read-card [reader]        what card lies on a PC/SC reader: kind, ATR, UID of a staff card, PIN tries left of a
 *                             My Number card. Never asks for a PIN and never prints a card's personal data
 *   mrz                       parses MRZ lines read from stdin (TD1/TD2/TD3) and names a wrong check digit's field
 *
 * Exit codes: 0 done, 1 a device answered with a typed error ({"error":{"code":…}}), 2 wrong usage.
 */
import { randomUUID } from 'node:crypto';
import { isDeviceError } from '../../../shared/devices/errors';
import { detectCardKind } from './card/card-kind';
import { MyNumberTextAp } from './card/mynumber';
import { PcscDriver } from './card/pcsc';
import { readCardUid } from './card/staff-card';
import { escposJobPrinter } from './print/printer';
import { buildQueueTicket } from './print/receipt';
import { parsePrinterAddress } from './print/transport';
import { HID_POS_USAGE_PAGE, loadNodeHid } from './scan/hid-scanner';
import { parseMrz } from './scan/mrz';
import { loadDeviceSettings } from './settings';
import { createDeviceStation } from './station/create';
import { demoSimulators } from '../../demo/devices';

type Json = Record<string, unknown>;

async function list(): Promise<Json> {
  const out: Json = {};
  try {
    const pcsc = PcscDriver.open();
    try {
      out.cardReaders = pcsc.listReaders().map((r) => ({ name: r.name, cardPresent: r.cardPresent }));
    } finally {
      await pcsc.close();
    }
  } catch (error) {
    out.cardReaders = { error: errorOf(error) };
  }
  try {
    const hid = await loadNodeHid();
    const devices = await hid.devicesAsync();
    out.hidPosScanners = devices
      .filter((d) => d.usagePage === HID_POS_USAGE_PAGE)
      .map((d) => ({ vendorId: d.vendorId, productId: d.productId, product: d.product ?? null, path: d.path ?? null }));
  } catch (error) {
    out.hidPosScanners = { error: (error as Error).message };
  }
  try {
    const { SerialPort } = await import('serialport');
    out.serialPorts = (await SerialPort.list()).map((p) => ({ path: p.path, manufacturer: p.manufacturer ?? null, vendorId: p.vendorId ?? null, productId: p.productId ?? null }));
  } catch (error) {
    out.serialPorts = { error: (error as Error).message };
  }
  return out;
}

async function status(): Promise<Json> {
  // A tool is its own composition root: without a settings file it shows the demo's simulators.
  const settings = loadDeviceSettings(process.env, !process.env.MADOGUCHI_DEVICES);
  const simulators = demoSimulators(process.env.MADOGUCHI_TENANT_ID ?? '212113');
  const created = await createDeviceStation(settings, { now: () => new Date(), simulators });
  try {
    // Give the printer its first status look (status requests only).
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { settings: { cardReader: settings.cardReader.driver, scanner: settings.scanner.driver, printer: settings.printer.driver }, devices: created.station.snapshot() };
  } finally {
    await created.close();
  }
}

async function testPrint(address: string | undefined): Promise<Json> {
  if (!address) throw new Usage('test-print needs a printer address, e.g. tcp://127.0.0.1:9100');
  const target = parsePrinterAddress(address);
  const slip = buildQueueTicket({
    officeName: '印刷テスト / Test print',
    ticketNumber: 'TEST',
    counterName: 'Madoguchi',
    issuedAt: new Date().toISOString(),
    waitingCount: 0,
    statusToken: randomUUID().replace(/-/g, ''),
    resident: { lang: 'vi', line: 'Kiểm tra máy in — नेपाली — 中文 — 한국어' },
  });
  const started = performance.now();
  const result = await escposJobPrinter(target, {})(slip.markup, { beforeSend: async () => undefined });
  return {
    address,
    outcome: result.outcome,
    status: result.status,
    warnings: result.warnings,
    ...(result.error ? { error: { code: result.error.code, params: result.error.params } } : {}),
    bytesSent: result.bytesSent,
    ms: Math.round(performance.now() - started),
  };
}

async function readCard(wanted: string | undefined): Promise<Json> {
  const pcsc = PcscDriver.open();
  try {
    const reader = pcsc.listReaders().find((r) => (wanted ? r.name.includes(wanted) : r.cardPresent)) ?? pcsc.listReaders()[0];
    if (!reader) return { error: { code: 'reader_missing', params: {} } };
    const connection = await pcsc.connect(reader.name);
    try {
      const kind = await detectCardKind(connection);
      const out: Json = { reader: reader.name, atr: Buffer.from(connection.atr).toString('hex').toUpperCase(), kind };
      if (kind === 'staff') out.uid = await readCardUid(connection);
      if (kind === 'mynumber') {
        const ap = new MyNumberTextAp(connection);
        await ap.selectApplication();
        out.pin = await ap.pinStatus();
      }
      return out;
    } finally {
      await connection.disconnect('reset');
    }
  } finally {
    await pcsc.close();
  }
}

async function mrz(): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw new Usage('mrz reads the MRZ lines from stdin');
  return { mrz: parseMrz(text) };
}

class Usage extends Error {}

function errorOf(error: unknown): Json {
  return isDeviceError(error) ? { code: error.code, params: error.params } : { code: 'internal', message: (error as Error).message };
}

const [command, argument] = process.argv.slice(2);
const commands: Record<string, () => Promise<Json>> = { list, status, 'test-print': () => testPrint(argument), 'read-card': () => readCard(argument), mrz };
const run = command ? commands[command] : undefined;
if (!run) {
  process.stderr.write(`usage: npm run devices -- <${Object.keys(commands).join('|')}> [argument]\n`);
  process.exit(2);
}
try {
  const answer = await run();
  process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  // A test print that did not print, or a read that found no reader, is a failure for IT's scripts too.
  process.exit(answer.error || (answer.outcome !== undefined && answer.outcome !== 'confirmed') ? 1 : 0);
} catch (error) {
  if (error instanceof Usage) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify({ error: errorOf(error) }, null, 2)}\n`);
  process.exit(isDeviceError(error) ? 1 : 3);
}
