import { useEffect } from 'react';
import { WedgeScanDetector, type WedgeLayout } from '../../../shared/devices/keyboard-wedge';

/**
 * Keyboard-wedge scanners type into whatever has focus. This listens to every key of the staff window (capture
 * phase) and decodes bursts by physical key position (so neither the OS layout nor the IME changes the text). It
 * never holds a key back while it cannot tell: every key reaches the focused field as typed, so a clerk typing
 * fast loses nothing, and Tab, auto-repeat, paste (no keydown at all) and IME composition work as usual. Only when
 * a burst ends with Enter and its text is recognisably a scan (shared/devices/keyboard-wedge) is the scanned text
 * taken back out of the field it was typed into, that Enter kept from the page (no form submission) and the scan
 * handed to `onScan`. Shortcuts (Ctrl/Alt/Meta) never count. HID POS scanners, read by the host, need none of this.
 */
export function useWedgeScanner(layout: WedgeLayout | null, onScan: (text: string) => void): void {
  useEffect(() => {
    if (!layout) return;
    const detector = new WedgeScanDetector({ layout });
    // The focused field as it was before the current burst's first key.
    let before: FieldState | null = null;
    const listener = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      const outcome = detector.push({ code: event.code, shiftKey: event.shiftKey, timeStamp: event.timeStamp, repeat: event.repeat });
      // keydown comes before the key's character lands, so this is the field without the burst.
      if (outcome.startsBurst) before = fieldState(document.activeElement);
      if (outcome.action === 'type') return;
      event.preventDefault();
      event.stopPropagation();
      if (outcome.action !== 'scan') return;
      const field = before;
      before = null;
      if (field) {
        // With an IME on, the scanner's characters sit in a composition that this Enter commits: put the field
        // back once it has (unverified on real hardware, like the IME case in keyboard-wedge.ts).
        if (event.isComposing || event.key === 'Process') restoreAfterComposition(field);
        else restore(field);
      }
      onScan(outcome.scan.text);
    };
    window.addEventListener('keydown', listener, true);
    // Says the scanner is being listened to (diagnostics and the e2e tests wait for it).
    document.body.dataset.wedgeScanner = layout;
    return () => {
      detector.reset();
      window.removeEventListener('keydown', listener, true);
      delete document.body.dataset.wedgeScanner;
    };
  }, [layout, onScan]);
}

interface FieldState {
  readonly element: HTMLInputElement | HTMLTextAreaElement;
  readonly value: string;
  readonly selection: readonly [number, number] | null;
}

function fieldState(element: Element | null): FieldState | null {
  if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) return null;
  // selectionStart is null for inputs without a text selection (checkbox, date…).
  const { selectionStart, selectionEnd } = element;
  return { element, value: element.value, selection: selectionStart === null || selectionEnd === null ? null : [selectionStart, selectionEnd] };
}

/**
 * Puts the field's value and selection back. Through the native value setter and an input event, as typing
 * does, so React's onChange sees it (a plain `element.value = …` would be undone by React on the next render).
 */
function restore({ element, value, selection }: FieldState): void {
  if (!element.isConnected || element.value === value) return;
  const prototype = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(element, value);
  element.dispatchEvent(new Event('input', { bubbles: true }));
  if (selection) element.setSelectionRange(selection[0], selection[1]);
}

function restoreAfterComposition(field: FieldState): void {
  const done = () => {
    clearTimeout(timer);
    field.element.removeEventListener('compositionend', onEnd);
    // The committed text's input event comes right after compositionend.
    setTimeout(() => restore(field), 0);
  };
  const onEnd = () => done();
  field.element.addEventListener('compositionend', onEnd, { once: true });
  // No compositionend (the IME was not composing after all): restore now rather than never.
  const timer = setTimeout(done, 300);
}
