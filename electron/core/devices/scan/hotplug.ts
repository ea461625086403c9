import { watch as fsWatch, type FSWatcher } from 'node:fs';

/** Where the "something was plugged in or pulled out" signal comes from (shown in diagnostics). */
export type HotplugSignal = 'hidraw' | 'usb' | 'none';

/**
 * The part of the `usb` package (3.x, node-usb-rs: N-API prebuilds from napi-rs, so one binary loads in Node
 * and Electron) used here: its native `Emitter`. The package's WebUSB wrapper (`usb.addEventListener`) is
 * not used on purpose: it starts an enumeration whose rejection nobody catches and rethrows native errors from
 * a timer, and either would take the whole host down on a machine whose USB stack misbehaves.
 */
export interface UsbHotplugEmitter {
  addAttach(callback: (device: unknown) => void): Promise<void>;
  addDetach(callback: (handle: string) => void): Promise<void>;
  removeAttach(): Promise<void>;
  removeDetach(): Promise<void>;
}

export interface HotplugOptions {
  platform?: NodeJS.Platform;
  /** node:fs watch (tests pass a fake). */
  watch?: (path: string, listener: (event: string, filename: string | Buffer | null) => void) => Pick<FSWatcher, 'close' | 'on'>;
  /** Loads the `usb` package's native emitter (tests pass a fake). Default: the optional `usb` dependency. */
  loadUsb?: () => Promise<UsbHotplugEmitter>;
  /** Attach and detach come as bursts (device nodes, interfaces): one refresh per burst. */
  debounceMs?: number;
  /**
   * A USB attach is seen before the OS has bound its HID driver (on Windows the first plug of a model even
   * installs it), so node-hid may not list the scanner yet at the first refresh: one more refresh this long
   * after the last USB event catches it. Not a poll: it happens once per burst.
   */
  settleMs?: number;
}

export interface HotplugWatch {
  /** Resolves once watching has started (or could not), with the signal in use. */
  readonly ready: Promise<HotplugSignal>;
  /** Stops watching; resolves once the native subscription (if any) is released. */
  stop(): Promise<void>;
}

async function loadUsbEmitter(): Promise<UsbHotplugEmitter> {
  // The package root is the napi-rs binding itself; `usb`'s main entry is the WebUSB wrapper avoided above.
  const binding = (await import('usb/index.js')) as unknown as { Emitter?: new () => UsbHotplugEmitter; default?: { Emitter?: new () => UsbHotplugEmitter } };
  const Emitter = binding.Emitter ?? binding.default?.Emitter;
  if (!Emitter) throw new Error('usb: no native Emitter');
  return new Emitter();
}

/**
 * Scanner hot-plug without polling USB (enumeration is a full bus scan, costly and never to be looped): the
 * driver enumerates again only when the OS says a device came or went.
 *   - Linux: the kernel creates and removes /dev/hidraw* nodes as HID devices come and go, and a node exists
 *     only once the HID driver is bound (exactly when node-hid can open it), so a watch on /dev is the most
 *     precise signal and needs no native module.
 *   - Windows and macOS (and Linux without a watchable /dev): the `usb` package's attach/detach events.
 *   - Neither available (the optional module missing or the USB stack refusing): no hot-plug; the scanner is
 *     enumerated at start and when a clerk asks from the devices panel, and diagnostics say so.
 */
export function watchHidHotplug(onChange: () => void, options: HotplugOptions = {}): HotplugWatch {
  const debounceMs = options.debounceMs ?? 300;
  const settleMs = options.settleMs ?? 2000;
  let stopped = false;
  let burst: ReturnType<typeof setTimeout> | undefined;
  let settle: ReturnType<typeof setTimeout> | undefined;
  const changed = (): void => {
    try {
      onChange();
    } catch {
      // a refresh failure is the driver's to report (its status); it must not reach a native callback
    }
  };
  const schedule = (late: boolean): void => {
    if (stopped) return;
    clearTimeout(burst);
    burst = setTimeout(changed, debounceMs);
    if (late) {
      clearTimeout(settle);
      settle = setTimeout(changed, settleMs);
    }
  };
  const clearTimers = (): void => {
    clearTimeout(burst);
    clearTimeout(settle);
  };

  if ((options.platform ?? process.platform) === 'linux') {
    try {
      const watcher = (options.watch ?? fsWatch)('/dev', (_event, filename) => {
        if (String(filename ?? '').startsWith('hidraw')) schedule(false);
      });
      watcher.on('error', () => undefined);
      return {
        ready: Promise.resolve('hidraw'),
        stop: async () => {
          stopped = true;
          clearTimers();
          watcher.close();
        },
      };
    } catch {
      // no /dev to watch (a container, a locked-down sandbox): try USB events below
    }
  }

  let emitter: UsbHotplugEmitter | undefined;
  const ready = (async (): Promise<HotplugSignal> => {
    try {
      const loaded = await (options.loadUsb ?? loadUsbEmitter)();
      if (stopped) return 'none';
      emitter = loaded;
      await loaded.addAttach(() => schedule(true));
      await loaded.addDetach(() => schedule(false));
      if (stopped) {
        await release(loaded);
        return 'none';
      }
      return 'usb';
    } catch {
      if (emitter) await release(emitter);
      emitter = undefined;
      return 'none';
    }
  })();
  return {
    ready,
    stop: async () => {
      stopped = true;
      clearTimers();
      // Unsubscribing lets the native hot-plug thread end, so the process can exit.
      await ready;
      if (emitter) await release(emitter);
      emitter = undefined;
    },
  };
}

async function release(emitter: UsbHotplugEmitter): Promise<void> {
  await emitter.removeAttach().catch(() => undefined);
  await emitter.removeDetach().catch(() => undefined);
}
