/**
 * A stand-in for the node-hid module at exactly the boundary hid-scanner.ts uses (`devicesAsync`,
 * `HIDAsync.open`, 'data' / 'error' events, `close`), plus a scanner's side: splitting a scan into HID POS reports.
 * Unit tests and the hardware-free demo use it; real scanners never pass through here.
 */
import { EventEmitter } from 'node:events';
import type { HidDeviceInfo, HidInputDevice, NodeHidApi } from './hid-scanner';
import { HID_POS_MAX_DATA_BYTES, HID_POS_REPORT_BYTES, HID_POS_SCANNED_DATA_REPORT_ID } from './hid-pos';

/** Splits scan data into 64-byte scanned-data reports the way an HID POS scanner does. */
export function scannerReports(data: Uint8Array, aim = ']Q1'): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (let offset = 0; offset === 0 || offset < data.length; offset += HID_POS_MAX_DATA_BYTES) {
    const chunk = data.subarray(offset, offset + HID_POS_MAX_DATA_BYTES);
    const report = new Uint8Array(HID_POS_REPORT_BYTES);
    report[0] = HID_POS_SCANNED_DATA_REPORT_ID;
    report[1] = chunk.length;
    for (let i = 0; i < 3 && i < aim.length; i++) report[2 + i] = aim.charCodeAt(i);
    report.set(chunk, 5);
    report[61] = 0x3f; // a vendor code id, as Honeywell sends; the driver ignores it
    report[63] = offset + HID_POS_MAX_DATA_BYTES < data.length ? 1 : 0;
    reports.push(report);
  }
  return reports;
}

/** One opened fake device, an EventEmitter like node-hid's HIDAsync. */
export class FakeHidDevice extends EventEmitter implements HidInputDevice {
  closed = false;

  constructor(readonly path: string) {
    super();
  }

  /** The scanner sends one input report (node-hid hands out Buffers). */
  emitReport(report: Uint8Array): void {
    if (!this.closed) this.emit('data', Buffer.from(report));
  }

  /** The scanner reads a code: all its reports, in order. */
  scan(data: Uint8Array | string, aim = ']Q1'): void {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    for (const report of scannerReports(bytes, aim)) this.emitReport(report);
  }

  /** What node-hid does when the device is unplugged mid-read. */
  fail(message = 'could not read from HID device'): void {
    this.emit('error', new Error(message));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export interface FakeNodeHid extends NodeHidApi {
  /** What `devicesAsync` answers; change it to simulate plugging and unplugging. */
  devices: HidDeviceInfo[];
  /** Every device opened so far, by path (the latest one per path). */
  readonly opened: Map<string, FakeHidDevice>;
  /** Paths whose open fails, like a hidraw node without a udev rule. */
  readonly refuse: Set<string>;
  enumerations: number;
}

export function fakeNodeHid(devices: HidDeviceInfo[] = []): FakeNodeHid {
  const fake: FakeNodeHid = {
    devices,
    opened: new Map(),
    refuse: new Set(),
    enumerations: 0,
    async devicesAsync() {
      fake.enumerations++;
      return fake.devices.map((device) => ({ ...device }));
    },
    HIDAsync: {
      async open(path: string) {
        if (fake.refuse.has(path) || !fake.devices.some((device) => device.path === path)) {
          throw new Error(`cannot open device with path ${path}`);
        }
        const device = new FakeHidDevice(path);
        fake.opened.set(path, device);
        return device;
      },
    },
  };
  return fake;
}
