import { useEffect } from 'react';
import { WedgeScanDetector, type WedgeLayout } from '../../../shared/devices/keyboard-wedge';

/**
 * Keyboard-wedge scanners type into whatever has focus. This listens to every key of the staff window (capture
 * phase), decodes bursts by physical key position (so neither the OS layout nor the IME changes the text), and
 * hands a finished scan to `onScan`. Keys that arrive within a burst are kept out of the focused field; the
 * first key of a burst cannot be told from typing and may reach it (a known limit of keyboard mode — HID POS
 * scanners, read by the host, have none).
 */
export function useWedgeScanner(layout: WedgeLayout | null, onScan: (text: string) => void): void {
  useEffect(() => {
    if (!layout) return;
    const maxGapMs = 30;
    const detector = new WedgeScanDetector({ layout, maxGapMs });
    let last = -Infinity;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deliver = (scan: { text: string } | undefined) => {
      if (scan && scan.text.length >= 8) onScan(scan.text);
    };
    const listener = (event: KeyboardEvent) => {
      const key = { code: event.code, shiftKey: event.shiftKey, timeStamp: event.timeStamp, ctrlKey: event.ctrlKey, altKey: event.altKey, metaKey: event.metaKey, repeat: event.repeat };
      const inBurst = event.timeStamp - last <= maxGapMs;
      last = event.timeStamp;
      if (inBurst) {
        event.preventDefault();
        event.stopPropagation();
      }
      deliver(detector.push(key));
      clearTimeout(timer);
      timer = setTimeout(() => deliver(detector.flush(performance.now())), maxGapMs * 4);
    };
    window.addEventListener('keydown', listener, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', listener, true);
    };
  }, [layout, onScan]);
}
