import { useEffect } from 'react';
import { WedgeScanDetector, type WedgeLayout } from '../../../shared/devices/keyboard-wedge';

/**
 * Keyboard-wedge scanners type into whatever has focus. This listens to every key of the staff window (capture
 * phase), decodes bursts by physical key position (so neither the OS layout nor the IME changes the text), and
 * hands a finished scan to `onScan`. Once keys arrive faster than a person types, they are kept out of the
 * focused field; the first few keys of a burst cannot be told from typing and may reach it (a known limit of
 * keyboard mode — HID POS scanners, read by the host, have none). Shortcuts and modifier keys never count.
 */
const MODIFIERS = new Set(['ShiftLeft', 'ShiftRight', 'ControlLeft', 'ControlRight', 'AltLeft', 'AltRight', 'MetaLeft', 'MetaRight', 'CapsLock']);

export function useWedgeScanner(layout: WedgeLayout | null, onScan: (text: string) => void): void {
  useEffect(() => {
    if (!layout) return;
    const maxGapMs = 30;
    const detector = new WedgeScanDetector({ layout, maxGapMs });
    let last = -Infinity;
    let run = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deliver = (scan: { text: string } | undefined) => {
      if (scan && scan.text.length >= 8) onScan(scan.text);
    };
    const listener = (event: KeyboardEvent) => {
      // Shortcuts (Alt+→ …) and modifier keys are the clerk's, never a scanner's text: not part of any burst.
      if (event.ctrlKey || event.altKey || event.metaKey || MODIFIERS.has(event.code)) return;
      const key = { code: event.code, shiftKey: event.shiftKey, timeStamp: event.timeStamp, repeat: event.repeat };
      run = event.timeStamp - last <= maxGapMs ? run + 1 : 0;
      last = event.timeStamp;
      // Only a run of several keys each within the gap is a scanner (a fast typist's rollover gives one or
      // two); from then on the keys are kept out of the focused field.
      if (run >= 3) {
        event.preventDefault();
        event.stopPropagation();
      }
      deliver(detector.push(key));
      clearTimeout(timer);
      timer = setTimeout(() => deliver(detector.flush(performance.now())), maxGapMs * 4);
    };
    window.addEventListener('keydown', listener, true);
    // Says the scanner is being listened to (diagnostics and the e2e tests wait for it).
    document.body.dataset.wedgeScanner = layout;
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', listener, true);
      delete document.body.dataset.wedgeScanner;
    };
  }, [layout, onScan]);
}
