import { watch as fsWatch, type FSWatcher } from 'node:fs';

export interface HotplugOptions {
  platform?: NodeJS.Platform;
  /** node:fs watch (tests pass a fake). */
  watch?: (path: string, listener: (event: string, filename: string | Buffer | null) => void) => Pick<FSWatcher, 'close' | 'on'>;
  /** Attach and detach come as bursts of device nodes: one refresh per burst. */
  debounceMs?: number;
}

/**
 * Scanner hot-plug without polling USB (enumeration is a full bus scan, costly and never to be looped): on
 * Linux the kernel creates and removes /dev/hidraw* nodes as HID devices come and go, so a watch on /dev
 * tells when to enumerate again. Elsewhere there is no such cheap signal yet; the driver is refreshed at
 * start and from diagnostics. Returns the function that stops watching.
 */
export function watchHidHotplug(onChange: () => void, options: HotplugOptions = {}): () => void {
  if ((options.platform ?? process.platform) !== 'linux') return () => undefined;
  const debounceMs = options.debounceMs ?? 300;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: Pick<FSWatcher, 'close' | 'on'>;
  try {
    watcher = (options.watch ?? fsWatch)('/dev', (_event, filename) => {
      if (!String(filename ?? '').startsWith('hidraw')) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    });
  } catch {
    return () => undefined; // no /dev to watch (a container without devices): nothing will ever plug in
  }
  watcher.on('error', () => undefined);
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
