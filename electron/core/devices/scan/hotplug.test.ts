import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { watchHidHotplug, type UsbHotplugEmitter } from './hotplug';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fakeWatch() {
  const state: { path?: string; listener?: (event: string, filename: string | null) => void; closed: boolean } = { closed: false };
  const watch = (path: string, listener: (event: string, filename: string | Buffer | null) => void) => {
    state.path = path;
    state.listener = listener as (event: string, filename: string | null) => void;
    return { close: () => void (state.closed = true), on: () => undefined } as never;
  };
  return { state, watch };
}

/** The `usb` package's native emitter as this module uses it: one attach and one detach callback. */
class FakeUsb implements UsbHotplugEmitter {
  attach: ((device: unknown) => void) | null = null;
  detach: ((handle: string) => void) | null = null;
  failAttach = false;
  async addAttach(callback: (device: unknown) => void) {
    if (this.failAttach) throw new Error('libusb: hotplug not supported');
    this.attach = callback;
  }
  async addDetach(callback: (handle: string) => void) {
    this.detach = callback;
  }
  async removeAttach() {
    this.attach = null;
  }
  async removeDetach() {
    this.detach = null;
  }
}

describe('HID hot-plug', () => {
  it('on Linux refreshes once per burst of /dev/hidraw* changes, ignores other device nodes, and stops on close', async () => {
    const { state, watch } = fakeWatch();
    let refreshes = 0;
    const hotplug = watchHidHotplug(() => refreshes++, { platform: 'linux', watch, debounceMs: 20, loadUsb: () => assert.fail('Linux watches /dev') });
    assert.equal(await hotplug.ready, 'hidraw');
    assert.equal(state.path, '/dev');
    state.listener!('rename', 'ttyUSB0');
    state.listener!('rename', 'hidraw3');
    state.listener!('rename', 'hidraw4');
    await sleep(60);
    assert.equal(refreshes, 1);
    state.listener!('rename', 'hidraw3');
    await hotplug.stop();
    await sleep(60);
    assert.equal(refreshes, 1, 'nothing after close');
    assert.equal(state.closed, true);
  });

  it('on Windows and macOS refreshes on USB attach (again once the HID driver has settled) and on detach', async () => {
    const usb = new FakeUsb();
    let refreshes = 0;
    const hotplug = watchHidHotplug(() => refreshes++, { platform: 'win32', loadUsb: async () => usb, debounceMs: 10, settleMs: 300 });
    assert.equal(await hotplug.ready, 'usb');
    // A composite scanner attaches as several USB events at once: one refresh for the burst…
    usb.attach!({ vendorId: 0x05e0 });
    usb.attach!({ vendorId: 0x05e0 });
    await sleep(100);
    assert.equal(refreshes, 1);
    // …and one more when Windows has had time to bind the HID driver.
    await sleep(300);
    assert.equal(refreshes, 2);
    usb.detach!('1-1.2');
    await sleep(100);
    assert.equal(refreshes, 3, 'a detach needs no settling: the device is gone');
    await hotplug.stop();
    assert.equal(usb.attach, null, 'unsubscribed, so the native hot-plug thread can end');
    assert.equal(usb.detach, null);
  });

  it('a refresh that throws does not reach the native callback', async () => {
    const usb = new FakeUsb();
    const hotplug = watchHidHotplug(() => {
      throw new Error('enumeration failed');
    }, { platform: 'darwin', loadUsb: async () => usb, debounceMs: 1, settleMs: 5 });
    await hotplug.ready;
    usb.attach!({});
    await sleep(20);
    await hotplug.stop();
  });

  it('falls back to USB events on Linux when /dev cannot be watched', async () => {
    const usb = new FakeUsb();
    const hotplug = watchHidHotplug(() => undefined, {
      platform: 'linux',
      watch: () => {
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      },
      loadUsb: async () => usb,
    });
    assert.equal(await hotplug.ready, 'usb');
    await hotplug.stop();
  });

  it('says "none" when the usb module is missing or refuses hot-plug, and leaves nothing subscribed', async () => {
    const missing = watchHidHotplug(() => assert.fail('no refresh'), {
      platform: 'win32',
      loadUsb: async () => {
        throw Object.assign(new Error("Cannot find module 'usb'"), { code: 'ERR_MODULE_NOT_FOUND' });
      },
    });
    assert.equal(await missing.ready, 'none');
    await missing.stop();

    const usb = new FakeUsb();
    usb.failAttach = true;
    const refused = watchHidHotplug(() => assert.fail('no refresh'), { platform: 'win32', loadUsb: async () => usb });
    assert.equal(await refused.ready, 'none');
    assert.equal(usb.detach, null);
    await refused.stop();
  });

  it('stopped before watching started: subscribes nothing', async () => {
    const usb = new FakeUsb();
    const hotplug = watchHidHotplug(() => assert.fail('no refresh'), { platform: 'win32', loadUsb: async () => usb });
    await hotplug.stop();
    assert.equal(await hotplug.ready, 'none');
    assert.equal(usb.attach, null);
  });

  it('loads the real `usb` binding (napi-rs prebuild) and subscribes and unsubscribes on this machine', async () => {
    // The optional dependency: if npm could not install it the counter runs without hot-plug, but on our
    // machines it installs, and this proves the binding path and the native emitter's calls.
    const hotplug = watchHidHotplug(() => undefined, { platform: 'win32' });
    assert.equal(await hotplug.ready, 'usb');
    await hotplug.stop();
    // The test process exiting afterwards is the proof that stop() released the native hot-plug thread.
  });
});
