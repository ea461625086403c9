import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeNodeHid } from '../scan/fake-node-hid';
import { HID_POS_USAGE_PAGE } from '../scan/hid-scanner';
import type { UsbHotplugEmitter } from '../scan/hotplug';
import { DeviceSettingsError, NO_DEVICES } from '../settings';
import { createDeviceStation } from './create';

const context = { now: () => new Date('2026-11-27T00:00:00Z') };

/** The station as a workstation's settings build it, with the real node-hid and hot-plug signal of this OS. */
describe('createDeviceStation with a HID POS scanner', () => {
  it('enumerates through node-hid, says which hot-plug signal it uses, and enumerates again on "search again"', async () => {
    const created = await createDeviceStation({ ...NO_DEVICES, scanner: { driver: 'hid', allow: [{ vendorId: 0x05e0, productId: 0x1200 }] } }, context);
    try {
      const changes: string[] = [];
      created.station.onChange((view) => changes.push(`${view.scanner.status}/${view.scanner.hotplug}`));
      const refreshed = await created.station.refresh();
      // No scanner is attached to this machine: the driver answers "none", not an error.
      assert.equal(refreshed.scanner.driver, 'hid');
      assert.equal(refreshed.scanner.status, 'none');
      // Linux watches /dev/hidraw* (or, where /dev cannot be watched, the usb module's events).
      assert.ok(refreshed.scanner.hotplug === 'hidraw' || refreshed.scanner.hotplug === 'usb', String(refreshed.scanner.hotplug));
      assert.ok(changes.length >= 1, 'a refresh tells the staff window');
      assert.equal(refreshed.printer.status, 'disabled');
    } finally {
      await created.close();
    }
  });

  it('keyboard-wedge and absent scanners report no hot-plug signal: the OS handles them as keyboards', async () => {
    const created = await createDeviceStation({ ...NO_DEVICES, scanner: { driver: 'wedge', layout: 'us' } }, context);
    try {
      assert.deepEqual((await created.station.refresh()).scanner, { status: 'ready', driver: 'wedge', wedgeLayout: 'us', hotplug: null });
    } finally {
      await created.close();
    }
  });

  it('a scanner plugged in later is found on the USB attach event and reads; pulled out, it is gone', async () => {
    const hid = fakeNodeHid([]);
    let attach: ((device: unknown) => void) | undefined;
    let detach: ((handle: string) => void) | undefined;
    const usb: UsbHotplugEmitter = {
      addAttach: async (callback) => void (attach = callback),
      addDetach: async (callback) => void (detach = callback),
      removeAttach: async () => void (attach = undefined),
      removeDetach: async () => void (detach = undefined),
    };
    const created = await createDeviceStation(
      { ...NO_DEVICES, scanner: { driver: 'hid', allow: [] } },
      { ...context, loadNodeHid: async () => hid, hotplug: { platform: 'win32', loadUsb: async () => usb, debounceMs: 5, settleMs: 50 } },
    );
    const until = async (check: () => boolean, what: string) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.ok(check(), what);
    };
    try {
      await until(() => created.station.snapshot().scanner.hotplug === 'usb', 'watching USB events');
      assert.equal(created.station.snapshot().scanner.status, 'none');
      const scans: string[] = [];
      created.station.onScan((scan) => scans.push(scan.kind === 'barcode' ? scan.text : scan.kind));

      hid.devices = [{ vendorId: 0x0c2e, productId: 0x0b87, path: '\\\\?\\hid#vid_0c2e', usagePage: HID_POS_USAGE_PAGE, product: 'Scanner' }];
      attach!({ vendorId: 0x0c2e });
      await until(() => created.station.snapshot().scanner.status === 'ready', 'found after the attach event');
      hid.opened.values().next().value!.scan('4912345678904', ']E0');
      await until(() => scans.length === 1, 'the scan reached the station');
      assert.deepEqual(scans, ['4912345678904']);

      hid.devices = [];
      detach!('1-2');
      await until(() => created.station.snapshot().scanner.status === 'none', 'gone after the detach event');
    } finally {
      await created.close();
    }
    assert.equal(attach, undefined, 'unsubscribed on close');
  });
});

describe('createDeviceStation without the demo', () => {
  it('refuses settings that ask for a simulator: production builds have none to offer', async () => {
    for (const settings of [
      { ...NO_DEVICES, cardReader: { driver: 'simulator' as const } },
      { ...NO_DEVICES, printer: { driver: 'simulator' as const, cpl: 48 } },
    ]) {
      await assert.rejects(createDeviceStation(settings, context), (error: Error) => error instanceof DeviceSettingsError && /only in the demo/.test(error.message));
    }
  });
});
