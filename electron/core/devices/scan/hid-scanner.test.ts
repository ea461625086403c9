import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import Encoding from 'encoding-japanese';
import type { DeviceError } from '../../../../shared/devices/errors';
import type { LogEntry } from '../log';
import { fakeNodeHid, scannerReports, type FakeHidDevice } from './fake-node-hid';
import { HID_POS_USAGE_PAGE, HidScannerDriver, loadNodeHid, type HidDeviceInfo, type ScannerScan } from './hid-scanner';

const SCANNER: HidDeviceInfo = { vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw3', usagePage: HID_POS_USAGE_PAGE, product: 'Scanner' };
const KEYBOARD: HidDeviceInfo = { vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw2', usagePage: 0x01 };
const OTHER_MODEL: HidDeviceInfo = { vendorId: 0x1234, productId: 0x0001, path: '/dev/hidraw4', usagePage: HID_POS_USAGE_PAGE };

function setUp(devices: HidDeviceInfo[] = [SCANNER, KEYBOARD, OTHER_MODEL], partialScanTimeoutMs = 1000) {
  const hid = fakeNodeHid(devices);
  const log: LogEntry[] = [];
  const driver = new HidScannerDriver({
    allow: [{ vendorId: 0x0c2e, productId: 0x0b87 }],
    loadNodeHid: async () => hid,
    partialScanTimeoutMs,
    log: (entry) => log.push(entry),
  });
  const scans: ScannerScan[] = [];
  const errors: DeviceError[] = [];
  driver.onScan((scan) => scans.push(scan));
  driver.onError((error) => errors.push(error));
  return { hid, driver, scans, errors, log };
}

function opened(hid: ReturnType<typeof fakeNodeHid>, path: string): FakeHidDevice {
  const device = hid.opened.get(path);
  assert.ok(device, `${path} was not opened`);
  return device;
}

describe('HidScannerDriver', () => {
  it('opens only HID POS collections of allowed models', async () => {
    const { hid, driver } = setUp();
    const status = await driver.refresh();
    assert.equal(status.state, 'ready');
    assert.deepEqual(status.state === 'ready' && status.scanners.map((scanner) => scanner.path), ['/dev/hidraw3']);
    assert.deepEqual([...hid.opened.keys()], ['/dev/hidraw3']);
    await driver.close();
  });

  it('without an allow-list (omitted or empty, as in the device settings), takes every HID POS scanner', async () => {
    for (const allow of [undefined, []]) {
      const hid = fakeNodeHid([SCANNER, KEYBOARD, OTHER_MODEL]);
      const driver = new HidScannerDriver({ loadNodeHid: async () => hid, allow });
      await driver.refresh();
      assert.deepEqual([...hid.opened.keys()].sort(), ['/dev/hidraw3', '/dev/hidraw4']);
      await driver.close();
    }
  });

  it('delivers a QR code that spans several reports as one typed scan', async () => {
    const { hid, driver, scans, errors } = setUp();
    await driver.refresh();
    const text = '転入届 事前申請 '.repeat(12); // ~270 bytes of Shift_JIS: five reports
    const bytes = Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }));
    const reports = scannerReports(bytes, ']Q1');
    assert.ok(reports.length > 2);
    for (const report of reports) opened(hid, '/dev/hidraw3').emitReport(report);
    assert.deepEqual(errors, []);
    assert.equal(scans.length, 1);
    assert.equal(scans[0]!.text, text);
    assert.equal(scans[0]!.symbology, 'qr');
    assert.equal(scans[0]!.encoding, 'shift_jis');
    assert.deepEqual(scans[0]!.scanner, { vendorId: 0x0c2e, productId: 0x0b87, path: '/dev/hidraw3', product: 'Scanner' });
    await driver.close();
  });

  it('reports a broken report as scan_garbled and keeps reading', async () => {
    const { hid, driver, scans, errors, log } = setUp();
    await driver.refresh();
    const device = opened(hid, '/dev/hidraw3');
    device.emitReport(new Uint8Array(64)); // report id 0
    device.scan('4901234567894', ']E0');
    assert.deepEqual(
      errors.map((error) => error.code),
      ['scan_garbled'],
    );
    assert.deepEqual(
      scans.map((scan) => [scan.symbology, scan.text]),
      [['ean13', '4901234567894']],
    );
    // The log says what failed, never what was scanned.
    assert.ok(!JSON.stringify(log).includes('4901234567894'));
    await driver.close();
  });

  it('reports a multi-report scan whose last report never comes', async () => {
    const { hid, driver, scans, errors } = setUp(undefined, 20);
    await driver.refresh();
    opened(hid, '/dev/hidraw3').emitReport(scannerReports(new TextEncoder().encode('W'.repeat(100)))[0]!);
    await sleep(60);
    assert.deepEqual(
      errors.map((error) => error.code),
      ['scan_garbled'],
    );
    assert.deepEqual(scans, []);
    await driver.close();
  });

  it('lets go of an unplugged scanner and opens it again on the next refresh (no polling in between)', async () => {
    const { hid, driver } = setUp();
    const statuses: string[] = [];
    driver.onStatus((status) => statuses.push(status.state === 'ready' ? `ready:${status.scanners.length}` : status.state));
    await driver.refresh();
    const first = opened(hid, '/dev/hidraw3');
    hid.devices = [KEYBOARD];
    first.fail();
    await sleep(5);
    assert.equal(first.closed, true);
    assert.deepEqual(statuses, ['ready:1', 'ready:0']);

    await sleep(50);
    assert.equal(hid.enumerations, 1, 'the driver enumerates only when asked');

    hid.devices = [SCANNER, KEYBOARD];
    await driver.refresh();
    assert.notEqual(opened(hid, '/dev/hidraw3'), first);
    assert.equal(hid.enumerations, 2);
    await driver.close();
  });

  it('closes scanners that are no longer listed at a refresh', async () => {
    const { hid, driver } = setUp();
    await driver.refresh();
    hid.devices = [];
    const status = await driver.refresh();
    assert.equal(opened(hid, '/dev/hidraw3').closed, true);
    assert.deepEqual(status.state === 'ready' && status.scanners, []);
    await driver.close();
  });

  it('lists a scanner it may not open (no udev rule) as failed, without failing the rest', async () => {
    const { hid, driver } = setUp();
    hid.refuse.add('/dev/hidraw3');
    const status = await driver.refresh();
    assert.equal(status.state, 'ready');
    assert.equal(status.state === 'ready' && status.failed[0]?.scanner.path, '/dev/hidraw3');
    await driver.close();
  });

  it('reports node-hid that cannot load, or cannot enumerate, as unavailable instead of throwing', async () => {
    const unloadable = new HidScannerDriver({
      loadNodeHid: async () => {
        throw new Error('libusb-1.0.so.0: cannot open shared object file');
      },
    });
    const status = await unloadable.refresh();
    assert.equal(status.state, 'unavailable');
    assert.equal(status.state === 'unavailable' && status.reason, 'hid_module');
    assert.match(status.state === 'unavailable' ? status.detail : '', /libusb/);

    const hid = fakeNodeHid();
    hid.devicesAsync = async () => {
      throw new Error('libudev.so.1: cannot open shared object file');
    };
    const failing = new HidScannerDriver({ loadNodeHid: async () => hid });
    const second = await failing.refresh();
    assert.equal(second.state === 'unavailable' && second.reason, 'enumeration');

    const odd = fakeNodeHid();
    odd.devicesAsync = async () => null as unknown as HidDeviceInfo[];
    const confused = new HidScannerDriver({ loadNodeHid: async () => odd });
    assert.equal((await confused.refresh()).state, 'unavailable');
    await unloadable.close();
    await failing.close();
    await confused.close();
  });

  it('keeps going when a listener throws', async () => {
    const { hid, driver, scans } = setUp();
    driver.onScan(() => {
      throw new Error('a bug in the page');
    });
    await driver.refresh();
    opened(hid, '/dev/hidraw3').scan('ONE');
    opened(hid, '/dev/hidraw3').scan('TWO');
    assert.deepEqual(
      scans.map((scan) => scan.text),
      ['ONE', 'TWO'],
    );
    await driver.close();
  });

  it('closes cleanly: devices closed, later reports ignored, a second close harmless', async () => {
    const { hid, driver, scans } = setUp();
    await driver.refresh();
    const device = opened(hid, '/dev/hidraw3');
    await driver.close();
    assert.equal(device.closed, true);
    assert.equal(device.listenerCount('data'), 0);
    device.emit('data', Buffer.from(scannerReports(new TextEncoder().encode('LATE'))[0]!));
    assert.deepEqual(scans, []);
    assert.equal(driver.status.state, 'closed');
    await driver.close();
    assert.equal((await driver.refresh()).state, 'closed');
  });

  it('finds the real node-hid API without touching a device', async () => {
    const api = await loadNodeHid();
    assert.equal(typeof api.devicesAsync, 'function');
    assert.equal(typeof api.HIDAsync.open, 'function');
  });
});
